/** The wire log's controls: what to show (commands, direction, destination, text), pause, export, open, the heart-beat timeline. */
import * as Menu from '@radix-ui/react-dropdown-menu';
import type { WireFilter } from '../../../../src-core/api';
import { FILTER_COMMANDS } from './wire-filter';

export interface WireToolbarProps {
  readonly filter: WireFilter;
  /** Whether the list shows a filter's matches (the one applied, a moment after typing stops). */
  readonly filtered: boolean;
  onFilter(filter: WireFilter): void;
  readonly shown: number;
  readonly total: number;
  readonly paused: boolean;
  readonly newWhilePaused: number;
  onPause(paused: boolean): void;
  readonly follow: boolean;
  onFollow(follow: boolean): void;
  readonly dimBeats: boolean;
  onDimBeats(dim: boolean): void;
  readonly offline: boolean;
  readonly exporting?: string;
  onExport?(): void;
  onOpen(): void;
  readonly timeline: boolean;
  onTimeline(open: boolean): void;
}

export function WireToolbar(p: WireToolbarProps) {
  const commands = new Set(p.filter.commands ?? []);
  const toggle = (command: string) => {
    const next = new Set(commands);
    if (next.has(command)) next.delete(command);
    else next.add(command);
    p.onFilter({ ...p.filter, commands: [...next] });
  };
  return (
    <div className="pane-toolbar wire-toolbar">
      <span className="muted" role="status" aria-label="Wire log count">
        {p.filtered ? `${p.shown.toLocaleString()} matching` : `${p.shown.toLocaleString()} entries`}
        {p.paused ? ` · paused${p.newWhilePaused ? `, ${p.newWhilePaused.toLocaleString()} newer` : ''}` : ''}
      </span>
      <Menu.Root modal={false}>
        <Menu.Trigger className="button small" aria-label={`Commands: ${commands.size ? [...commands].join(', ') : 'all'}`}>
          Commands{commands.size ? ` (${commands.size})` : ''} ▾
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" sideOffset={4}>
            {FILTER_COMMANDS.map((c) => (
              <Menu.CheckboxItem key={c} className="menu-item" checked={commands.has(c)} onSelect={(e) => e.preventDefault()} onCheckedChange={() => toggle(c)}>
                <span className="menu-check" aria-hidden="true">
                  {commands.has(c) ? '✓' : ''}
                </span>
                {c === 'HEARTBEAT' ? 'heart-beats' : c === 'MARKER' ? 'markers (drops, reconnects)' : c === 'DIAGNOSTIC' ? 'diagnostics' : c}
              </Menu.CheckboxItem>
            ))}
            <Menu.Separator className="menu-separator" />
            <Menu.Item className="menu-item" onSelect={() => p.onFilter({ ...p.filter, commands: [] })}>
              All commands
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <select aria-label="Direction" value={p.filter.direction ?? ''} onChange={(e) => p.onFilter({ ...p.filter, direction: (e.target.value || undefined) as WireFilter['direction'] })}>
        <option value="">in and out</option>
        <option value="out">→ out only</option>
        <option value="in">← in only</option>
      </select>
      <input className="mono wire-filter-input" type="search" aria-label="Filter by destination" placeholder="destination" value={p.filter.destination ?? ''} onChange={(e) => p.onFilter({ ...p.filter, destination: e.target.value })} />
      <input className="mono wire-filter-input" type="search" aria-label="Filter by text" placeholder="text in headers or body" value={p.filter.text ?? ''} onChange={(e) => p.onFilter({ ...p.filter, text: e.target.value })} />
      <label className="check">
        <input type="checkbox" checked={p.dimBeats} onChange={(e) => p.onDimBeats(e.target.checked)} /> Dim heart-beats
      </label>
      <label className="check">
        <input type="checkbox" checked={p.follow} disabled={p.paused} onChange={(e) => p.onFollow(e.target.checked)} /> Follow
      </label>
      {p.offline ? null : (
        <button type="button" className="small" onClick={() => p.onPause(!p.paused)} aria-pressed={p.paused}>
          {p.paused ? 'Resume log' : 'Pause log'}
        </button>
      )}
      {p.offline ? null : (
        <button type="button" className="small" onClick={() => p.onTimeline(!p.timeline)} aria-pressed={p.timeline}>
          Heart-beats
        </button>
      )}
      {p.onExport ? (
        <button type="button" className="small" onClick={p.onExport} disabled={!!p.exporting}>
          {p.exporting ?? 'Export NDJSON'}
        </button>
      ) : null}
      <button type="button" className="small" onClick={p.onOpen}>
        Open wire log…
      </button>
    </div>
  );
}
