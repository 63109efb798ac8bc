/**
 * Typed arrays indexed by seq modulo a log's capacity, grown as the log fills instead of allocated
 * whole: a log of 100,000 lines needs a few MB of them, a connection that saw a few frames a few KB.
 * Until the log first wraps, a seq is its own slot, so growing only copies.
 */
type Column = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

const FIRST_SLOTS = 1024;

/** `array`, or a copy of it with room for slot `slot` (never beyond `capacity`), new slots set to `fill`. */
export function withSlot<T extends Column>(array: T, slot: number, capacity: number, fill = 0): T {
  if (slot < array.length) return array;
  const length = Math.min(capacity, Math.max(FIRST_SLOTS, array.length * 2, slot + 1));
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}
