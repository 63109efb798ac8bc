/**
 * Wire logs to and from files. Export: the host's NDJSON pages joined into a Blob (never one huge
 * string). Open: a file read line by line, yielding to the page every few thousand lines so a
 * 100 000-entry log never blocks the tab; each line checked, an error names the line.
 */
import type { WireEntryView } from '../../../../src-core/api';
import { request } from '../../api-client';

export const WIRE_FILE_FORMAT = 'stomp-explorer-wire-log';
const PAGE = 2_000;

export async function exportWireLog(connectionId: string, onProgress?: (done: number, total: number) => void): Promise<Blob> {
  const parts: string[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page: { ndjson: string; next: number | null; total: number } = await request('wire.exportPage', { connectionId, offset, limit: PAGE });
    parts.push(page.ndjson);
    onProgress?.(Math.min(page.total, offset + PAGE), page.total);
    offset = page.next;
  }
  return new Blob(parts, { type: 'application/x-ndjson' });
}

export interface OpenedWireLog {
  readonly name: string;
  readonly profile?: string;
  readonly broker?: string;
  readonly exportedAt?: string;
  readonly entries: (WireEntryView & { bytes?: string })[];
}

export async function openWireLogFile(file: File): Promise<OpenedWireLog> {
  const text = await file.text();
  const lines = text.split('\n');
  const first = parseLine(lines[0], 1);
  if (first.type !== WIRE_FILE_FORMAT) throw new Error(`${file.name} is not a STOMP Explorer wire log: line 1 should say "type":"${WIRE_FILE_FORMAT}"`);
  const entries: (WireEntryView & { bytes?: string })[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const line = parseLine(lines[i], i + 1);
    if (line.type !== 'entry' || typeof line.seq !== 'number' || typeof line.at !== 'number' || typeof line.kind !== 'string') {
      throw new Error(`${file.name}, line ${i + 1}: not a wire-log entry (it needs "type":"entry", a seq, a time and a kind)`);
    }
    const { type: _type, ...entry } = line;
    entries.push(entry as unknown as WireEntryView & { bytes?: string });
    // Let the page breathe: a long file is read in slices.
    if (i % 5_000 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { name: file.name, profile: str(first.profile), broker: str(first.broker), exportedAt: str(first.exportedAt), entries };
}

function parseLine(line: string, number: number): Record<string, unknown> {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new Error(`line ${number} is not JSON: ${(error as Error).message}`);
  }
  throw new Error(`line ${number} is not a JSON object`);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
