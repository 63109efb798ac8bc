/** A one-line preview of a body: text as text, anything else as "binary · size". */
const decoder = new TextDecoder('utf-8', { fatal: true });

export function previewOf(body: Uint8Array, chars = 120): { preview: string; binary: boolean } {
  const head = body.subarray(0, chars * 4);
  let text: string | undefined;
  if (!hasControlBytes(head)) {
    try {
      // A multi-byte character cut at the end of `head` is not a reason to call the body binary.
      text = decoder.decode(trimPartialUtf8(head, head.length < body.length));
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return { preview: `binary · ${formatSize(body.length)}`, binary: true };
  const flat = text.replace(/\s+/g, ' ');
  return { preview: flat.length > chars ? flat.slice(0, chars) + '…' : flat, binary: false };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function hasControlBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) return true;
  return false;
}

function trimPartialUtf8(bytes: Uint8Array, truncated: boolean): Uint8Array {
  if (!truncated) return bytes;
  let end = bytes.length;
  // Step back over continuation bytes to the start of the last character, then drop it.
  let k = end - 1;
  while (k >= 0 && k > end - 4 && (bytes[k] & 0xc0) === 0x80) k--;
  if (k >= 0 && bytes[k] >= 0xc0) end = k;
  return bytes.subarray(0, end);
}
