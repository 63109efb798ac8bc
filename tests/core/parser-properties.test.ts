/**
 * Properties (fast-check): serialize → parse is the identity in every version; the events do not
 * depend on how the bytes are cut into chunks; arbitrary bytes never make the parser throw anything
 * but StompParseError, nor hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrame, type Frame, type Header } from '../../src-core/protocol/frame';
import { StompParseError } from '../../src-core/protocol/parse-error';
import { StompParser, type ParserOptions } from '../../src-core/protocol/parser';
import { serializeFrame, StompSerializeError } from '../../src-core/protocol/serializer';
import { commandsOf, escapesHeaders, mayHaveBody, VERSIONS, type StompVersion } from '../../src-core/protocol/spec';
import { bytewise, cut, feed, framesOf, outcomeOf, wire } from './fixtures/wire';

/** Strings heavy in what escaping and line splitting must get right, plus non-ASCII and NUL. */
const TRICKY_UNITS = ['\\', '\n', '\r', ':', ' ', 'c', 'n', 'r', 't', 'a', 'é', '日', '🎉', '\0', '\u2028', '\uFFFD'];

/** What the serializer can carry (serializer-refusals.test.ts covers what it refuses). */
function headerText(version: StompVersion, escaped: boolean, part: 'name' | 'value'): fc.Arbitrary<string> {
  // Without escaping, a line break can never be sent, nor a colon in a name (the first colon splits);
  // a NUL never; a CR only where 1.2 escapes it; and a name has at least one byte.
  const units = TRICKY_UNITS.filter(
    (u) => u !== '\0' && (escaped || (u !== '\n' && !(part === 'name' && u === ':'))) && (u !== '\r' || (escaped && version === '1.2')),
  );
  return fc.string({ unit: fc.constantFrom(...units), minLength: part === 'name' ? 1 : 0, maxLength: 12 });
}

function frameOf(version: StompVersion): fc.Arbitrary<Frame> {
  return fc.constantFrom(...commandsOf(version)).chain((command) => {
    const escaped = escapesHeaders(version, command);
    const header: fc.Arbitrary<Header> = fc.tuple(headerText(version, escaped, 'name'), headerText(version, escaped, 'value'));
    const body = mayHaveBody(version, command) ? fc.uint8Array({ maxLength: 80 }) : fc.constant(new Uint8Array(0));
    return fc.tuple(fc.array(header, { maxLength: 6 }), body).map(([headers, bytes]) =>
      createFrame(
        command,
        headers.filter(([name]) => name !== 'content-length'),
        bytes,
      ),
    );
  });
}

/** Between frames: heart-beats (LF, and CR LF in 1.2). */
function eolsOf(version: StompVersion): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...(version === '1.2' ? ['\n', '\r\n'] : ['\n'])), maxLength: 3 });
}

function streamOf(version: StompVersion) {
  return fc.array(fc.tuple(frameOf(version), eolsOf(version)), { minLength: 1, maxLength: 5 }).map((items) => ({
    frames: items.map(([frame]) => frame),
    bytes: wire(...items.flatMap(([frame, eols]) => [serializeFrame(frame, version), eols])),
  }));
}

const cutPoints = (maxLength: number) => fc.array(fc.integer({ min: 1, max: Math.max(1, maxLength) }), { maxLength: 12 });

