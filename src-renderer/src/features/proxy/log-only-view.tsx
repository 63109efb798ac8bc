/**
 * A recording re-opened offline, or a replay's log: the same log and inspector as a live proxy,
 * nothing to hold. In a recording, the client's frames can be marked to leave out of a replay or
 * edited for it; Replay… sends the rest against a broker.
 */
import { useState } from 'react';
import type { ProxyFrameDetail } from '../../../../src-core/api';
import { useProxies, type ReplayInput } from '../../stores/proxy-store';
import { useWorkspace } from '../../stores/workspace-store';
import { Panes } from '../workspace/panes';
import { ConnectionsList } from './connections-list';
import { EditFrameDialog } from './edit-frame-dialog';
import { FrameInspector } from './frame-inspector';
import { FrameLog } from './frame-log';
import { ReplayDialog } from './replay-dialog';

type Edit = NonNullable<ReplayInput['edits']>[number];

export function LogOnlyView({ logId }: { logId: string }) {
  const log = useProxies((s) => s.logs[logId]);
  const [edits, setEdits] = useState<Edit[]>([]);
  const [editing, setEditing] = useState<ProxyFrameDetail>();
  const [replaying, setReplaying] = useState(false);
  if (!log) return null;
  const view = log.view;
  const keyOf = (e: { connection: number; frameSeq: number }) => `${e.connection}:${e.frameSeq}`;
  const markOf = (d: ProxyFrameDetail) => edits.find((e) => keyOf(e) === keyOf(d));
  const setEdit = (d: ProxyFrameDetail, edit: Edit | undefined) => setEdits([...edits.filter((e) => keyOf(e) !== keyOf(d)), ...(edit ? [edit] : [])]);

  const actions =
    view.kind === 'recording'
      ? (d: ProxyFrameDetail) =>
          d.direction === 'client-to-broker' ? (
            <span className="proxy-replay-marks">
              {markOf(d) ? <span className="chip chip-warn">{markOf(d)!.action === 'drop' ? 'left out of replay' : 'edited for replay'}</span> : null}
              <button type="button" className="small" onClick={() => setEdit(d, markOf(d)?.action === 'drop' ? undefined : { connection: d.connection, frameSeq: d.frameSeq, action: 'drop' })}>
                {markOf(d)?.action === 'drop' ? 'Keep in replay' : 'Leave out of replay'}
              </button>
              <button type="button" className="small" onClick={() => setEditing(d)}>
                Edit for replay…
              </button>
            </span>
          ) : null
      : undefined;

  return (
    <div className="connection-view proxy-view">
      <section className="connection-header" aria-label={`${view.kind === 'replay' ? 'Replay' : 'Recording'} ${view.label}`}>
        <div className="facts facts-line" role="status" aria-label="Log state">
          <span className="chip">{view.kind === 'replay' ? (view.running ? 'replaying…' : 'replay finished') : 'offline recording'}</span>
          <span className="ellipsis">{view.label}</span>
          <span className="muted">
            {view.connections.length} connection(s) · {view.total.toLocaleString()} entries
          </span>
          {edits.length ? <span className="chip chip-warn">{edits.length} marked for replay</span> : null}
        </div>
        <div className="header-actions">
          {view.kind === 'recording' ? (
            <button type="button" className="primary" disabled={!view.recordingId} onClick={() => setReplaying(true)}>
              Replay…
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => {
              void useProxies.getState().closeLog(logId);
              useWorkspace.getState().show(undefined);
            }}
          >
            Close log
          </button>
        </div>
      </section>
      <Panes
        id="proxy-log"
        left={<ConnectionsList connections={view.connections} />}
        middle={
          <section className="pane" aria-label="Proxy log">
            <FrameLog logId={logId} />
          </section>
        }
        right={<FrameInspector logId={logId} actions={actions} />}
      />
      <EditFrameDialog
        open={editing !== undefined}
        title={editing ? `Edit ${editing.command} for the replay` : 'Edit frame'}
        initial={editing ? { command: editing.command, headers: editing.headers, bodyBase64: editing.bodyBase64 ?? '' } : undefined}
        submitLabel="Use in replay"
        onClose={() => setEditing(undefined)}
        onSubmit={async (frame) => {
          if (editing) setEdit(editing, { connection: editing.connection, frameSeq: editing.frameSeq, action: 'edit', frame });
        }}
      />
      <ReplayDialog open={replaying} recordingId={view.recordingId} label={view.label} edits={edits} onClose={() => setReplaying(false)} />
    </div>
  );
}
