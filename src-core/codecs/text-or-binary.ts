/**
 * Text or binary? A body is shown as text only when it truly is text: it decodes without a
 * single error in its charset (UTF-8 unless the content-type says otherwise) and holds no control
 * characters besides tab, line feed, carriage return and form feed. Anything else is binary and is
 * shown as hex: never as mojibake. Linear in the body's size; a very large body is judged by its
 * first and last MiB.
 */

export type TextJudgement = { readonly kind: 'text'; readonly charset: string } | { readonly kind: 'binary'; readonly reason: string };

/** Bodies up to this size are checked whole; larger ones by their head and tail. */
const WHOLE_LIMIT = 32 * 1024 * 1024;
const SAMPLE = 1024 * 1024;
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

export function judgeText(bytes: Uint8Array, charset = 'utf-8'): TextJudgement {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    return { kind: 'binary', reason: `the charset ${JSON.stringify(charset)} is not one this app can decode` };
  }
  const samples = bytes.length <= WHOLE_LIMIT ? [bytes] : [bytes.subarray(0, SAMPLE), bytes.subarray(bytes.length - SAMPLE)];
  for (let i = 0; i < samples.length; i++) {
    let text: string;
    try {
      // A tail sample may start inside a multi-byte character: skip continuation bytes first.
      const sample = i === 1 ? skipContinuation(samples[i]) : samples[i];
      text = decoder.decode(sample, { stream: samples.length > 1 && i === 0 });
      if (samples.length > 1 && i === 0) decoder = new TextDecoder(charset, { fatal: true });
    } catch {
      return { kind: 'binary', reason: `not valid ${decoder.encoding}` };
    }
    const control = CONTROL.exec(text);
    if (control) return { kind: 'binary', reason: `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` };
  }
  return { kind: 'text', charset: decoder.encoding };
}

function skipContinuation(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < 4 && i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
  return bytes.subarray(i);
}