describe.each(VERSIONS)('STOMP %s properties', (version) => {
  it('serialize → parse (strict) gives back every frame: command, headers in order, body', () => {
    fc.assert(
      fc.property(streamOf(version), ({ frames, bytes }) => {
        const { events, error } = feed([bytes], { version });
        expect(error).toBeUndefined();
        const parsed = framesOf(events);
        expect(parsed).toHaveLength(frames.length);
        parsed.forEach((got, i) => {
          const sent = frames[i];
          expect(got.command).toBe(sent.command);
          const length: Header[] = sent.body.length > 0 ? [['content-length', String(sent.body.length)]] : [];
          expect(got.headers).toEqual([...sent.headers, ...length]);
          expect(Array.from(got.body)).toEqual(Array.from(sent.body));
          expect(got.framing).toBe(sent.body.length > 0 ? 'content-length' : 'nul');
        });
        expect(events.filter((e) => e.type === 'diagnostic')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('any header at all is either refused with StompSerializeError or read back exactly', () => {
    const anyText = fc.string({ unit: fc.constantFrom(...TRICKY_UNITS), maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(...commandsOf(version)), anyText, anyText, (command, name, value) => {
        if (name === 'content-length') return;
        const frame = createFrame(command, [[name, value]]);
        let bytes: Uint8Array;
        try {
          bytes = serializeFrame(frame, version);
        } catch (error) {
          expect(error).toBeInstanceOf(StompSerializeError);
          return;
        }
        const { events, error } = feed([bytes], { version });
        expect(error).toBeUndefined();
        expect(framesOf(events)[0].headers).toEqual([[name, value]]);
      }),
      { numRuns: 500 },
    );
  });

  it('every chunking of the same bytes gives the same events (random cuts, and a byte at a time)', () => {
    fc.assert(
      fc.property(streamOf(version), cutPoints(600), fc.boolean(), ({ bytes }, points, strict) => {
        const options: ParserOptions = { version, strict };
        const whole = outcomeOf(feed([bytes], options));
        expect(outcomeOf(feed(cut(bytes, points), options))).toEqual(whole);
        expect(outcomeOf(feed(bytewise(bytes), options))).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });
});

/** Bytes that look like STOMP often enough to reach every state, and break it in every way. */
const stompish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'SEND',
        'MESSAGE',
        'ACK',
        'NACK',
        'STOMP',
        'CONNECTED',
        'FOO',
        '\n',
        '\r\n',
        '\r',
        '\0',
        ':',
        '\\',
        '\\n',
        '\\t',
        '\\c',
        'content-length:',
        'content-length:3',
        'content-length:0',
        'content-length:99999',
        'x:y',
        '\n\n',
        'é',
      ),
      fc.uint8Array({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => wire(...parts));

const smallLimits = fc.record({
  maxHeaders: fc.integer({ min: 0, max: 6 }),
  maxHeaderLineLength: fc.integer({ min: 1, max: 40 }),
  maxFrameSize: fc.integer({ min: 1, max: 200 }),
});

describe('arbitrary input', () => {
  it('never throws anything but StompParseError, and always finishes (strict and lenient, every version)', () => {
    fc.assert(
      fc.property(fc.oneof(stompish, fc.uint8Array({ maxLength: 300 })), fc.constantFrom(...VERSIONS), fc.boolean(), fc.option(smallLimits), (bytes, version, strict, limits) => {
        const parser = new StompParser({ version, strict, limits: limits ?? undefined });
        try {
          parser.push(bytes);
          parser.end();
        } catch (error) {
          expect(error).toBeInstanceOf(StompParseError);
          const { rule, offset } = error as StompParseError;
          expect(typeof rule).toBe('string');
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('errors and events do not depend on the chunking either, limits included', () => {
    fc.assert(
      fc.property(stompish, cutPoints(300), fc.constantFrom(...VERSIONS), fc.boolean(), fc.option(smallLimits), (bytes, points, version, strict, limits) => {
        const options: ParserOptions = { version, strict, limits: limits ?? undefined };
        const whole = outcomeOf(feed([bytes], options));
        expect(outcomeOf(feed(cut(bytes, points), options))).toEqual(whole);
        expect(outcomeOf(feed(bytewise(bytes), options))).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it('lenient mode goes on after every broken rule that is not a limit or the end of input', () => {
    fc.assert(
      fc.property(stompish, fc.constantFrom(...VERSIONS), (bytes, version) => {
        const { error } = feed([bytes, wire('\0\nRECEIPT\nreceipt-id:x\n\n\0')], { version, strict: false });
        if (error) expect(['frame-too-large', 'too-many-headers', 'header-line-too-long', 'truncated-frame']).toContain(error.rule);
      }),
      { numRuns: 1000 },
    );
  });
});
