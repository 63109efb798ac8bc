/**
 * What a wire-log filter keeps, in one place for the host (the live log's matches) and the UI (a
 * log opened offline): any of the commands (HEARTBEAT, MARKER, DIAGNOSTIC for those kinds), a
 * direction, a part of the destination, a text anywhere in the line (case ignored).
 */
import type { WireEntryView, WireFilter } from './schemas/wire';

export function isWireFilterActive(filter: WireFilter): boolean {
  return !!(filter.commands?.length || filter.destination?.trim() || filter.text?.trim() || filter.direction);
}

export function wireFilterMatcher(filter: WireFilter): (view: WireEntryView) => boolean {
  const commands = filter.commands?.length ? new Set(filter.commands.map((c) => c.toUpperCase())) : undefined;
  const destination = filter.destination?.trim();
  const text = filter.text?.trim().toLowerCase();
  return (view) => {
    if (filter.direction && view.direction !== filter.direction) return false;
    if (commands && !commands.has(entryName(view))) return false;
    if (destination) {
      const dest = view.headers?.find(([n]) => n === 'destination')?.[1];
      if (!dest || !dest.includes(destination)) return false;
    }
    if (text) {
      const line = [view.command, view.text, view.diagnostic, view.preview, ...(view.headers ?? []).map(([n, v]) => `${n}:${v}`)].filter(Boolean).join('\n').toLowerCase();
      if (!line.includes(text)) return false;
    }
    return true;
  };
}

/** The name a filter knows an entry by: its command, or its kind for what is not a frame. */
function entryName(view: WireEntryView): string {
  return view.kind === 'frame' ? (view.command ?? '') : view.kind === 'heartbeat' ? 'HEARTBEAT' : view.kind === 'marker' ? 'MARKER' : 'DIAGNOSTIC';
}
