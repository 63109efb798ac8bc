/**
 * A saved proxy: one line of facts (state, where it listens, where it forwards, recording,
 * faults), Start/Stop, Record, Edit; the connections, the live log of both directions, the frame
 * inspector; and below, the hold (rules and the frames waiting), faults, and recordings.
 */
import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { ProxyView as View } from '../../../../src-core/api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useProxies } from '../../stores/proxy-store';
import { useWorkspace } from '../../stores/workspace-store';
import { Panes } from '../workspace/panes';
import { ConnectionsList } from './connections-list';
import { describe, FaultsPanel } from './faults-panel';
import { FrameInspector } from './frame-inspector';
import { FrameLog } from './frame-log';
import { HoldQueue } from './hold-queue';
import { HoldRulesEditor } from './hold-rules-editor';
import { ProxyStateBadge } from './proxy-state-badge';
import { RecordingsPanel } from './recordings-panel';

type BottomTab = 'hold' | 'faults' | 'recordings';

export function ProxyView({ proxy }: { proxy: View }) {
  const id = proxy.definition.id;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState<BottomTab>('hold');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const layout = useDefaultLayout({ id: 'stomp-explorer.proxy', panelIds: ['live', 'controls'], storage: localStorage });
  const running = proxy.state === 'running';
  const run = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const store = useProxies.getState();
  const address = proxy.address ? `${proxy.address.host}:${proxy.address.port}` : `${proxy.definition.listenHost}:${proxy.definition.listenPort}`;

  return (
    <div className="connection-view proxy-view">
      <section className="connection-header" aria-label={`Proxy ${proxy.definition.name}`}>
        <div className="facts facts-line" role="status" aria-label="Proxy state">
          <ProxyStateBadge state={proxy.state} />
          <span className="mono">{running ? `listening on ${address}` : address}</span>
          <span aria-hidden="true">→</span>
          <span className="mono ellipsis">{proxy.upstream ?? 'upstream profile'}</span>
          {proxy.recordingId ? <span className="chip chip-warn">● recording</span> : null}
          {Object.keys(proxy.faults).length ? <span className="chip proxy-chip-bad">{describe(proxy.faults)}</span> : null}
          {proxy.held.length ? <span className="chip chip-warn">{proxy.held.length} held</span> : null}
        </div>
        <div className="header-actions">
          {running ? (
            <button type="button" disabled={busy} onClick={() => void run(() => store.stop(id))}>
              Stop proxy
            </button>
          ) : (
            <button type="button" className="primary" disabled={busy || proxy.state === 'starting'} onClick={() => void run(() => store.start(id))}>
              Start proxy
            </button>
          )}
          <button type="button" aria-pressed={proxy.recordingId !== undefined} disabled={!running || busy} onClick={() => void run(() => store.record(id, proxy.recordingId === undefined))}>
            {proxy.recordingId ? 'Stop recording' : 'Record'}
          </button>
          <button type="button" onClick={() => store.openEditor(id)}>
            Edit proxy
          </button>
          <button type="button" className="proxy-danger" onClick={() => setConfirmDelete(true)}>
            Delete proxy
          </button>
        </div>
      </section>
      {proxy.warnings.map((w) => (
        <p key={w} className="warning-line proxy-warning" role="note">
          ⚠ {w}
        </p>
      ))}
      <ErrorText error={error ?? (proxy.state === 'failed' ? proxy.error : undefined)} />
      <Group orientation="vertical" className="work-split" defaultLayout={layout.defaultLayout} onLayoutChanged={layout.onLayoutChanged}>
        <Panel id="live" minSize="160px" className="panel">
          {proxy.logId ? (
            <Panes
              id="proxy"
              left={<ConnectionsList connections={proxy.connections} onDrop={running ? (connection) => store.drop(id, connection) : undefined} />}
              middle={
                <section className="pane" aria-label="Proxy log">
                  <FrameLog logId={proxy.logId} />
                </section>
              }
              right={<FrameInspector logId={proxy.logId} />}
            />
          ) : (
            <div className="empty-state">
              <p className="empty-title">Not started yet</p>
              <p>
                Start the proxy, then point a producer at <span className="mono">{address}</span> instead of the broker.
              </p>
            </div>
          )}
        </Panel>
        <Separator className="separator separator-h" aria-label="Resize proxy controls" />
        <Panel id="controls" defaultSize="38" minSize="120px" className="panel">
          <Tabs.Root className="dock proxy-controls" value={tab} onValueChange={(v) => setTab(v as BottomTab)}>
            <div className="dock-bar">
              <Tabs.List aria-label="Proxy controls" className="dock-tabs">
                <Tabs.Trigger value="hold" className="dock-tab">
                  Hold{proxy.held.length ? ` (${proxy.held.length})` : ''}
                </Tabs.Trigger>
                <Tabs.Trigger value="faults" className="dock-tab">
                  Faults
                </Tabs.Trigger>
                <Tabs.Trigger value="recordings" className="dock-tab">
                  Recordings
                </Tabs.Trigger>
              </Tabs.List>
            </div>
            <Tabs.Content value="hold" className="dock-panel proxy-hold">
              <HoldQueue proxyId={id} held={proxy.held} logId={proxy.logId} />
              <h3 className="proxy-subheading">Hold rules</h3>
              <HoldRulesEditor rules={proxy.rules} onSave={async (rules) => void (await store.setRules(id, rules))} />
            </Tabs.Content>
            <Tabs.Content value="faults" className="dock-panel">
              <FaultsPanel proxy={proxy} />
            </Tabs.Content>
            <Tabs.Content value="recordings" className="dock-panel">
              <RecordingsPanel />
            </Tabs.Content>
          </Tabs.Root>
        </Panel>
      </Group>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete proxy ${proxy.definition.name}?`}
        description="Its connections are closed first. Its recordings stay under Recordings."
        confirmLabel="Delete proxy"
        danger
        onConfirm={async () => {
          await store.remove(id);
          useWorkspace.getState().show(undefined);
        }}
      />
    </div>
  );
}
