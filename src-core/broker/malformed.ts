/**
 * Bytes that break the spec, for the `malformedAfterFrames` switch and `sendMalformed()`. Each is
 * one whole frame as far as the stream goes, so a lenient client that skips it stays in sync.
 */
import { createFrame, type Header } from '../protocol/frame';
import { serializeFrame } from '../protocol/serializer';
import type { StompVersion } from '../protocol/spec';
import type { MalformedKind } from './faults';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The kind actually written: an undefined escape is no error where escapes do not exist. */
export function effectiveMalformedKind(kind: MalformedKind | undefined, version: StompVersion | undefined): MalformedKind {
  const escapes = version === '1.1' || version === '1.2';
  if (kind === undefined) return escapes ? 'undefined-escape' : 'content-length-without-nul';
  if (kind === 'undefined-escape' && !escapes) return 'content-length-without-nul';
  return kind;
}

/**
 * A malformed frame addressed to `subscriptionId` when there is one (so a client reaches its
 * MESSAGE handling, not just an unknown-subscription check).
 */
export function malformedBytes(kind: MalformedKind, version: StompVersion, subscriptionId: string | undefined): Uint8Array {
  const headers: Header[] = [];
  if (subscriptionId !== undefined) headers.push(['subscription', subscriptionId]);
  headers.push(['message-id', 'sandbox-malformed'], ['destination', '/queue/sandbox.malformed'], ['x-sandbox-fault', kind]);
  switch (kind) {
    case 'undefined-escape': {
      // Serialize a correct frame with a placeholder value, then put the raw `\t` in its place.
      const good = serializeFrame(createFrame('MESSAGE', [...headers, ['x-sandbox-escape', 'PLACEHOLDER']], 'hello'), version);
      return encoder.encode(decoder.decode(good).replace('x-sandbox-escape:PLACEHOLDER', 'x-sandbox-escape:tab\\there'));
    }
    case 'content-length-without-nul': {
      // content-length says 5, but 6 bytes come before the NUL: byte 6 is where the NUL must be.
      const good = serializeFrame(createFrame('MESSAGE', headers, 'hello'), version);
      const bad = new Uint8Array(good.length + 1);
      bad.set(good.subarray(0, good.length - 1));
      bad[good.length - 1] = 0x21; // '!'
      bad[good.length] = 0;
      return bad;
    }
    case 'unknown-command':
      return encoder.encode('MESAGE\ndestination:/queue/sandbox.malformed\n\nhello\0');
  }
}
