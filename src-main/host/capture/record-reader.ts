/**
 * Reads parts of a stored record without reading all of it: its layout and head, the start of its
 * body (for a row's preview, or the inspector's first look), or one page of its body. A record of
 * 100 MiB in the spill file costs a few KiB to list and one page to show.
 */
import { binaryPreview, isBinaryBody, JSON_CHECK_BYTES, textPreview } from './body-preview';
import { headOf, layoutOf, RecordTruncatedError, type RecordLayout } from './record-codec';
import type { Header } from '../../../src-core/protocol/frame';

/** Reads `length` bytes at a log offset: a view when in memory, a fresh buffer from the spill file. */
export type LogReader = (offset: number, length: number) => Buffer;

/** A guess at a head's size; a larger one is read again, once. */
const HEAD_GUESS = 8 * 1024;

export interface RecordPrefix {
  readonly layout: RecordLayout;
  /** The record's first bytes: through its head and `bodyBytes` of its body (or all of it). */
  readonly bytes: Buffer;
}

/** The record at `offset` (of `length` bytes), read through its head plus `bodyBytes` of its body. */
export function readPrefix(read: LogReader, offset: number, length: number, bodyBytes: number): RecordPrefix {
  let n = Math.min(length, HEAD_GUESS + bodyBytes);
  for (;;) {
    const bytes = read(offset, n);
    try {
      const layout = layoutOf(bytes);
      // All of the body means all of the record (the older layout keeps the raw frame after it).
      const want = bodyBytes >= layout.bodyLength ? length : layout.bodyStart + bodyBytes;
      if (want > bytes.length) {
        const more = read(offset, want);
        return { layout: layoutOf(more), bytes: more };
      }
      return { layout, bytes: bytes.subarray(0, want) };
    } catch (error) {
      if (!(error instanceof RecordTruncatedError) || n >= length) throw error;
      n = Math.min(length, Math.max(error.needed + bodyBytes, n * 2));
    }
  }
}

/** The body bytes a prefix holds (all of the body, or its start). */
export function bodyStart(prefix: RecordPrefix): Buffer {
  const { layout, bytes } = prefix;
  return bytes.subarray(layout.bodyStart, Math.min(bytes.length, layout.bodyStart + layout.bodyLength));
}

export interface RowText {
  readonly messageId?: string;
  readonly preview: string;
  /** Whether the body is binary: as given, or found now from the body (up to 64 KiB). */
  readonly binary: boolean;
  readonly headers: Header[];
  readonly command: string;
}

/**
 * What a list row shows that the index does not keep: the message-id and the preview. `binary`
 * undefined (not known yet: a body of up to JSON_CHECK_BYTES) is found from the body, read whole.
 */
export function rowText(read: LogReader, offset: number, length: number, binary: boolean | undefined, contentType: string | undefined): RowText {
  const prefix = readPrefix(read, offset, length, binary ? 0 : JSON_CHECK_BYTES);
  const { command, headers } = headOf(prefix.layout, prefix.bytes);
  const size = prefix.layout.bodyLength;
  const body = bodyStart(prefix);
  const isBinary = binary ?? isBinaryBody(body);
  const preview = isBinary ? binaryPreview(size) : textPreview(body, size, contentType);
  return { messageId: firstHeader(headers, 'message-id'), preview, binary: isBinary, headers, command };
}

/** Bytes [from, from + length) of the record's body, clipped to the body. */
export function bodyPage(read: LogReader, offset: number, length: number, from: number, pageLength: number): { size: number; bytes: Buffer } {
  const { layout } = readPrefix(read, offset, length, 0);
  const size = layout.bodyLength;
  const start = Math.min(Math.max(0, from), size);
  const end = Math.min(size, start + Math.max(0, pageLength));
  return { size, bytes: end > start ? read(offset + layout.bodyStart + start, end - start) : Buffer.alloc(0) };
}

/** The first occurrence counts, as the spec says. */
export function firstHeader(headers: readonly Header[], name: string): string | undefined {
  for (const [key, value] of headers) if (key === name) return value;
  return undefined;
}
