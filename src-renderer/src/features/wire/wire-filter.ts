/**
 * The wire log's filter as the toolbar edits it, and the same test the host applies, for a log
 * opened offline (kept in step with src-main/host/connections/wire-log.ts's compileFilter).
 */
import type { WireEntryView, WireFilter } from '../../../../src-core/api';

/** The commands offered as toggles; the kinds that are not frames have names of their own. */
export const FILTER_COMMANDS = ['CONNECT', 'CONNECTED', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'MESSAGE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'RECEIPT', 'ERROR', 'DISCONNECT', 'HEARTBEAT', 'MARKER', 'DIAGNOSTIC'] as const;

export function isActive(filter: WireFilter): boolean {
  return !!(filter.commands?.length || filter.destination?.trim() || filter.text?.trim() || filter.direction);
}

export function matchesFilter(filter: WireFilter): (view: WireEntryView) => boolean {
  const commands = filter.commands?.length ? new Set(filter.commands) : undefined;
  const destination = filter.destination?.trim();
  const text = filter.text?.trim().toLowerCase();
  return (view) => {
    if (filter.direction && view.direction !== filter.direction) return false;
    if (commands) {
      const name = view.kind === 'frame' ? (view.command ?? '') : view.kind === 'heartbeat' ? 'HEARTBEAT' : view.kind === 'marker' ? 'MARKER' : 'DIAGNOSTIC';
      if (!commands.has(name)) return false;
    }
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
