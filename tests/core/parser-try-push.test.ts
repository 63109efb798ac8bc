/** tryPush: the frames before a broken rule and the error, without a throw; a failed parser stays failed. */
import { describe, expect, it } from 'vitest';
import { StompParseError } from '../../src-core/protocol/parse-error';
import { StompParser } from '../../src-core/protocol/parser';

const encoder = new TextEncoder();

describe('tryPush', () => {
  it('returns what completed before the broken rule, with the error', () => {
    const parser = new StompParser();
    const { events, error } = parser.tryPush(encoder.encode('ERROR\nmessage:bye\n\n\0SEND\nx:a\\tb\n\n\0'));
    expect(events).toEqual([expect.objectContaining({ type: 'frame', frame: expect.objectContaining({ command: 'ERROR' }) })]);
    expect(error).toBeInstanceOf(StompParseError);
    expect(error).toMatchObject({ rule: 'undefined-escape', offset: 28 });
    // Later input gets the same error and no events handed over twice.
    const again = parser.tryPush(encoder.encode('RECEIPT\nreceipt-id:1\n\n\0'));
    expect(again.events).toEqual([]);
    expect(again.error).toBe(error);
  });

  it('is push when nothing is wrong', () => {
    const { events, error } = new StompParser().tryPush(encoder.encode('RECEIPT\nreceipt-id:1\n\n\0\n'));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['frame', 'heartbeat']);
  });
});
