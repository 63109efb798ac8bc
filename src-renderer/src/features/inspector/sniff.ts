/**
 * Picks the body viewer from the content-type, then from the body's first bytes (never more than
 * SNIFF_BYTES of them: opening a 100 MiB body must not decode or parse it whole).
 */
import type { BodyViewer } from '../../stores/inspector-store';

const SNIFF_BYTES = 64 * 1024;
/** The JSON tree is offered for bodies up to this size; larger ones are shown as text. */
export const JSON_TREE_LIMIT = 2 * 1024 * 1024;

export function isTextual(text: string | undefined): text is string {
  // Control characters other than tab, newline and carriage return mean "binary".
  return text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text.slice(0, SNIFF_BYTES));
}

/** `head`: the body or its start; `size`: the whole body's length. */
export function sniffViewer(contentType: string | undefined, head: Uint8Array, size: number = head.length): BodyViewer {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'image';
  const complete = head.length >= size;
  const sample = head.length > SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES) : head;
  const text = decodeStart(sample, complete && sample.length === head.length);
  if (!isTextual(text)) return 'hex';
  if (type.includes('json')) return 'json';
  const t = text.trimStart();
  if ((t.startsWith('{') || t.startsWith('[')) && complete && size <= JSON_TREE_LIMIT && parses(head)) return 'json';
  return 'text';
}

/** UTF-8 text of the bytes; a start cut off a longer body may end inside a character (left out). */
function decodeStart(bytes: Uint8Array, whole: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !whole });
  } catch {
    return undefined;
  }
}

function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8').decode(bytes));
    return true;
  } catch {
    return false;
  }
}
