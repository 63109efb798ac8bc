/** Picks the body viewer from the content-type, then from the bytes themselves. */
import { decodeUtf8 } from '../../lib/bytes';
import type { BodyViewer } from '../../stores/inspector-store';

export function isTextual(text: string | undefined): text is string {
  // Control characters other than tab, newline and carriage return mean "binary".
  return text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text.slice(0, 64 * 1024));
}

export function sniffViewer(contentType: string | undefined, bytes: Uint8Array): BodyViewer {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'image';
  const text = bytes.length <= 32 * 1024 * 1024 ? decodeUtf8(bytes) : undefined;
  if (!isTextual(text)) return 'hex';
  if (type.includes('json')) return 'json';
  const t = text.trimStart();
  if ((t.startsWith('{') || t.startsWith('[')) && looksLikeJson(text)) return 'json';
  return 'text';
}

function looksLikeJson(text: string): boolean {
  if (text.length > 8 * 1024 * 1024) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
