/** Tabs across the top: one per open connection, one per imported capture. */
import { useState, type KeyboardEvent } from 'react';
import type { ConnectionState } from '../../../../src-core/api';
import { useCaptures } from '../../stores/captures-store';
import { useConnections } from '../../stores/connections-store';
import { useWorkspace, type WorkspaceTab } from '../../stores/workspace-store';
import { StateBadge } from '../../components/state-badge';
import { errorText } from '../../lib/errors';

export function WorkspaceTabs() {
  const order = useConnections((s) => s.order);
  const byId = useConnections((s) => s.byId);
  const offline = useWorkspace((s) => s.offlineTabs);
  const captures = useCaptures((s) => s.captures);
  const active = useWorkspace((s) => s.active);
  const [error, setError] = useState<string>();
  const tabs: { tab: WorkspaceTab; label: string; state?: ConnectionState }[] = [
    ...order.filter((id) => byId[id]).map((id) => ({ tab: { kind: 'connection', id } as WorkspaceTab, label: byId[id].profileName, state: byId[id].state })),
    ...offline.map((id) => ({ tab: { kind: 'capture', id } as WorkspaceTab, label: captures.find((c) => c.id === id)?.label ?? id })),
  ];
  if (!tabs.length) return null;
  const isActive = (t: WorkspaceTab) => active?.kind === t.kind && active.id === t.id;

  const onKey = (e: KeyboardEvent, index: number) => {
    if (e.key === 'Delete') {
      e.preventDefault();
      void close(tabs[index].tab);
      return;
    }
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    useWorkspace.getState().show(next.tab);
    requestAnimationFrame(() => document.getElementById(tabId(next.tab))?.focus());
  };
  const close = async (t: WorkspaceTab) => {
    setError(undefined);
    try {
      await closeTab(t);
    } catch (e) {
      setError(`Closing the tab failed: ${errorText(e)}`);
    }
  };

  // The tablist holds tabs only (ARIA): a tab's × is for the mouse; from the keyboard, Delete on the
  // tab closes it, and the tab's own header has a Close button.
  return (
    <div className="workspace-tabs">
      <div role="tablist" aria-label="Connections" className="tab-strip">
        {tabs.map(({ tab, label, state }, i) => (
          <button
            key={`${tab.kind}:${tab.id}`}
            type="button"
            role="tab"
            id={tabId(tab)}
            className={`ws-tab${isActive(tab) ? ' is-active' : ''}`}
            aria-selected={isActive(tab)}
            title={`${label} (Delete closes the tab)`}
            tabIndex={isActive(tab) || (!active && i === 0) ? 0 : -1}
            onClick={() => useWorkspace.getState().show(tab)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {state ? <StateBadge state={state} compact /> : <span className="chip">offline</span>}
            <span className="ws-tab-label">{label}</span>
            <span
              className="ws-tab-close"
              aria-hidden="true"
              title={tab.kind === 'connection' ? 'Disconnect and close' : 'Close'}
              onClick={(e) => {
                e.stopPropagation();
                void close(tab);
              }}
            >
              ×
            </span>
          </button>
        ))}
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Closes a tab: an imported capture's view, or a connection (disconnected and forgotten). */
export async function closeTab(t: WorkspaceTab): Promise<void> {
  if (t.kind === 'capture') useWorkspace.getState().closeOffline(t.id);
  else await useConnections.getState().forget(t.id);
}

function tabId(t: WorkspaceTab): string {
  return `ws-tab-${t.kind}-${t.id}`;
}
