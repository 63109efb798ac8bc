/**
 * An NDJSON capture file (see ndjson-format) read into a new offline capture. Every line is
 * checked; the first bad one aborts the import with CaptureImportError naming the line and what is
 * wrong, and the partial capture is removed, so an import either lands whole or not at all.
 */
import type { ZodError } from 'zod';
import { CaptureImportError } from './capture-errors';
import type { CaptureRegistry } from './capture-registry';
import type { CaptureStore } from './capture-store';
import { readLines, type LineSource } from './line-reader';
import { CAPTURE_FILE_TYPE, CAPTURE_FILE_VERSION, fileHeaderSchema, messageLineSchema, type FileHeader } from './ndjson-format';
import { isRecordingHeader, recordingLabel } from '../../../src-core/proxy/recording-reader';

export type ImportSource = LineSource;

export interface ImportOptions {
  /** Overrides the file's label. */
  readonly label?: string;
}

export async function importCapture(registry: CaptureRegistry, source: ImportSource, options: ImportOptions = {}): Promise<CaptureStore> {
  let store: CaptureStore | undefined;
  try {
    let header: FileHeader | undefined;
    let count = 0;
    let lastLine = 0;
    const common = new CommonValues();
    let recording = false;
    for await (const { number, text } of readLines(source)) {
      lastLine = number;
      if (text.trim() === '') continue;
      const value = parseJson(text, number);
      if (!header) {
        // A proxy recording opens as a capture of its frames (both ways); its other lines are skipped.
        recording = isRecordingHeader(value);
        header = recording ? { type: CAPTURE_FILE_TYPE, version: CAPTURE_FILE_VERSION, label: recordingLabel(value) } : parseHeader(value, number);
        store = registry.create({ label: options.label ?? header.label ?? 'Imported capture', offline: true });
        continue;
      }
      if (recording && (value as { type?: unknown }).type !== 'frame') continue;
      const parsed = messageLineSchema.safeParse(value);
      if (!parsed.success) throw new CaptureImportError(number, describe(parsed.error));
      const line = parsed.data;
      common.see(line.connectionId, line.subscriptionId, line.destination);
      (store as CaptureStore).append({
        connectionId: line.connectionId,
        subscriptionId: line.subscriptionId,
        receivedAt: line.receivedAtMs ?? Date.parse(line.receivedAt as string),
        frame: { command: line.command, headers: line.headers, body: Buffer.from(line.bodyBase64, 'base64'), framing: line.framing },
        raw: line.rawBase64 === undefined ? undefined : Buffer.from(line.rawBase64, 'base64'),
      });
      count++;
    }
    if (!header || !store) {
      throw new CaptureImportError(lastLine + 1, `the file is empty: expected a first line {"type":"${CAPTURE_FILE_TYPE}","version":${CAPTURE_FILE_VERSION}}`);
    }
    if (header.count !== undefined && header.count !== count) {
      throw new CaptureImportError(lastLine + 1, `the header line announces ${header.count} messages but the file holds ${count}: is it truncated?`);
    }
    // What every message shares describes the capture; what differs is left unset.
    store.connectionId = common.connectionId ?? header.connectionId;
    store.subscriptionId = common.subscriptionId ?? header.subscriptionId;
    store.destination = common.destination ?? header.destination;
    return store;
  } catch (error) {
    if (store) registry.remove(store.id);
    throw error;
  }
}

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CaptureImportError(line, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseHeader(value: unknown, line: number): FileHeader {
  const type = (value as { type?: unknown } | null)?.type;
  if (type !== CAPTURE_FILE_TYPE) {
    throw new CaptureImportError(line, `not a STOMP Explorer capture: the first line must be {"type":"${CAPTURE_FILE_TYPE}","version":${CAPTURE_FILE_VERSION},…}`);
  }
  const parsed = fileHeaderSchema.safeParse(value);
  if (!parsed.success) throw new CaptureImportError(line, describe(parsed.error));
  if (parsed.data.version !== CAPTURE_FILE_VERSION) {
    throw new CaptureImportError(line, `capture file version ${parsed.data.version} is not supported (this version reads ${CAPTURE_FILE_VERSION})`);
  }
  return parsed.data;
}

/** The first problem, with its place: `headers[2]: must be a [name, value] pair of strings`. */
function describe(error: ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** Tracks whether all lines share a connection, subscription and destination. */
class CommonValues {
  private readonly values: [string | undefined, string | undefined, string | undefined] = [undefined, undefined, undefined];
  private readonly mixed = [false, false, false];
  private first = true;

  see(...line: [string | undefined, string | undefined, string | undefined]): void {
    for (let i = 0; i < 3; i++) {
      if (this.first) this.values[i] = line[i];
      else if (this.values[i] !== line[i]) this.mixed[i] = true;
    }
    this.first = false;
  }

  get connectionId(): string | undefined {
    return this.mixed[0] ? undefined : this.values[0];
  }

  get subscriptionId(): string | undefined {
    return this.mixed[1] ? undefined : this.values[1];
  }

  get destination(): string | undefined {
    return this.mixed[2] ? undefined : this.values[2];
  }
}
