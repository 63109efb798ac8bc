/**
 * Which escape sequences each header used on the wire, read from the raw frame: the inspector
 * shows them as chips so users see what travelled (`\c`) and what it means (`:`).
 */
import { base64ToBytes, decodeLenient } from '../../lib/bytes';

export const ESCAPE_MEANINGS: Record<string, string> = {
  '\\c': ':',
  '\\n': 'newline',
  '\\r': 'carriage return',
  '\\\\': '\\',
};

/** Per header (wire order), the distinct escapes found in its raw line. */
export function headerEscapes(rawBase64: string | undefined, count: number): string[][] {
  if (!rawBase64) return [];
  const bytes = base64ToBytes(rawBase64);
  // The head ends at the first blank line; the body may be binary, so decode only the head.
  let end = bytes.length;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 10 && (bytes[i + 1] === 10 || (bytes[i + 1] === 13 && bytes[i + 2] === 10))) {
      end = i;
      break;
    }
  }
  const head = decodeLenient(bytes.subarray(0, end));
  const lines = head.split('\n').map((l) => l.replace(/\r$/, ''));
  // Skip heart-beat newlines before the command, then the command line itself.
  while (lines.length && lines[0] === '') lines.shift();
  const headerLines = lines.slice(1, 1 + count);
  return headerLines.map((line) => {
    const found = new Set<string>();
    for (const m of line.matchAll(/\\[cnr\\]/g)) found.add(m[0]);
    return [...found];
  });
}
