/** The bottom dock: Composer · Wire log · Receipts · Transactions · Captures · Schemas · Load, collapsible. */
import * as Tabs from '@radix-ui/react-tabs';
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { useUi, type DockTab } from '../../stores/ui-store';
import { Composer } from '../composer/composer';
import { CapturesPanel } from './captures-panel';
import { ReceiptsPanel } from './receipts-panel';
import { TransactionsPanel } from './transactions-panel';
import { WireLog } from '../wire/wire-log';
import { RawComposerTab } from '../raw-composer/raw-composer-tab';
import { LoadTab } from '../load/load-tab';
import { StatisticsTab } from '../stats/statistics-tab';
import { DestinationsTab } from '../destinations/destinations-tab';
import { SchemasTab } from '../schemas/schemas-tab';

const TABS: { value: DockTab; label: string }[] = [
  { value: 'composer', label: 'Composer' },
  { value: 'wire', label: 'Wire log' },
  { value: 'raw', label: 'Raw frame' },
  { value: 'receipts', label: 'Receipts' },
  { value: 'transactions', label: 'Transactions' },
  { value: 'statistics', label: 'Statistics' },
  { value: 'destinations', label: 'Destinations' },
  { value: 'captures', label: 'Captures' },
  { value: 'schemas', label: 'Schemas' },
  { value: 'load', label: 'Load' },
];

export function Dock({ connection, preset }: { connection: ConnectionView | undefined; preset: BrokerPreset | undefined }) {
  const open = useUi((s) => s.dockOpen);
  const tab = useUi((s) => s.dockTab);
  return (
    <Tabs.Root className="dock" data-pane="dock" tabIndex={-1} aria-label="Dock" value={tab} onValueChange={(v) => useUi.getState().setDock(true, v as DockTab)}>
      <div className="dock-bar">
        <Tabs.List aria-label="Dock" className="dock-tabs">
          {TABS.map((t) => (
            <Tabs.Trigger key={t.value} value={t.value} className="dock-tab" onClick={() => !open && useUi.getState().setDock(true)}>
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <button type="button" className="icon-button" aria-expanded={open} aria-label={open ? 'Hide dock' : 'Show dock'} onClick={() => useUi.getState().setDock(!open)}>
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open ? (
        <>
          <Tabs.Content value="composer" className="dock-panel">
            <Composer connection={connection} preset={preset} />
          </Tabs.Content>
          <Tabs.Content value="wire" className="dock-panel">
            <WireLog connectionId={connection?.id} />
          </Tabs.Content>
          <Tabs.Content value="raw" className="dock-panel">
            <RawComposerTab connection={connection} />
          </Tabs.Content>
          <Tabs.Content value="receipts" className="dock-panel">
            <ReceiptsPanel connectionId={connection?.id} />
          </Tabs.Content>
          <Tabs.Content value="transactions" className="dock-panel">
            {/* Keyed: a note or error from one connection's transaction never shows on another's. */}
            <TransactionsPanel key={connection?.id ?? 'none'} connection={connection} />
          </Tabs.Content>
          <Tabs.Content value="captures" className="dock-panel">
            <CapturesPanel />
          </Tabs.Content>
          <Tabs.Content value="schemas" className="dock-panel">
            <SchemasTab connection={connection} />
          </Tabs.Content>
          <Tabs.Content value="load" className="dock-panel">
            <LoadTab connection={connection} />
          </Tabs.Content>
          <Tabs.Content value="statistics" className="dock-panel">
            <StatisticsTab connection={connection} />
          </Tabs.Content>
          <Tabs.Content value="destinations" className="dock-panel">
            <DestinationsTab connection={connection} preset={preset} />
          </Tabs.Content>
        </>
      ) : null}
    </Tabs.Root>
  );
}
