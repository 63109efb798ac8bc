/** Bytes in and out of the text forms the bridge uses (base64) and the ones people read (hex, UTF-8). */

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) out += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(out);
}

/** UTF-8 text, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function decodeLenient(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Parses "48 65 6c" or "48656c" (any whitespace); an error names the first bad position. */
export function parseHex(text: string): { bytes: Uint8Array } | { error: string } {
  const compact = text.replace(/\s+/g, '');
  const bad = compact.search(/[^0-9a-fA-F]/);
  if (bad >= 0) return { error: `"${compact[bad]}" at hex digit ${bad + 1} is not a hex digit (0-9, a-f)` };
  if (compact.length % 2) return { error: `odd number of hex digits (${compact.length}): every byte needs two` };
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  return { bytes };
}

export function validateBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return 'not base64: only A-Z, a-z, 0-9, +, / and trailing = are allowed';
  if (compact.length % 4) return `not base64: the length (${compact.length}) is not a multiple of 4`;
  return undefined;
}

/** Printable ASCII stays, everything else becomes `·`. */
export function asciiOf(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·';
}
