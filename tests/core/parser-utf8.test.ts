/** The UTF-8 helpers behind the parser's byte offsets agree with TextDecoder on any bytes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteOffsetOfChar, firstInvalidUtf8 } from '../../src-core/protocol/utf8';

const lenientDecoder = new TextDecoder('utf-8');
const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes mixing ASCII, valid sequences of every length, and the classic broken ones. */
const utf8ish = fc
  .array(
    fc.oneof(
      fc.constantFrom([0x41], [0xc3, 0xa9], [0xe6, 0x97, 0xa5], [0xf0, 0x9f, 0x8e, 0x89], [0xef, 0xbf, 0xbd]),
      fc.constantFrom([0x80], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xe2, 0x82], [0xf0, 0x9f]),
      fc.uint8Array({ maxLength: 4 }).map((a) => Array.from(a)),
    ),
    { maxLength: 20 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe('utf8 helpers', () => {
  it('firstInvalidUtf8 finds exactly where a fatal TextDecoder gives up', () => {
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        const bad = firstInvalidUtf8(bytes);
        if (bad < 0) {
          expect(() => fatalDecoder.decode(bytes)).not.toThrow();
          return;
        }
        expect(() => fatalDecoder.decode(bytes.subarray(0, bad))).not.toThrow();
        expect(() => fatalDecoder.decode(bytes)).toThrow();
        // The first replacement character of a lenient decode stands for the byte found.
        const textBefore = fatalDecoder.decode(bytes.subarray(0, bad));
        expect(lenientDecoder.decode(bytes).charAt(textBefore.length)).toBe('\uFFFD');
      }),
      { numRuns: 3000 },
    );
  });

  it('byteOffsetOfChar maps a character index of the decoded text back to its first byte', () => {
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        const text = lenientDecoder.decode(bytes);
        for (let k = 0; k <= text.length; k++) {
          const code = text.charCodeAt(k);
          if (code >= 0xdc00 && code <= 0xdfff) continue; // the second half of a pair has no byte of its own
          const at = byteOffsetOfChar(bytes, k);
          expect(lenientDecoder.decode(bytes.subarray(0, at))).toBe(text.slice(0, k));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('known cases', () => {
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xe2, 0x82, 0xac))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xe2, 0x82))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0);
    // "a" + broken 2 of 3 bytes (one U+FFFD) + "b": b is character 2, byte 3.
    expect(byteOffsetOfChar(Uint8Array.of(0x61, 0xe2, 0x82, 0x62), 2)).toBe(3);
    expect(byteOffsetOfChar(Uint8Array.of(0xf0, 0x9f, 0x8e, 0x89, 0x62), 2)).toBe(4);
  });
});
