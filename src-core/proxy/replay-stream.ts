/**
 * The client's side of a recorded connection, as the pieces to send again and when they were
 * first sent: byte for byte as the client sent them, or as the broker got them (with the proxy's
 * edits, drops, corruptions and CONNECT rewrite), and with edits of one's own on top (a frame
 * replaced by an edited one or by raw bytes, or left out). Replaced frames keep their place.
 */
import type { Frame } from '../protocol/frame';
import type { ConnectRewrite } from './credentials';
import { editedFrameBytes } from './edited-frame';
import type { RecordedConnection } from './recording-reader';

export type FrameEdit = { readonly kind: 'drop' } | { readonly kind: 'frame'; readonly frame: Frame } | { readonly kind: 'raw'; readonly bytes: Uint8Array };

export interface ReplayStreamOptions {
  /** `sent` (default): as the client sent it; `forwarded`: as the proxy passed it on. */
  readonly use?: 'sent' | 'forwarded';
  /** By frame seq (as recorded). */
  readonly edits?: ReadonlyMap<number, FrameEdit>;
  /** Applied to an edited CONNECT (an unedited one is rewritten by the replay's connection). */
  readonly rewrite?: ConnectRewrite;
}

export interface ReplayPiece {
  readonly atMs: number;
  readonly bytes: Uint8Array;
}

interface Replacement {
  readonly offset: number;
  readonly size: number;
  readonly bytes: Uint8Array;
}

export class ReplayEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayEditError';
  }
}

export function clientStream(connection: RecordedConnection, options: ReplayStreamOptions = {}): ReplayPiece[] {
  const bySeq = new Map<number, Replacement>();
  if (options.use === 'forwarded') {
    for (const a of connection.alterations) if (a.direction === 'client-to-broker') bySeq.set(a.seq, { offset: a.offset, size: a.size, bytes: a.bytes });
  }
  const version = connection.session?.version ?? '1.2';
  for (const [seq, edit] of options.edits ?? []) {
    const frame = connection.frames.find((f) => f.seq === seq);
    if (!frame) throw new ReplayEditError(`connection ${connection.id} has no frame ${seq} to edit`);
    if (frame.direction !== 'client-to-broker') throw new ReplayEditError(`frame ${seq} of connection ${connection.id} came from the broker; only the client's frames are replayed`);
    const bytes = edit.kind === 'drop' ? new Uint8Array(0) : edit.kind === 'raw' ? edit.bytes : editedFrameBytes(edit.frame, frame, version, options.rewrite);
    bySeq.set(seq, { offset: frame.offset, size: frame.size, bytes });
  }
  const replacements = [...bySeq.values()].sort((a, b) => a.offset - b.offset);
  return splice(connection.chunks['client-to-broker'], replacements);
}

/** The chunks with each replaced range left out and its replacement put where the range ends. */
function splice(chunks: RecordedConnection['chunks']['client-to-broker'], replacements: readonly Replacement[]): ReplayPiece[] {
  const out: ReplayPiece[] = [];
  let next = 0;
  for (const chunk of chunks) {
    const end = chunk.offset + chunk.bytes.length;
    let p = chunk.offset;
    while (p < end) {
      const replacement = replacements[next];
      if (replacement && p >= replacement.offset) {
        const rangeEnd = replacement.offset + replacement.size;
        p = Math.min(end, rangeEnd);
        if (p === rangeEnd) {
          if (replacement.bytes.length > 0) out.push({ atMs: chunk.atMs, bytes: replacement.bytes });
          next++;
        }
        continue;
      }
      const stop = replacement && replacement.offset < end ? replacement.offset : end;
      if (stop > p) out.push({ atMs: chunk.atMs, bytes: chunk.bytes.subarray(p - chunk.offset, stop - chunk.offset) });
      p = stop;
    }
  }
  return out;
}
