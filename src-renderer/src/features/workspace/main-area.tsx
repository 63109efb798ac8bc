/** The main area: workspace tabs, the active tab's view, and the dock below (resizable, collapsible). */
import { useEffect, useRef } from 'react';
import { Group, Panel, Separator, useDefaultLayout, type PanelImperativeHandle } from 'react-resizable-panels';
import type { BrokerPreset } from '../../../../src-core/api';
import { useConnections } from '../../stores/connections-store';
import { useProfiles } from '../../stores/profiles-store';
import { useUi } from '../../stores/ui-store';
import { useWorkspace } from '../../stores/workspace-store';
import { LinkBanner } from '../app/link-banner';
import { WorkspaceTabs } from '../connection/workspace-tabs';
import { Dock } from '../dock/dock';
import { ConnectionView } from './connection-view';
import { OfflineView } from './offline-view';
import { ProxyWorkspace } from '../proxy/proxy-workspace';
import { Welcome } from './welcome';

export function MainArea() {
  const active = useWorkspace((s) => s.active);
  const connection = useConnections((s) => (active?.kind === 'connection' ? s.byId[active.id] : undefined));
  // The dock's composer and logs follow the active connection (or the newest one, for a capture tab).
  const dockConnection = useConnections((s) => connection ?? (s.order.length ? s.byId[s.order[s.order.length - 1]] : undefined));
  const preset = useProfiles((s) => s.profiles.find((p) => p.id === dockConnection?.profileId)?.preset) as BrokerPreset | undefined;
  const dockOpen = useUi((s) => s.dockOpen);
  const dockRef = useRef<PanelImperativeHandle | null>(null);
  const layout = useDefaultLayout({ id: 'stomp-explorer.dock', panelIds: ['work', 'dock'], storage: localStorage });

  useEffect(() => {
    const panel = dockRef.current;
    if (!panel) return;
    if (dockOpen && panel.isCollapsed()) panel.expand();
    if (!dockOpen && !panel.isCollapsed()) panel.collapse();
  }, [dockOpen]);

  return (
    <main className="main-area" id="workspace" tabIndex={-1}>
      <LinkBanner />
      <WorkspaceTabs />
      <Group orientation="vertical" className="work-split" defaultLayout={layout.defaultLayout} onLayoutChanged={layout.onLayoutChanged}>
        <Panel id="work" minSize="160px" className="panel">
          {/* Keyed: what a tab holds in its own state (a half-typed destination, an error) stays with its connection. */}
          {connection ? <ConnectionView key={connection.id} connection={connection} /> : active?.kind === 'capture' ? <OfflineView captureId={active.id} /> : active?.kind === 'proxy' ? <ProxyWorkspace id={active.id} /> : <Welcome />}
        </Panel>
        <Separator className="separator separator-h" aria-label="Resize dock" />
        <Panel
          id="dock"
          panelRef={dockRef}
          defaultSize="34"
          minSize="140px"
          collapsible
          collapsedSize="32px"
          className="panel"
          onResize={(size) => {
            const collapsed = size.inPixels <= 36;
            if (collapsed === useUi.getState().dockOpen) useUi.getState().setDock(!collapsed);
          }}
        >
          <Dock connection={dockConnection} preset={preset} />
        </Panel>
      </Group>
    </main>
  );
}
