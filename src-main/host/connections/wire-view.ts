/** Turns the client's wire entries and receipts into the small views the UI lists. */
import type { WireEntryView } from '../../../src-core/api';
import type { WireEntry } from '../../../src-core/client/wire-entry';
import { previewBody } from '../capture';

/** The passcode travels in CONNECT; the log shows that one was sent, never what it was. */
const CONNECT_COMMANDS = new Set(['CONNECT', 'STOMP']);
const MASK = '••••••';

export function wireView(entry: WireEntry & { broker?: string }, seq: number): WireEntryView {
  const base = { seq, at: entry.at, direction: entry.direction, kind: entry.kind, broker: entry.broker };
  if (entry.kind === 'frame') {
    return {
      ...base,
      command: entry.frame.command,
      headers: entry.frame.headers.map(([n, v]) => [n, n === 'passcode' && CONNECT_COMMANDS.has(entry.frame.command) ? MASK : v] as [string, string]),
      size: entry.size,
      preview: entry.frame.body.length ? previewBody(entry.frame.body).preview : undefined,
    };
  }
  if (entry.kind === 'diagnostic') return { ...base, diagnostic: `${entry.diagnostic.message} (byte ${entry.diagnostic.offset}, ${entry.diagnostic.rule})` };
  return base;
}
