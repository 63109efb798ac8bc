/**
 * The one-line body preview of a message-list row: the first ~120 characters of a text body, or
 * `binary · 64.0 KiB`. A preview shows the body's own characters: line breaks and tabs become
 * their visible control pictures (␊ ␍ ␉ ␌), nothing is dropped or merged, and only a body that is
 * valid JSON as a whole has the whitespace between its tokens squeezed out (a body that merely
 * says it is JSON, like `second json`, is shown as it is). Worked out from the start of the body
 * only, for the rows on screen.
 */
import { isUtf8 } from 'node:buffer';
import { formatBytes } from './format-bytes';

export const PREVIEW_CHARS = 120;

/** Enough bytes for 120 characters even after JSON indentation is squeezed out. */
const SCAN_BYTES = 4096;
/** Only a body this small is parsed to learn whether it is valid JSON (previews are built often). */
export const JSON_CHECK_BYTES = 64 * 1024;

export interface BodyPreview {
  readonly preview: string;
  readonly binary: boolean;
}

const utf8 = new TextDecoder('utf-8');

export function previewBody(body: Uint8Array, contentType?: string): BodyPreview {
  if (body.length === 0) return { preview: '', binary: false };
  if (isBinaryBody(body)) return { preview: binaryPreview(body.length), binary: true };
  return { preview: textPreview(body, body.length, contentType), binary: false };
}

export function binaryPreview(size: number): string {
  return `binary · ${formatBytes(size)}`;
}

/**
 * The preview of a text body from its first bytes: `head` is the body or its start, `size` the
 * whole body's length (JSON is squeezed only when the head is all of it).
 */
export function textPreview(head: Uint8Array, size: number, contentType?: string): string {
  if (size === 0) return '';
  const whole = head.length >= size;
  if (whole && size <= JSON_CHECK_BYTES && looksLikeJson(head, contentType)) {
    const text = utf8.decode(head);
    if (isValidJson(text)) return clip(squeezeJson(text, PREVIEW_CHARS + 1), false);
  }
  const cut = Math.min(head.length, SCAN_BYTES);
  // A start cut off the body may end inside a character: a streaming decode leaves that one out.
  const text = cut < size ? new TextDecoder('utf-8').decode(head.subarray(0, cut), { stream: true }) : utf8.decode(head);
  return clip(visible(text), cut < size);
}

/**
 * Binary means not UTF-8, or holding NUL or another control character than tab, line feed,
 * form feed and carriage return: such bytes would be lost or garble a text view.
 */
export function isBinaryBody(body: Uint8Array): boolean {
  return hasControlBytes(body) || !isUtf8(body);
}

/**
 * Whether any byte is a control other than tab, LF, FF and CR. Four bytes at a time where the
 * body is aligned for it (a 64 KiB body at 1,000 a second is 64 MB/s to look through): a word
 * with no byte below 0x20 and none equal to 0x7f is passed at once, the others byte by byte.
 */
function hasControlBytes(body: Uint8Array): boolean {
  const n = body.length;
  let i = 0;
  const lead = Math.min(n, (4 - (body.byteOffset & 3)) & 3);
  for (; i < lead; i++) if (isControl(body[i])) return true;
  const words = (n - i) >>> 2;
  if (words > 0) {
    const view = new Uint32Array(body.buffer, body.byteOffset + i, words);
    for (let w = 0; w < words; w++) {
      const x = view[w];
      const d = x ^ 0x7f7f7f7f;
      // SWAR: a high bit set where a byte is below 0x20, or where a byte equals 0x7f.
      if (((x - 0x20202020) & ~x & 0x80808080) | ((d - 0x01010101) & ~d & 0x80808080)) {
        const at = i + w * 4;
        if (isControl(body[at]) || isControl(body[at + 1]) || isControl(body[at + 2]) || isControl(body[at + 3])) return true;
      }
    }
    i += words * 4;
  }
  for (; i < n; i++) if (isControl(body[i])) return true;
  return false;
}

function isControl(b: number): boolean {
  return b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d : b === 0x7f;
}

function clip(text: string, truncated: boolean): string {
  if (text.length > PREVIEW_CHARS) {
    const end = isHighSurrogate(text.charCodeAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
    return `${text.slice(0, end)}…`;
  }
  return truncated ? `${text}…` : text;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** C0 controls and DEL as their control pictures (U+2400…), C1 controls as `\u0085` escapes. */
function visible(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Said to be JSON, or starting like it (after whitespace): only then is the body decoded and parsed. */
function looksLikeJson(bytes: Uint8Array, contentType: string | undefined): boolean {
  if (contentType !== undefined && contentType.toLowerCase().includes('json')) return true;
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Drops whitespace outside strings, keeping every token as written: re-serialising through
 * JSON.parse would round big numbers and so show a value the message does not hold.
 */
function squeezeJson(text: string, limit: number): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length && out.length < limit; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    out += ch;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
