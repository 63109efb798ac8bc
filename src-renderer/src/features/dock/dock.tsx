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
      {/* Every panel stays in the DOM (its tab's aria-controls names it); while the dock is folded it is empty. */}
      <Tabs.Content value="composer" className="dock-panel">
        {open ? <Composer connection={connection} preset={preset} /> : null}
      </Tabs.Content>
      <Tabs.Content value="wire" className="dock-panel">
        {open ? <WireLog connectionId={connection?.id} /> : null}
      </Tabs.Content>
      <Tabs.Content value="raw" className="dock-panel">
        {open ? <RawComposerTab connection={connection} /> : null}
      </Tabs.Content>
      <Tabs.Content value="receipts" className="dock-panel">
        {open ? <ReceiptsPanel connectionId={connection?.id} /> : null}
      </Tabs.Content>
      <Tabs.Content value="transactions" className="dock-panel">
        {/* Keyed: a note or error from one connection's transaction never shows on another's. */}
        {open ? <TransactionsPanel key={connection?.id ?? 'none'} connection={connection} /> : null}
      </Tabs.Content>
      <Tabs.Content value="captures" className="dock-panel">
        {open ? <CapturesPanel /> : null}
      </Tabs.Content>
      <Tabs.Content value="schemas" className="dock-panel">
        {open ? <SchemasTab connection={connection} /> : null}
      </Tabs.Content>
      <Tabs.Content value="load" className="dock-panel">
        {open ? <LoadTab connection={connection} /> : null}
      </Tabs.Content>
      <Tabs.Content value="statistics" className="dock-panel">
        {open ? <StatisticsTab connection={connection} /> : null}
      </Tabs.Content>
      <Tabs.Content value="destinations" className="dock-panel">
        {open ? <DestinationsTab connection={connection} preset={preset} /> : null}
      </Tabs.Content>
    </Tabs.Root>
  );
}
