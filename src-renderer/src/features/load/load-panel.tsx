/**
 * The Load tab: start a load run against a profile's broker (on connections of its own), watch its
 * rates and latency live, stop it at any time, and read its report: sent, confirmed, received,
 * lost, duplicated, latency percentiles, and the generator's own pacing error and CPU.
 */
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { useLoad } from '../../stores/load-store';
import { checkDraft, LoadForm, type LoadDraft } from './load-form';
import './load-panel.css';
import { LoadRun } from './load-run-view';

export default function LoadPanel({ connection }: { connection: ConnectionView | undefined }) {
  const order = useLoad((s) => s.order);
  const runs = useLoad((s) => s.runs);
  const error = useLoad((s) => s.error);
  const starting = useLoad((s) => s.starting);
  const [draft, setDraft] = useState<LoadDraft>({
    profileId: connection?.profileId ?? '',
    destination: '/queue/load-test',
    rate: '1000',
    duration: '10',
    size: '100',
    connections: '1',
    receipt: true,
    receiptEvery: '1',
    consume: true,
    consumeDestination: '/queue/load-test',
    script: '',
  });
  const [problems, setProblems] = useState<ReturnType<typeof checkDraft>['problems']>({});
  useEffect(() => void useLoad.getState().load(), []);
  useEffect(() => {
    if (connection?.profileId && !draft.profileId) setDraft((d) => ({ ...d, profileId: connection.profileId }));
  }, [connection?.profileId, draft.profileId]);

  const start = () => {
    const checked = checkDraft(draft);
    setProblems(checked.problems);
    if (checked.input) void useLoad.getState().start(checked.input);
  };
  return (
    <div className="load-panel">
      <form
        aria-label="Load generator"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <LoadForm draft={draft} onChange={setDraft} problems={problems} />
        <div className="extra-row">
          <button type="submit" className="primary" disabled={starting}>
            {starting ? 'Starting…' : 'Start load'}
          </button>
          <span className="hint">Runs on connections of its own: your connection and its captures see none of it.</span>
        </div>
        <ErrorText error={error} />
      </form>
      {order.map((id) => (runs[id] ? <LoadRun key={id} run={runs[id]} /> : null))}
    </div>
  );
}
