/** A capture as NDJSON lines (see ndjson-format), streamed: memory stays flat whatever its size. */
import { LIMITS } from '../../../src-core/api';
import type { CaptureStore } from './capture-store';
import { CAPTURE_FILE_TYPE, CAPTURE_FILE_VERSION, type FileHeader } from './ndjson-format';

/**
 * The header line, then one line per message kept when the export starts (later arrivals belong
 * to the next export). Lines carry no trailing newline.
 */
export async function* exportCaptureLines(store: CaptureStore, now: () => number = Date.now): AsyncGenerator<string> {
  const fromSeq = store.firstSeq;
  const toSeq = store.nextSeq;
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
  yield JSON.stringify(header);
  for await (const batch of store.scan(fromSeq, toSeq)) {
    for (const message of batch) {
      yield JSON.stringify({
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
  }
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
