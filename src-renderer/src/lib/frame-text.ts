/**
 * A frame's bytes as text a person can check byte for byte: each line on its own line, and every
 * byte that is not printable shown by name (␍ for CR, ␀ for NUL, \xNN for the rest), so nothing
 * that will travel is hidden. Bounded: long bodies are cut with the count of what was left out.
 */
const LIMIT = 16 * 1024;

export function frameAsVisibleText(bytes: Uint8Array, limit = LIMIT): { text: string; omitted: number } {
  const shown = bytes.subarray(0, limit);
  const decoded = new TextDecoder('utf-8').decode(shown);
  let text = '';
  for (const ch of decoded) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n') text += '␊\n';
    else if (ch === '\r') text += '␍';
    else if (code === 0) text += '␀';
    else if (ch === '\uFFFD') text += '\\x??';
    else if (code < 0x20 || code === 0x7f) text += `\\x${code.toString(16).padStart(2, '0')}`;
    else text += ch;
  }
  return { text, omitted: bytes.length - shown.length };
}
