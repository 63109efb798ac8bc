/**
 * Turns the client's wire entries into the small views the UI lists. This runs for every frame in
 * and out, and the wire log keeps the newest 100,000 views, so a view is made to cost little to
 * make and to keep: header names and the values that repeat from frame to frame (destination,
 * subscription, content-type…) are shared through a small intern table, other values are copied
 * flat (a value the parser cut out of a frame's head would otherwise keep the whole head alive),
 * and the preview is worked out from the body's first bytes only (a 64 KiB body costs what a
 * 100-byte one does). A CONNECT's passcode is masked.
 */
import type { WireEntryView } from '../../../src-core/api';
import type { Header } from '../../../src-core/protocol/frame';
import type { WireEntry } from '../../../src-core/client/wire-entry';
import { binaryPreview, textPreview } from '../capture';

/** The passcode travels in CONNECT; the log shows that one was sent, never what it was. */
const CONNECT_COMMANDS = new Set(['CONNECT', 'STOMP']);
const MASK = '••••••';
/** A preview needs at most this much of a body. */
const PREVIEW_BYTES = 512;

export function wireView(entry: WireEntry & { broker?: string }, seq: number): WireEntryView {
  if (entry.kind === 'frame') {
    const { frame } = entry;
    const view: WireEntryView = {
      seq,
      at: entry.at,
      direction: entry.direction,
      kind: 'frame',
      command: frame.command,
      headers: keptHeaders(frame.headers, CONNECT_COMMANDS.has(frame.command)),
      size: entry.size,
    };
    if (entry.broker !== undefined) view.broker = entry.broker;
    if (frame.body.length) view.preview = wirePreview(frame.body);
    return view;
  }
  const base: WireEntryView = { seq, at: entry.at, direction: entry.direction, kind: entry.kind };
  if (entry.broker !== undefined) base.broker = entry.broker;
  if (entry.kind === 'diagnostic') base.diagnostic = `${entry.diagnostic.message} (byte ${entry.diagnostic.offset}, ${entry.diagnostic.rule})`;
  return base;
}

/** Longer values are copied flat, not interned; so are those of headers that are ids. */
const INTERN_MAX = 128;
const UNIQUE = new Set(['message-id', 'ack', 'receipt', 'receipt-id', 'transaction', 'timestamp', 'expires', 'correlation-id']);
/** The intern table starts again when it grows this big (a flood of ever-new values). */
const INTERN_LIMIT = 4096;
let interned = new Map<string, string>();

function shared(value: string): string {
  let kept = interned.get(value);
  if (kept === undefined) {
    if (interned.size >= INTERN_LIMIT) interned = new Map();
    kept = flat(value);
    interned.set(kept, kept);
  }
  return kept;
}

/** A copy of its own (a sliced string keeps the string it was cut from). */
function flat(value: string): string {
  // V8 cuts strings of 13 characters or more as slices of their parent; shorter ones are copies.
  if (value.length < 13) return value;
  const copy = Buffer.from(value, 'utf8').toString('utf8');
  return copy === value ? copy : value; // lone surrogates do not survive UTF-8: keep as is
}

function keptHeaders(headers: readonly Header[], connect: boolean): [string, string][] {
  const out = new Array<[string, string]>(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    const kept = connect && name === 'passcode' ? MASK : value.length <= INTERN_MAX && !UNIQUE.has(name) ? shared(value) : flat(value);
    out[i] = [shared(name), kept];
  }
  return out;
}

/** The log line's preview, from the body's first bytes: text, or `binary · size` when they are not. */
export function wirePreview(body: Uint8Array): string {
  const head = body.length > PREVIEW_BYTES ? body.subarray(0, PREVIEW_BYTES) : body;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d : b === 0x7f) return binaryPreview(body.length);
  }
  return textPreview(head, body.length);
}
