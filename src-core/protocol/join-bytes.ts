/**
 * Byte arrays (a frame's head, body and NUL; a CBOR string's chunks) as one: the array itself
 * when there is only one, else a copy of them all.
 */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
