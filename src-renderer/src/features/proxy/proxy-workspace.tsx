/** The main area for the proxy: a saved proxy's live view, or an opened recording's or replay's log. */
import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { useProxies } from '../../stores/proxy-store';
import { useUi } from '../../stores/ui-store';
import './proxy.css';
import { LogOnlyView } from './log-only-view';
import { ProxyView } from './proxy-view';

export function ProxyWorkspace({ id }: { id: string }) {
  const proxy = useProxies((s) => s.proxies.find((p) => p.definition.id === id));
  const log = useProxies((s) => s.logs[id]);
  // The dock below serves connections (composer, wire log): fold it away to give the proxy's log
  // and its controls the room; one click brings it back.
  useEffect(() => {
    if (useUi.getState().dockOpen) useUi.getState().setDock(false);
  }, []);
  if (proxy) return <ProxyView proxy={proxy} />;
  // Keyed: what is marked for a replay belongs to its recording's log only.
  if (log) return <LogOnlyView key={id} logId={id} />;
  return (
    <EmptyState title="Nothing to show">
      <p>This proxy or log is gone: pick one in the rail.</p>
    </EmptyState>
  );
}
