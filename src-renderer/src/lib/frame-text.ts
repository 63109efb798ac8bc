/**
 * A frame's bytes as text a person can check byte for byte: each line on its own line, its end
 * shown (`\n`, `\r\n`), and every byte that is not printable shown by name (`\0` for NUL, `\xNN` for
 * the rest), so nothing that will travel is hidden. Marks are separate segments, styled apart from
 * the text, in plain ASCII (no glyph the monospace font may lack). Bounded: long bodies are cut.
 */
const LIMIT = 16 * 1024;

export interface FrameSegment {
  readonly text: string;
  /** `mark`: a shown control byte or line end, not text that travels as written. */
  readonly mark: boolean;
}

export function frameSegments(bytes: Uint8Array, limit = LIMIT): { segments: FrameSegment[]; omitted: number } {
  const shown = bytes.subarray(0, limit);
  const decoded = new TextDecoder('utf-8').decode(shown);
  const segments: FrameSegment[] = [];
  let text = '';
  const flush = () => {
    if (text) segments.push({ text, mark: false });
    text = '';
  };
  const mark = (m: string) => {
    flush();
    segments.push({ text: m, mark: true });
  };
  for (let i = 0; i < decoded.length; i++) {
    const ch = decoded[i];
    const code = ch.charCodeAt(0);
    if (ch === '\r' && decoded[i + 1] === '\n') {
      mark('\\r\\n');
      i++;
      text += '\n';
    } else if (ch === '\n') {
      mark('\\n');
      text += '\n';
    } else if (ch === '\r') mark('\\r');
    else if (code === 0) mark('\\0');
    else if (ch === '\uFFFD') mark('\\x??');
    else if (code < 0x20 || code === 0x7f) mark(`\\x${code.toString(16).padStart(2, '0')}`);
    else text += ch;
  }
  flush();
  return { segments, omitted: bytes.length - shown.length };
}
