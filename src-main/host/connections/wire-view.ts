/**
 * Turns the client's wire entries into the small views the UI lists. This runs for every frame in
 * and out, so a view is made to cost little: the wire log keeps it as JSON (its headers are read
 * once, never copied here), and the preview is worked out from the body's first bytes only (a
 * 64 KiB body costs what a 100-byte one does). A CONNECT's passcode is masked.
 */
import type { WireEntryView } from '../../../src-core/api';
import type { Header } from '../../../src-core/protocol/frame';
import { parseHead, type HeadContext } from '../../../src-core/protocol/parse-head';
import type { StompVersion } from '../../../src-core/protocol/spec';
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

/** The headers as they are, a CONNECT's passcode masked. Read, never kept: the log keeps the view as JSON. */
function keptHeaders(headers: readonly Header[], connect: boolean): [string, string][] {
  return connect ? headers.map(([name, value]) => [name, name === 'passcode' ? MASK : value]) : (headers as [string, string][]);
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

const LF = 0x0a;
const CR = 0x0d;
/** Parsed again only to show it: broken rules were reported when the frame arrived. */
const quiet = (version: StompVersion): HeadContext => ({ version, strict: false, report: () => undefined, room: () => 0 });

/**
 * The line of a frame received, from the bytes it was parsed from: the same command, headers and
 * preview as `wireView` made from the parsed frame, since it is the same parse (lenient, the same
 * version). Its head ends at the first blank line; its body at its content-length when a NUL is
 * there, else before the final NUL. Throws for bytes with no blank line (never the parser's).
 */
export function receivedFrameView(bytes: Uint8Array, seq: number, at: number, version: StompVersion): WireEntryView {
  let headEnd = bytes.length;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    const next = bytes[i + 1] === CR ? i + 2 : i + 1;
    if (bytes[next] === LF) {
      headEnd = next + 1;
      break;
    }
  }
  // Bytes the parser emitted always hold a blank line; without one the head cannot be read again.
  if (headEnd === bytes.length) throw new RangeError('no blank line ends the frame head');
  const head = parseHead(bytes.subarray(0, headEnd), 0, quiet(version));
  // A content-length the body does not end at (no NUL there) was read on to the next NUL (lenient).
  const declaredEnd = headEnd + head.contentLength;
  const bodyEnd = head.contentLength >= 0 && bytes[declaredEnd] === 0 ? declaredEnd : Math.max(headEnd, bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length);
  const view: WireEntryView = { seq, at, direction: 'in', kind: 'frame', command: head.command, headers: head.headers as [string, string][], size: bytes.length };
  if (bodyEnd > headEnd) view.preview = wirePreview(bytes.subarray(headEnd, bodyEnd));
  return view;
}
