/**
 * The shape of the parser's costs, asserted by counting bytes copied rather than by timing (timing
 * belongs to tests/bench): a big body is copied at most once, and a big head fed a byte at a time
 * costs work linear in its size.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getHeader } from '../../src-core/protocol/frame';
import { StompParser } from '../../src-core/protocol/parser';
import { framesOf, wire } from './fixtures/wire';

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as { set: (source: ArrayLike<number>, offset?: number) => void };
const originalSet = typedArrayPrototype.set;
let copied = 0;

/** Counts every byte any typed array copies with set() (the parser's only way of copying). */
function countCopies(): void {
  copied = 0;
  typedArrayPrototype.set = function (this: Uint8Array, source: ArrayLike<number>, offset?: number) {
    copied += source.length;
    return originalSet.call(this, source, offset);
  };
}

afterEach(() => {
  typedArrayPrototype.set = originalSet;
});

describe('parser cost shape (not timed)', () => {
  it('a 64 MiB body in 64 KiB chunks is copied at most once, and comes out byte-exact', () => {
    const size = 64 * 1024 * 1024;
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) body[i] = (i >>> 12) & 0xff;
    body[size - 1] = 0x7f;
    const bytes = wire(`MESSAGE\ndestination:/q\ncontent-length:${size}\n\n`, body, 0, '\n');
    // Each chunk in memory of its own, as node:net's default reads hand them over.
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 64 * 1024) chunks.push(bytes.slice(at, at + 64 * 1024));

    countCopies();
    const parser = new StompParser();
    const events = chunks.flatMap((chunk) => parser.push(chunk));
    const copiedWhileParsing = copied;
    const [frame] = framesOf(events);
    expect(frame.body.length).toBe(size);
    const copiedInAll = copied;
    typedArrayPrototype.set = originalSet;

    // Parsing copies no body byte; reading the body joins the chunks once.
    expect(copiedWhileParsing).toBeLessThan(1024);
    expect(copiedInAll - copiedWhileParsing).toBe(size);
    expect(Buffer.compare(frame.body, body)).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['frame', 'heartbeat']);
  });

  it('a body whose chunks lie back to back in one buffer (as the TCP transport reads into its slabs) is not copied at all', () => {
    const size = 8 * 1024 * 1024;
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i += 512) body[i] = (i >>> 9) & 0xff;
    const bytes = wire(`MESSAGE\ndestination:/q\ncontent-length:${size}\n\n`, body, 0);
    countCopies();
    const parser = new StompParser();
    const events: ReturnType<StompParser['push']> = [];
    for (let at = 0; at < bytes.length; at += 64 * 1024) events.push(...parser.push(bytes.subarray(at, at + 64 * 1024)));
    const [frame] = framesOf(events);
    expect(frame.body.length).toBe(size);
    expect(copied).toBeLessThan(1024);
    // A view of the very bytes pushed.
    expect(frame.body.buffer).toBe(bytes.buffer);
    expect(Buffer.compare(frame.body, body)).toBe(0);
  });

  it('a 64 MiB body without content-length (up to the NUL) is copied at most once too', () => {
    const size = 64 * 1024 * 1024;
    const body = new Uint8Array(size).fill(0x61);
    const bytes = wire('MESSAGE\ndestination:/q\n\n', body, 0);
    countCopies();
    const parser = new StompParser();
    const events: ReturnType<StompParser['push']> = [];
    for (let at = 0; at < bytes.length; at += 64 * 1024) events.push(...parser.push(bytes.slice(at, at + 64 * 1024)));
    const [frame] = framesOf(events);
    expect(frame.framing).toBe('nul');
    expect(frame.body.length).toBe(size);
    expect(copied).toBeLessThanOrEqual(size + 1024);
  });

  it('a 1 MiB head fed a byte at a time costs linear work (bytes copied < 3 × its size)', () => {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < 1024 * 1024; i++) {
      const line = `header-${i}:${'v'.repeat(40)}\n`;
      lines.push(line);
      length += line.length;
    }
    const bytes = wire('MESSAGE\n', ...lines, '\n\0');
    const parser = new StompParser({ limits: { maxHeaders: lines.length } });
    countCopies();
    const events = [];
    const one = new Uint8Array(1);
    for (let i = 0; i < bytes.length; i++) {
      // A fresh one-byte view each time: the parser may keep references to what it is fed.
      one[0] = bytes[i];
      events.push(...parser.push(one.slice()));
    }
    typedArrayPrototype.set = originalSet;
    expect(copied).toBeLessThan(3 * bytes.length);
    const [frame] = framesOf(events);
    expect(frame.headers).toHaveLength(lines.length);
    expect(getHeader(frame, `header-${lines.length - 1}`)).toBe('v'.repeat(40));
  });
});
