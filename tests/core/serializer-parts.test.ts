/** The zero-copy path writes exactly the bytes of the one-buffer path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrame } from '../../src-core/protocol/frame';
import { serializeFrame, serializeFrameParts } from '../../src-core/protocol/serializer';
import { VERSIONS } from '../../src-core/protocol/spec';
import { joinBytes } from '../../src-core/protocol/join-bytes';

describe('serializeFrameParts', () => {
  it('is serializeFrame in three pieces, and shares the body instead of copying it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VERSIONS),
        fc.array(fc.tuple(fc.string({ unit: 'grapheme-ascii' }).filter((n) => n.length > 0 && !/[:\r\n]/.test(n)), fc.string({ unit: 'grapheme-ascii' }).filter((v) => !/[\r\n]/.test(v))), { maxLength: 5 }),
        fc.uint8Array({ maxLength: 2048 }),
        (version, headers, body) => {
          const frame = createFrame('SEND', [['destination', '/queue/a'], ...headers], body);
          const parts = serializeFrameParts(frame, version);
          expect(joinBytes(parts)).toEqual(serializeFrame(frame, version));
          expect(parts[1]).toBe(body);
        },
      ),
    );
  });
});
