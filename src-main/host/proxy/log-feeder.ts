/**
 * Feeds a proxy's (or a replay's) events into its log, copying what the log keeps: the proxy's
 * read memory is not the log's to hold. Returns the function that stops feeding.
 */
import { bodyParts } from '../../../src-core/protocol/parser';
import { redactPasscodeBytes, shownHeaders, type ProxyEvents } from '../../../src-core/proxy';
import { isConnectCommand } from '../../../src-core/proxy/credentials';
import type { ProxyLog } from './proxy-log';

export interface ProxyEventSource {
  on<K extends keyof ProxyEvents & string>(event: K, listener: (payload: ProxyEvents[K]) => void): () => void;
}

export function feedLog(source: ProxyEventSource, log: ProxyLog): () => void {
  const stops = [
    source.on('open', (e) => log.open(e.connection, e.client, e.broker, e.at)),
    source.on('negotiated', (e) => log.negotiated(e.connection, e.session)),
    source.on('frame', (e) => {
      const { frame } = e;
      log.frame({
        connection: e.connection,
        direction: e.direction,
        frameSeq: e.seq,
        command: frame.command,
        // A passcode never reaches the UI: masked as in recordings (same length, offsets true).
        headers: shownHeaders(frame.command, frame.headers),
        framing: frame.framing,
        offset: frame.offset,
        size: frame.size,
        body: copyBody(frame),
        raw: isConnectCommand(frame.command) ? redactPasscodeBytes(e.raw()) : new Uint8Array(e.raw()),
        at: e.at,
      });
    }),
    source.on('heartbeat', (e) => log.heartbeat(e.connection, e.direction, e.offset, e.at)),
    source.on('diagnostic', (e) => log.diagnostic(e.connection, e.direction, e.diagnostic, e.at)),
    source.on('hold', (e) => log.status(e.connection, e.seq, 'held')),
    source.on('released', (e) => log.status(e.connection, e.seq, e.action)),
    source.on('altered', (e) => {
      // A hold's edit or drop is told by 'released' too; the bytes that went out are kept here.
      const bytes = e.action === 'rewritten' || (e.action === 'edited' && /^(CONNECT|STOMP)\r?\n/.test(Buffer.from(e.bytes.subarray(0, 9)).toString('latin1'))) ? redactPasscodeBytes(e.bytes) : e.bytes;
      log.status(e.connection, e.seq, e.action, { bytes, detail: e.detail });
      log.altered(e.connection, e.direction, e.seq, e.action, e.detail, e.at);
    }),
    source.on('close', (e) => log.close(e.connection, e.initiator, e.reason, e.at)),
  ];
  return () => stops.forEach((stop) => stop());
}

function copyBody(frame: ProxyEvents['frame']['frame']): Uint8Array {
  const parts = bodyParts(frame);
  let length = 0;
  for (const part of parts) length += part.length;
  const body = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return body;
}
