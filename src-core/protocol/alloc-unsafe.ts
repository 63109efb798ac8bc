/**
 * Arrays whose every byte the caller overwrites at once, so zero-filling them is wasted work.
 * Node's Buffer is looked up, not imported, so the protocol layer stays free of Node; elsewhere (a
 * browser) these are plain zeroed arrays. Both return plain Uint8Array views, one type everywhere.
 */
interface BufferLike {
  allocUnsafe(size: number): Uint8Array;
  allocUnsafeSlow(size: number): Uint8Array;
}

const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

function view(bytes: Uint8Array, size: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, size);
}

/** Short-lived bytes (a frame on its way to the socket): small ones share Node's pool. */
export const allocPooled: (size: number) => Uint8Array = NodeBuffer
  ? (size) => view(NodeBuffer.allocUnsafe(size), size)
  : (size) => new Uint8Array(size);

/** Bytes that may be kept long (a message body): their own memory, never a slice of a shared pool. */
export const allocOwn: (size: number) => Uint8Array = NodeBuffer
  ? (size) => view(NodeBuffer.allocUnsafeSlow(size), size)
  : (size) => new Uint8Array(size);
