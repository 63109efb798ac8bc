/**
 * UTF-8 helpers the parser needs only on its error paths; the hot path uses TextDecoder alone.
 *
 * Both walk the bytes exactly as the WHATWG decoder behind TextDecoder does (an invalid sequence
 * ends at its first offending byte, which is then read again as the start of the next one), so a
 * position found here matches the text TextDecoder produced, U+FFFD for U+FFFD.
 */

/** Index of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = sequenceLength(b);
    if (need === 0 || i + need >= n) return i;
    let lower = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    let upper = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c < lower || c > upper) return i;
      lower = 0x80;
      upper = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * The byte index at which the UTF-16 code unit `charIndex` of `new TextDecoder().decode(bytes)`
 * begins (`bytes.length` past the end). Invalid sequences count as the one U+FFFD they decode to.
 */
export function byteOffsetOfChar(bytes: Uint8Array, charIndex: number): number {
  return byteOffsetsOfChars(bytes, [charIndex])[0];
}

/**
 * `byteOffsetOfChar` for many code-unit indexes at once, in one walk over the bytes: the cost is
 * linear in `bytes.length` plus the sorting of `charIndexes`, however many there are. (Walking from
 * the start for each index made a head with thousands of diagnostics quadratic.) The result is in
 * the order of `charIndexes`.
 */
export function byteOffsetsOfChars(bytes: Uint8Array, charIndexes: readonly number[]): number[] {
  const order = charIndexes.map((_, k) => k);
  if (charIndexes.length > 1) order.sort((a, b) => charIndexes[a] - charIndexes[b]);
  const result = new Array<number>(charIndexes.length);
  const n = bytes.length;
  let units = 0;
  let i = 0;
  let next = 0;
  while (next < order.length) {
    const wanted = charIndexes[order[next]];
    if (units >= wanted || i >= n) {
      result[order[next++]] = i;
      continue;
    }
    const b = bytes[i];
    if (b < 0x80) {
      units++;
      i++;
      continue;
    }
    const need = sequenceLength(b);
    let lower = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    let upper = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let k = 1;
    for (; k <= need && i + k < n; k++) {
      const c = bytes[i + k];
      if (c < lower || c > upper) break;
      lower = 0x80;
      upper = 0xbf;
    }
    // A whole sequence decodes to one unit (two for the 4-byte ones); a broken one to one U+FFFD
    // covering the lead byte and the continuation bytes that were still acceptable.
    units += k > need && need === 3 ? 2 : 1;
    i += need === 0 ? 1 : k;
  }
  return result;
}

/** Continuation bytes a lead byte announces; 0 for a byte that cannot start a sequence. */
function sequenceLength(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 1;
  if (b >= 0xe0 && b <= 0xef) return 2;
  if (b >= 0xf0 && b <= 0xf4) return 3;
  return 0;
}

/** Bytes taken by the first `chars` UTF-16 code units of `text` when encoded as UTF-8. */
export function utf8Length(text: string, chars = text.length): number {
  let bytes = 0;
  for (let i = 0; i < chars; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < chars) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
