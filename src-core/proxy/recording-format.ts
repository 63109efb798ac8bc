/**
 * A proxy recording: NDJSON, one JSON object a line, written as the session goes (a crash loses
 * at most the last line). The first line says what the file is:
 *   {"type":"stomp-explorer-proxy-recording","version":1,"label":…,"startedAt":ISO,"listen":…,"upstream":…,"redacted":["passcode"]}
 * then, per proxied connection and in the order things happened:
 *   {"type":"open","connection":N,"atMs","client","broker"}
 *   {"type":"bytes","connection":N,"direction","atMs","offset","base64"}   every byte as received from that side
 *   {"type":"frame","connection":N,"direction","seq","offset","size","atMs", + a capture message line:
 *    "receivedAt","receivedAtMs","command","headers":[[name,value],…],"bodyBase64","framing","destination"?}
 *   {"type":"heartbeat"|"diagnostic"|"negotiated"|"hold"|"released"|"altered"|"close",…}
 * The `bytes` lines are the truth (replay sends them); the frame lines are the proxy's reading of
 * them, and are also valid lines of a capture file, so the capture import opens a recording as
 * a capture of every frame both ways. `altered` lines say what went out instead of a frame
 * (edited, dropped, swallowed, corrupted, or a rewritten CONNECT), so a replay can send the
 * conversation as the broker saw it. Passcodes are never written: every byte of a CONNECT's
 * passcode value is `*`, in the bytes, frame and altered lines alike (lengths, so offsets, stay).
 */
import { z } from 'zod';

export const RECORDING_FILE_TYPE = 'stomp-explorer-proxy-recording';
export const RECORDING_FILE_VERSION = 1;

const base64 = z.string().refine(isBase64, 'is not base64');
const direction = z.enum(['client-to-broker', 'broker-to-client']);
const connection = z.number().int().min(1);
const count = z.number().int().min(0);
const atMs = z.number().finite();
const header = z.tuple([z.string(), z.string()], { error: 'must be a [name, value] pair of strings' });

export const recordingHeaderSchema = z.object({
  type: z.literal(RECORDING_FILE_TYPE),
  version: z.number().int(),
  label: z.string().optional(),
  startedAt: z.string().optional(),
  listen: z.string().optional(),
  upstream: z.string().optional(),
  redacted: z.array(z.string()).optional(),
});
export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;

export const recordingLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), connection, atMs, client: z.string(), broker: z.string() }),
  z.object({ type: z.literal('bytes'), connection, direction, atMs, offset: count, base64 }),
  z.object({
    type: z.literal('frame'),
    connection,
    direction,
    seq: z.number().int().min(1),
    offset: count,
    size: count,
    atMs,
    connectionId: z.string().optional(),
    receivedAt: z.string().optional(),
    receivedAtMs: atMs.optional(),
    destination: z.string().optional(),
    command: z.string(),
    headers: z.array(header),
    bodyBase64: base64,
    framing: z.enum(['content-length', 'nul']),
  }),
  z.object({ type: z.literal('heartbeat'), connection, direction, atMs, offset: count }),
  z.object({ type: z.literal('diagnostic'), connection, direction, atMs, rule: z.string(), offset: count, message: z.string() }),
  z.object({
    type: z.literal('negotiated'),
    connection,
    atMs,
    version: z.enum(['1.0', '1.1', '1.2']),
    clientBeatsEvery: count,
    brokerBeatsEvery: count,
    server: z.string().optional(),
  }),
  z.object({ type: z.literal('hold'), connection, direction, atMs, seq: z.number().int().min(1), rule: z.string() }),
  z.object({ type: z.literal('released'), connection, direction, atMs, seq: z.number().int().min(1), action: z.enum(['forwarded', 'edited', 'dropped', 'discarded']) }),
  z.object({
    type: z.literal('altered'),
    connection,
    direction,
    atMs,
    seq: z.number().int().min(1),
    offset: count,
    size: count,
    action: z.enum(['edited', 'dropped', 'swallowed', 'corrupted', 'rewritten']),
    detail: z.string(),
    base64,
  }),
  z.object({ type: z.literal('close'), connection, atMs, initiator: z.enum(['client', 'broker', 'proxy', 'fault']), reason: z.string() }),
]);
export type RecordingLine = z.infer<typeof recordingLineSchema>;

/** Standard base64 with padding; a loop, not a RegExp (bodies of tens of MiB). */
export function isBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < n - padding; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}
