/**
 * Read memory lent out (the client's `bodies: 'borrowed'`): slabs whose bytes handlers see as
 * views only while they run, and which are then read into again. Before a slab is read into again
 * its memory moves to a new ArrayBuffer (a transfer, no copy), which detaches the old one: a view
 * kept past its handler reads as empty, never as the bytes of a later message.
 *
 * The registry is one for the whole process, so a borrowed body handed to any client's `send` is
 * copied first: a write still queued in a socket must not see its memory reused.
 */

interface BufferFrom {
  from(buffer: ArrayBuffer): Uint8Array;
}

const NodeBuffer = (globalThis as unknown as { Buffer: BufferFrom }).Buffer;
const lent = new WeakSet<ArrayBufferLike>();

/** Marks a slab as lent: its bytes may be reused once nobody can see them. */
export function lend(slab: Uint8Array): void {
  lent.add(slab.buffer);
}

/** Whether `view` shows lent read memory, which may be reused after its handler. */
export function isLent(view: Uint8Array): boolean {
  return lent.has(view.buffer);
}

/** Bytes of their own with the same content (a Buffer's own `slice` would be another view). */
export function ownCopy(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

/**
 * The slab's memory under a new ArrayBuffer, still lent; every view of the old one is now empty.
 * Null when the memory cannot be moved (the caller then takes fresh memory).
 */
export function reclaim(slab: Uint8Array): Uint8Array | null {
  let moved: ArrayBuffer;
  try {
    moved = structuredClone(slab.buffer as ArrayBuffer, { transfer: [slab.buffer as ArrayBuffer] });
  } catch {
    return null;
  }
  lent.add(moved);
  return NodeBuffer.from(moved);
}
