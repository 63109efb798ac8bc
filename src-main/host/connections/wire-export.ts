/**
 * The wire log as NDJSON, a page at a time (the renderer joins the pages into a file, never one
 * huge string): a header line, then one line per entry with the frame's bytes as base64 while the
 * log still keeps them. The same file opens offline in the wire log.
 *
 *   {"type":"stomp-explorer-wire-log","version":1,"profile":"…","broker":"…","exportedAt":"…"}
 *   {"type":"entry","seq":0,"at":…,"direction":"out","kind":"frame","command":"CONNECT","headers":[…],"size":…,"bytes":"<base64>"}
 */
import type { WireEntryView } from '../../../src-core/api';
import type { LiveConnection } from './live-connection';

export const WIRE_EXPORT_FORMAT = 'stomp-explorer-wire-log';

export function wireExportPage(connection: LiveConnection, offset: number, limit: number): { ndjson: string; next: number | null; total: number } {
  const { wire } = connection;
  const first = Math.max(offset, wire.total - wire.capacityKept);
  const lines: string[] = [];
  if (offset === 0) {
    lines.push(JSON.stringify({ type: WIRE_EXPORT_FORMAT, version: 1, profile: connection.profile.name, broker: connection.client.connectedInfo?.broker, exportedAt: new Date().toISOString() }));
  }
  for (const { seq, entry } of wire.page(first, limit)) lines.push(entryLine(entry, wire.frameBytes(seq)));
  const end = first + limit;
  return { ndjson: lines.length ? `${lines.join('\n')}\n` : '', next: end < wire.total ? end : null, total: wire.total };
}

function entryLine(entry: WireEntryView, bytes: Uint8Array | undefined): string {
  const line: Record<string, unknown> = { type: 'entry', ...entry };
  if (bytes) line.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return JSON.stringify(line);
}
