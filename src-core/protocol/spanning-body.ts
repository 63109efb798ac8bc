/**
 * Bodies that arrived in several chunks: kept as views of those chunks and joined into one array
 * only when `frame.body` is first read, or handed over as the pieces themselves (`bodyParts`).
 */
import { allocOwn } from './alloc-unsafe';
import type { Frame, Framing, Header, ParsedFrame } from './frame';

const EMPTY = new Uint8Array(0);

/** Where a spanning frame keeps its pieces until its body is first read (not enumerable: invisible to copies). */
const LAZY_BODY = Symbol('lazyBody');
interface LazyBody {
  parts: Uint8Array[] | null;
  length: number;
  body: Uint8Array;
}

/** One getter shared by all spanning frames: joins the pieces on first read, then forgets them. */
function readLazyBody(this: { readonly [LAZY_BODY]: LazyBody }): Uint8Array {
  const lazy = this[LAZY_BODY];
  if (lazy.parts !== null) {
    // Pieces whose memory was lent and has been read into again since (a client's borrowed bodies)
    // are detached, empty: the body then reads as empty too, as a single borrowed view would,
    // never as a full-length array with holes.
    if (!piecesIntact(lazy.parts, lazy.length)) return EMPTY;
    lazy.body = joinParts(lazy.parts, lazy.length);
    lazy.parts = null;
  }
  return lazy.body;
}

function piecesIntact(parts: readonly Uint8Array[], length: number): boolean {
  let total = 0;
  for (const part of parts) total += part.length;
  return total === length;
}

/**
 * The body's bytes as views of the chunks they arrived in, without joining them: for consumers
 * that can take pieces (hash, write to a file or socket), like a stream's chunks. Reading
 * `frame.body` instead joins them once into one array.
 */
export function bodyParts(frame: Frame): readonly Uint8Array[] {
  const lazy = (frame as { [LAZY_BODY]?: LazyBody })[LAZY_BODY];
  if (lazy && lazy.parts !== null) return lazy.parts;
  return frame.body.length ? [frame.body] : [];
}

/**
 * A frame whose body arrived in pieces: one view when the pieces are adjacent in memory; otherwise
 * `body` is an own, enumerable accessor, so spreading, structuredClone and JSON see it like any
 * property, and the holder it reads is a separate object, so this works on a frozen frame too.
 */
export function spanningFrame(
  command: string,
  headers: readonly Header[],
  parts: Uint8Array[],
  length: number,
  framing: Framing,
  offset: number,
  size: number,
  plainHead: boolean,
): ParsedFrame {
  // Reads into one slab (the TCP transport's) sit back to back: such a body is one view already.
  const joined = adjacentView(parts, length);
  if (joined !== null) return { command, headers, body: joined, framing, offset, size, plainHead };
  // Keys in the same order as every other frame's.
  const frame = { command, headers } as { command: string; headers: readonly Header[]; body: Uint8Array; framing: Framing; offset: number; size: number; plainHead: boolean };
  Object.defineProperty(frame, 'body', { get: readLazyBody, enumerable: true });
  Object.defineProperty(frame, LAZY_BODY, { value: { parts, length, body: EMPTY } satisfies LazyBody });
  frame.framing = framing;
  frame.offset = offset;
  frame.size = size;
  frame.plainHead = plainHead;
  return frame;
}

/** The parts as one view when each begins where the one before ends in the same memory; null otherwise. */
function adjacentView(parts: readonly Uint8Array[], length: number): Uint8Array | null {
  const first = parts[0]!;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.buffer !== first.buffer || part.byteOffset !== end) return null;
    end += part.length;
  }
  return new Uint8Array(first.buffer, first.byteOffset, length);
}

function joinParts(parts: Uint8Array[], length: number): Uint8Array {
  // Small bodies come from a zeroed array: not worth a separate allocation each.
  const joined = length >= 4096 ? allocOwn(length) : new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

