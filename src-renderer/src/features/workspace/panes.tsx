/** Three resizable panes (sizes remembered): left | message list | inspector. */
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { ReactNode } from 'react';

export function Panes({ left, middle, right, id }: { left?: ReactNode; middle: ReactNode; right: ReactNode; id: string }) {
  const panelIds = left ? ['left', 'middle', 'right'] : ['middle', 'right'];
  const layout = useDefaultLayout({ id: `stomp-explorer.panes.${id}`, panelIds, storage: localStorage });
  return (
    <Group orientation="horizontal" className="panes" defaultLayout={layout.defaultLayout} onLayoutChanged={layout.onLayoutChanged}>
      {left ? (
        <>
          <Panel id="left" defaultSize="18" minSize="150px" className="panel">
            {left}
          </Panel>
          <Separator className="separator separator-v" aria-label="Resize subscriptions pane" />
        </>
      ) : null}
      <Panel id="middle" defaultSize={left ? '40' : '50'} minSize="240px" className="panel">
        {middle}
      </Panel>
      <Separator className="separator separator-v" aria-label="Resize inspector" />
      <Panel id="right" defaultSize={left ? '42' : '50'} minSize="240px" className="panel">
        {right}
      </Panel>
    </Group>
  );
}
