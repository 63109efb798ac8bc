/**
 * The one-line body preview of a message-list row: the first ~120 characters of a text body, or
 * `binary · 64.0 KiB`. Computed once when a message is captured, so listing never touches bodies.
 */
import { isUtf8 } from 'node:buffer';
import { formatBytes } from './format-bytes';

export const PREVIEW_CHARS = 120;

/** Enough bytes for 120 characters even after JSON indentation is squeezed out. */
const SCAN_BYTES = 4096;

export interface BodyPreview {
  readonly preview: string;
  readonly binary: boolean;
}

const utf8 = new TextDecoder('utf-8');

export function previewBody(body: Uint8Array, contentType?: string): BodyPreview {
  if (body.length === 0) return { preview: '', binary: false };
  if (isBinaryBody(body)) return { preview: `binary · ${formatBytes(body.length)}`, binary: true };
  const cut = body.length > SCAN_BYTES ? utf8Boundary(body, SCAN_BYTES) : body.length;
  let text = utf8.decode(cut < body.length ? body.subarray(0, cut) : body);
  if (looksLikeJson(text, contentType)) text = squeezeJson(text, PREVIEW_CHARS + 1);
  // Controls (tab and line breaks included) become spaces and runs collapse: a row is one line.
  text = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const truncated = cut < body.length;
  if (text.length > PREVIEW_CHARS) {
    const end = isHighSurrogate(text.charCodeAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
    return { preview: `${text.slice(0, end)}…`, binary: false };
  }
  return { preview: truncated ? `${text}…` : text, binary: false };
}

/**
 * Binary means not UTF-8, or holding NUL or another control character than tab, line feed,
 * form feed and carriage return: such bytes would be lost or garble a text view.
 */
export function isBinaryBody(body: Uint8Array): boolean {
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d : b === 0x7f) return true;
  }
  return !isUtf8(body);
}

function looksLikeJson(text: string, contentType: string | undefined): boolean {
  if (contentType !== undefined && contentType.toLowerCase().includes('json')) return true;
  return /^\s*[[{]/.test(text);
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

/** The largest end <= max that does not split a UTF-8 sequence (the body is valid UTF-8 here). */
function utf8Boundary(bytes: Uint8Array, max: number): number {
  let end = max;
  while (end > 0 && end > max - 4 && (bytes[end] & 0xc0) === 0x80) end--;
  return end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
