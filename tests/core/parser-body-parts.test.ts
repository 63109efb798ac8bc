/** bodyParts: a spanning body's bytes as views of the chunks it came in, and the same bytes as `body`. */
import { describe, expect, it } from 'vitest';
import { bodyParts, StompParser } from '../../src-core/protocol/parser';

const encoder = new TextEncoder();

describe('bodyParts', () => {
  it('gives the pieces of a body that spans chunks without joining them, then the joined body', () => {
    const parser = new StompParser();
    const events = [
      ...parser.push(encoder.encode('MESSAGE\ncontent-length:10\n\n0123')),
      ...parser.push(encoder.encode('456')),
      ...parser.push(encoder.encode('789\0')),
    ];
    const frame = events.find((e) => e.type === 'frame')!;
    if (frame.type !== 'frame') throw new Error('no frame');
    const parts = bodyParts(frame.frame);
    expect(parts.map((p) => new TextDecoder().decode(p))).toEqual(['0123', '456', '789']);
    expect(new TextDecoder().decode(frame.frame.body)).toBe('0123456789');
    // Once joined, the parts are the joined body.
    expect(bodyParts(frame.frame)).toEqual([frame.frame.body]);
  });

  it('gives one part for a body inside one chunk, none for an empty body', () => {
    const [withBody] = new StompParser().push(encoder.encode('MESSAGE\n\nabc\0'));
    const [empty] = new StompParser().push(encoder.encode('RECEIPT\nreceipt-id:1\n\n\0'));
    if (withBody.type !== 'frame' || empty.type !== 'frame') throw new Error('no frame');
    expect(bodyParts(withBody.frame)).toEqual([withBody.frame.body]);
    expect(bodyParts(empty.frame)).toEqual([]);
  });
});
