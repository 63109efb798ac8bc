/**
 * A record kept from a raw frame says whether its head is "clean" (ASCII, no backslash, no CR, one
 * header a line): a search trusts a match in a clean head without parsing it. The check runs for
 * every message received, so it is a hand-written byte loop; these cases pin what it accepts.
 */
import { describe, expect, it } from 'vitest';
import { encodeRecord, layoutOf, measureRecord, type MeasuredLengths } from '../../src-main/host/capture/record-codec';
import type { Header } from '../../src-core/protocol/frame';

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
});
