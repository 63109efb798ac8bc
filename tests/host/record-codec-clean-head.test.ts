/**
 * A record kept from a raw frame says whether its head is "clean" (ASCII, no backslash, no CR, one
 * header a line): a search trusts a match in a clean head without parsing it. The check runs for
 * every message received, so it is a hand-written byte loop; these cases pin what it accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRecord, layoutOf, measureRecord, type MeasuredLengths, type RecordInput } from '../../src-main/host/capture/record-codec';
import type { Header } from '../../src-core/protocol/frame';
import { StompParser } from '../../src-core/protocol/parser';

function cleanHeadOf(head: string, headers: Header[], body = 'body'): boolean {
  const headBytes = Buffer.from(head, 'latin1');
  const bodyBytes = Buffer.from(body, 'latin1');
  const raw = Buffer.concat([headBytes, bodyBytes, Buffer.from([0])]);
  const input = { seq: 1, receivedAt: 0, framing: 'nul' as const, origin: 0, command: 'MESSAGE', headers, body: raw.subarray(headBytes.length, raw.length - 1), raw, version: '1.2' as const };
  const lengths: MeasuredLengths = [];
  const size = measureRecord(input, lengths);
  const target = Buffer.alloc(size);
  encodeRecord(input, lengths, size, target, 0);
  const layout = layoutOf(target);
  expect(layout.headLength).toBe(headBytes.length);
  return layout.cleanHead;
}

const TWO: Header[] = [
  ['destination', '/queue/a'],
  ['message-id', '7'],
];

function flagOf(input: RecordInput): boolean {
  const lengths: MeasuredLengths = [];
  const size = measureRecord(input, lengths);
  const target = Buffer.alloc(size);
  encodeRecord(input, lengths, size, target, 0);
  return layoutOf(target).cleanHead;
}

describe('a record’s clean-head flag', () => {
  it('is set for an ASCII head with one name:value a line', () => {
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\nmessage-id:7\n\n', TWO)).toBe(true);
    expect(cleanHeadOf('MESSAGE\n\n', [])).toBe(true);
  });

  it('is not set for a backslash, a CR or a byte over 0x7f anywhere in the head', () => {
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\\c\nmessage-id:7\n\n', TWO)).toBe(false);
    expect(cleanHeadOf('MESSAGE\r\ndestination:/queue/a\nmessage-id:7\n\n', TWO)).toBe(false);
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\r\nmessage-id:7\n\n', TWO)).toBe(false);
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/\xe9\nmessage-id:7\n\n', TWO)).toBe(false);
    expect(cleanHeadOf('MESS\xc1GE\ndestination:/queue/a\nmessage-id:7\n\n', TWO)).toBe(false);
  });

  it('is not set when a line has no colon or the lines and the headers disagree in number', () => {
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\nmessage-id7\n\n', TWO)).toBe(false);
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\nmessage-id:7\nx:y\n\n', TWO)).toBe(false);
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\n\n', TWO)).toBe(false);
  });

  it('does not depend on the body, whatever its bytes', () => {
    expect(cleanHeadOf('MESSAGE\ndestination:/queue/a\nmessage-id:7\n\n', TWO, 'a\\b\r\n\xff:')).toBe(true);
  });

  it('takes the parser’s word when it has one (the head is not looked at again)', () => {
    const head = Buffer.from('MESSAGE\ndestination:/queue/a\n\n', 'latin1');
    const raw = Buffer.concat([head, Buffer.from('x\0', 'latin1')]);
    const base = { seq: 1, receivedAt: 0, framing: 'nul' as const, origin: 0, command: 'MESSAGE', headers: [['destination', '/queue/a']] as Header[], body: raw.subarray(head.length, raw.length - 1), raw, version: '1.2' as const };
    expect(flagOf(base)).toBe(true);
    expect(flagOf({ ...base, plainHead: false })).toBe(false);
  });

  it('is the same whether the parser says it (plainHead) or the record looks for itself', () => {
    // Heads of the bytes that decide it: letters, colons, backslashes, CR, LF, UTF-8, an invalid byte.
    const unit = fc.constantFrom('a', 'b', ':', '\\', '\\c', '\r', '\n', '\xc3\xa9', '\x80', '/', '-');
    const line = fc.string({ unit, minLength: 1, maxLength: 8 }).filter((text) => !text.startsWith('\n'));
    const heads = fc.array(line, { maxLength: 5 }).map((lines) => `MESSAGE\n${lines.map((l) => `${l.replace(/\n+$/, '')}\n`).join('')}\n`);
    let judged = 0;
    let clean = 0;
    fc.assert(
      fc.property(heads, fc.constantFrom('1.0' as const, '1.1' as const, '1.2' as const), (head, version) => {
        const stream = Buffer.from(`${head}body\0`, 'latin1');
        const parser = new StompParser({ version, strict: false });
        for (const event of parser.push(stream)) {
          if (event.type !== 'frame' || event.frame.command !== 'MESSAGE') continue;
          const { frame } = event;
          const raw = stream.subarray(frame.offset, frame.offset + frame.size);
          const base = { seq: 1, receivedAt: 0, framing: frame.framing, origin: 0, command: frame.command, headers: frame.headers, body: frame.body, raw, version };
          expect(frame.plainHead).toBeTypeOf('boolean');
          const looked = flagOf(base);
          expect(flagOf({ ...base, plainHead: frame.plainHead }), JSON.stringify(head)).toBe(looked);
          judged++;
          if (looked) clean++;
        }
      }),
      { numRuns: 2_000 },
    );
    expect(judged).toBeGreaterThan(1_000);
    // Both answers came up often: the property is not decided by one side alone.
    expect(clean).toBeGreaterThan(judged / 10);
    expect(judged - clean).toBeGreaterThan(judged / 10);
  });
});
