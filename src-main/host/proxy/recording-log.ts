/**
 * A recording re-opened offline: its lines, read one at a time (a recording may be large), become
 * the entries of a log, as if the session were running now. A frame's raw bytes are cut from the
 * bytes lines before it; passcodes stay masked, as they were written.
 */
import { ApiError } from '../../../src-core/api';
import { ByteQueue } from '../../../src-core/proxy/byte-queue';
import { recordingHeaderSchema, recordingLineSchema } from '../../../src-core/proxy/recording-format';
import { readLines, type LineSource } from '../capture/line-reader';
import { ProxyLog, type LogListener } from './proxy-log';

export async function recordingLog(id: string, source: LineSource, listener?: LogListener): Promise<ProxyLog> {
  let log: ProxyLog | undefined;
  const streams = new Map<string, ByteQueue>();
  const stream = (connection: number, direction: string) => {
    const key = `${connection}:${direction}`;
    let queue = streams.get(key);
    if (!queue) streams.set(key, (queue = new ByteQueue()));
    return queue;
  };
  for await (const { number, text } of readLines(source)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ApiError('invalid-request', `recording line ${number}: not valid JSON (${(error as Error).message})`);
    }
    if (!log) {
      const header = recordingHeaderSchema.safeParse(value);
      if (!header.success) throw new ApiError('invalid-request', `recording line ${number}: not a STOMP Explorer proxy recording`);
      log = new ProxyLog(id, 'recording', header.data.label ?? 'Recording', listener);
      continue;
    }
    const parsed = recordingLineSchema.safeParse(value);
    if (!parsed.success) throw new ApiError('invalid-request', `recording line ${number}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    const line = parsed.data;
    switch (line.type) {
      case 'open':
        log.open(line.connection, line.client, line.broker, line.atMs);
        break;
      case 'bytes': {
        const queue = stream(line.connection, line.direction);
        const bytes = Buffer.from(line.base64, 'base64');
        if (queue.end !== line.offset && queue.size > 0) throw new ApiError('invalid-request', `recording line ${number}: bytes at ${line.offset}, but the ones before end at ${queue.end}`);
        queue.push(bytes, line.offset);
        break;
      }
      case 'frame': {
        const queue = stream(line.connection, line.direction);
        const end = line.offset + line.size;
        const raw = line.offset >= queue.start && end <= queue.end ? new Uint8Array(queue.range(line.offset, end)) : undefined;
        queue.dropBefore(end);
        log.frame({
          connection: line.connection,
          direction: line.direction,
          frameSeq: line.seq,
          command: line.command,
          headers: line.headers,
          framing: line.framing,
          offset: line.offset,
          size: line.size,
          body: Buffer.from(line.bodyBase64, 'base64'),
          raw,
          at: line.atMs,
        });
        break;
      }
      case 'heartbeat':
        log.heartbeat(line.connection, line.direction, line.offset, line.atMs);
        break;
      case 'diagnostic':
        log.diagnostic(line.connection, line.direction, line, line.atMs);
        break;
      case 'negotiated':
        log.negotiated(line.connection, line);
        break;
      case 'hold':
        log.status(line.connection, line.seq, 'held');
        break;
      case 'released':
        log.status(line.connection, line.seq, line.action);
        break;
      case 'altered':
        log.status(line.connection, line.seq, line.action, { bytes: Buffer.from(line.base64, 'base64'), detail: line.detail });
        log.altered(line.connection, line.direction, line.seq, line.action, line.detail, line.atMs);
        break;
      case 'close':
        log.close(line.connection, line.initiator, line.reason, line.atMs);
        break;
    }
  }
  if (!log) throw new ApiError('invalid-request', 'the recording is empty');
  return log;
}
