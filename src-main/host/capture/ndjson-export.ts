/** A capture as NDJSON lines (see ndjson-format), streamed: memory stays flat whatever its size. */
import { LIMITS } from '../../../src-core/api';
import { CaptureClearedError, CaptureExportCursorError } from './capture-errors';
import type { CaptureStore, ScannedMessage } from './capture-store';
import { CAPTURE_FILE_TYPE, CAPTURE_FILE_VERSION, type FileHeader } from './ndjson-format';

/**
 * The header line, then one line per message kept when the export starts (later arrivals belong
 * to the next export). Lines carry no trailing newline.
 */
export async function* exportCaptureLines(store: CaptureStore, now: () => number = Date.now): AsyncGenerator<string> {
  const fromSeq = store.firstSeq;
  const toSeq = store.nextSeq;
  yield headerLine(store, fromSeq, toSeq, now);
  for await (const batch of store.scan(fromSeq, toSeq)) {
    for (const message of batch) yield messageLine(message);
  }
}

export interface ExportPage {
  /** Lines, each ending with a newline. */
  readonly ndjson: string;
  /** The cursor of the next page; absent on the last. */
  readonly next?: string;
  readonly done: boolean;
  /** Message lines in this page, and in the whole export. */
  readonly messages: number;
  readonly total: number;
}

/**
 * One page of an export, about `maxBytes` of lines (never fewer than one line): the bridge carries
 * an export of any size in pages, and neither side holds it whole. The first page (no cursor)
 * starts with the header line and fixes the messages exported, as exportCaptureLines does; the
 * cursor names the capture's clear generation, so a page asked after a clear is refused.
 */
export async function exportCapturePage(store: CaptureStore, cursor: string | undefined, maxBytes: number, now: () => number = Date.now): Promise<ExportPage> {
  const at = cursor === undefined ? { generation: store.clears, from: store.firstSeq, to: store.nextSeq, next: store.firstSeq } : parseCursor(cursor);
  if (at.generation !== store.clears || at.next < store.firstSeq) throw new CaptureClearedError(store.id);
  const lines: string[] = cursor === undefined ? [headerLine(store, at.from, at.to, now)] : [];
  let bytes = lines.length ? lines[0].length : 0;
  let next = at.next;
  // A line is 2-3 times its record (base64 body and raw frame, JSON): read little more than needed.
  scan: for await (const batch of store.scan(at.next, at.to, Math.max(16 * 1024, maxBytes >> 1))) {
    for (const message of batch) {
      const line = messageLine(message);
      lines.push(line);
      bytes += line.length + 1;
      next = message.seq + 1;
      if (bytes >= maxBytes) break scan;
    }
  }
  lines.push('');
  const done = next >= at.to;
  return {
    ndjson: lines.join('\n'),
    next: done ? undefined : `${CURSOR_TAG}.${at.generation}.${at.from}.${at.to}.${next}`,
    done,
    messages: next - at.next,
    total: at.to - at.from,
  };
}

const CURSOR_TAG = 'x1';

function parseCursor(cursor: string): { generation: number; from: number; to: number; next: number } {
  const parts = cursor.split('.');
  const [generation, from, to, next] = parts.slice(1).map(Number);
  if (parts.length !== 5 || parts[0] !== CURSOR_TAG || ![generation, from, to, next].every((n) => Number.isSafeInteger(n) && n >= 0) || next < from || next > to) {
    throw new CaptureExportCursorError(cursor);
  }
  return { generation, from, to, next };
}

function headerLine(store: CaptureStore, fromSeq: number, toSeq: number, now: () => number): string {
  const header: FileHeader = {
    type: CAPTURE_FILE_TYPE,
    version: CAPTURE_FILE_VERSION,
    label: store.label,
    exportedAt: new Date(now()).toISOString(),
    count: toSeq - fromSeq,
    connectionId: store.connectionId,
    subscriptionId: store.subscriptionId,
    destination: store.destination,
  };
  return JSON.stringify(header);
}

function messageLine(message: ScannedMessage): string {
  return JSON.stringify({
    seq: message.seq,
    connectionId: message.connectionId,
    subscriptionId: message.subscriptionId,
    destination: firstHeader(message.headers, 'destination'),
    receivedAt: new Date(message.receivedAt).toISOString(),
    receivedAtMs: message.receivedAt,
    command: message.command,
    headers: message.headers,
    bodyBase64: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength).toString('base64'),
    framing: message.framing,
    rawBase64: message.raw && Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength).toString('base64'),
  });
}

/** The whole export as one string, newline-terminated: for captures that fit the API's limit. */
export async function exportCaptureText(store: CaptureStore, maxBytes: number = LIMITS.importBytes): Promise<string> {
  const lines: string[] = [];
  let length = 0;
  for await (const line of exportCaptureLines(store)) {
    length += line.length + 1;
    if (length > maxBytes) {
      throw new Error(`capture "${store.id}" is too large to export as one string (over ${maxBytes} characters); stream it with exportLines`);
    }
    lines.push(line);
  }
  lines.push('');
  return lines.join('\n');
}

function firstHeader(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  for (const [key, value] of headers) if (key === name) return value;
  return undefined;
}
