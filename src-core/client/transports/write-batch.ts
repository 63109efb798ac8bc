/**
 * Small writes made in one turn of the event loop (ACKs for what one read brought, a publish loop
 * of small SENDs), joined into one buffer before they reach the socket. Handing node:net one
 * chunk instead of dozens skips its per-chunk bookkeeping (a queue entry and a callback each, then
 * one iovec each in writev), which was a tenth of the client's time when draining small messages.
 */

interface BufferConcat {
  concat(list: readonly Uint8Array[], totalLength: number): Uint8Array;
}

const NodeBuffer = (globalThis as unknown as { Buffer: BufferConcat }).Buffer;

export class WriteBatch {
  private parts: Uint8Array[] = [];
  private bytes = 0;

  get size(): number {
    return this.bytes;
  }

  add(part: Uint8Array): void {
    this.parts.push(part);
    this.bytes += part.length;
  }

  /** Everything added since the last take, as one buffer; null when nothing was. */
  take(): Uint8Array | null {
    const { parts } = this;
    if (parts.length === 0) return null;
    const joined = parts.length === 1 ? parts[0]! : NodeBuffer.concat(parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    return joined;
  }
}
