/**
 * Every ParseRule broken in strict mode (exact byte offset) and in lenient mode (what is kept), the
 * limits, the end of input, failure and reset, version changes, and the rules that differ by version.
 */
import { describe, expect, it } from 'vitest';
import { getHeader } from '../../src-core/protocol/frame';
import { StompParseError, type ParseRule } from '../../src-core/protocol/parse-error';
import { StompParser, parseAll, type ParseEvent } from '../../src-core/protocol/parser';
import { VERSIONS } from '../../src-core/protocol/spec';
import { bytewise, cut, diagnosticsOf, feed, framesOf, lenient, offsetOf, outcomeOf, strictError, text, wire } from './fixtures/wire';

const ALL_RULES: ParseRule[] = [
  'unknown-command',
  'command-not-in-version',
  'empty-command',
  'byte-order-mark',
  'header-without-colon',
  'empty-header-name',
  'undefined-escape',
  'invalid-utf8',
  'invalid-content-length',
  'missing-nul-after-body',
  'body-not-allowed',
  'crlf-not-allowed',
  'cr-without-lf',
  'too-many-headers',
  'header-line-too-long',
  'frame-too-large',
  'truncated-frame',
  'diagnostics-capped',
];
const triggered = new Set<ParseRule>();

/** Strict: throws `rule` at `offset`, fed whole and fed a byte at a time. */
function expectStrict(bytes: Uint8Array, rule: ParseRule, offset: number, options: Parameters<typeof feed>[1] = {}): StompParseError {
  const error = strictError(bytes, options);
  expect({ rule: error.rule, offset: error.offset }).toEqual({ rule, offset });
  const bytewiseError = feed(bytewise(bytes), { ...options, strict: true }).error;
  expect({ rule: bytewiseError?.rule, offset: bytewiseError?.offset }).toEqual({ rule, offset });
  triggered.add(rule);
  return error;
}

describe('each rule in strict and lenient mode', () => {
  it('unknown-command: at the command, lenient keeps the frame', () => {
    const bytes = wire('\nMESAGE\ndestination:/q\n\nhi\0');
    expectStrict(bytes, 'unknown-command', 1);
    const { events } = lenient(bytes);
    expect(diagnosticsOf(events)).toEqual([{ rule: 'unknown-command', offset: 1 }]);
    expect(framesOf(events)[0]).toMatchObject({ command: 'MESAGE', offset: 1 });
    // Commands are case sensitive, and a padded command is not a command.
    expectStrict(wire('send\n\n\0'), 'unknown-command', 0);
    expectStrict(wire('SEND \n\n\0'), 'unknown-command', 0);
  });

  it('command-not-in-version: NACK and STOMP do not exist in 1.0', () => {
    expectStrict(wire('NACK\nmessage-id:1\n\n\0'), 'command-not-in-version', 0, { version: '1.0' });
    expectStrict(wire('\n\nSTOMP\naccept-version:1.0\n\n\0'), 'command-not-in-version', 2, { version: '1.0' });
    for (const version of ['1.1', '1.2'] as const) {
      expect(framesOf(parseAll(wire('NACK\nid:1\n\n\0', 'STOMP\naccept-version:1.2\nhost:h\n\n\0'), { version })).map((f) => f.command)).toEqual(['NACK', 'STOMP']);
    }
    const { events } = lenient(wire('NACK\nmessage-id:1\n\n\0'), { version: '1.0' });
    expect(diagnosticsOf(events)).toEqual([{ rule: 'command-not-in-version', offset: 0 }]);
    expect(framesOf(events)[0].command).toBe('NACK');
  });

  it('empty-command: a NUL between frames; lenient skips it', () => {
    const bytes = wire('RECEIPT\nreceipt-id:1\n\n\0\n\0', 'RECEIPT\nreceipt-id:2\n\n\0');
    const nul = offsetOf(bytes, '\0\n') + 2;
    expectStrict(bytes, 'empty-command', nul);
    const { events } = lenient(bytes);
    expect(diagnosticsOf(events)).toEqual([{ rule: 'empty-command', offset: nul }]);
    expect(framesOf(events).map((f) => getHeader(f, 'receipt-id'))).toEqual(['1', '2']);
  });

  it('byte-order-mark: EF BB BF before a command is no part of it; lenient reads the command without it', () => {
    const bytes = wire('\n', [0xef, 0xbb, 0xbf], 'SEND\ndestination:/q\nx:a\\qb\n\nhi\0');
    expectStrict(bytes, 'byte-order-mark', 1);
    const { events } = lenient(bytes);
    // Offsets after the mark stay byte-exact (they were 3 short when the decoder dropped it).
    expect(diagnosticsOf(events)).toEqual([
      { rule: 'byte-order-mark', offset: 1 },
      { rule: 'undefined-escape', offset: offsetOf(bytes, '\\q') },
    ]);
    expect(framesOf(events)[0]).toMatchObject({ command: 'SEND', offset: 1 });
    // In every version, and however it is cut.
    for (const version of VERSIONS) expectStrict(wire([0xef, 0xbb, 0xbf], 'SEND\n\n\0'), 'byte-order-mark', 0, { version });
    // U+FEFF inside a header value is just a character.
    expect(getHeader(framesOf(parseAll(wire('SEND\nx:\uFEFF\n\n\0')))[0], 'x')).toBe('\uFEFF');
  });

  it('empty-header-name: a header line that starts with its colon; lenient keeps it', () => {
    const bytes = wire('SEND\ndestination:/q\n:v\n\n\0');
    expectStrict(bytes, 'empty-header-name', offsetOf(bytes, ':v'));
    for (const version of VERSIONS) expectStrict(wire('SEND\n:\n\n\0'), 'empty-header-name', 5, { version });
    const { events } = lenient(bytes);
    expect(framesOf(events)[0].headers).toEqual([
      ['destination', '/q'],
      ['', 'v'],
    ]);
  });

  it('diagnostics-capped: past maxDiagnostics a frame\'s diagnostics are counted, then summed up in one', () => {
    const escapes = '\\q'.repeat(250);
    const bytes = wire('MESSAGE\nx:', escapes, '\n\nbody\0', 'MESSAGE\nx:\\q\n\n\0');
    const { events } = lenient(bytes);
    const diagnostics = events.flatMap((e) => (e.type === 'diagnostic' ? [e.diagnostic] : []));
    // 100 listed, one summary for the other 150, then the next frame starts a fresh count.
    expect(diagnostics).toHaveLength(102);
    expect(diagnostics.slice(0, 100).every((d) => d.rule === 'undefined-escape')).toBe(true);
    expect(diagnostics[100]).toMatchObject({ rule: 'diagnostics-capped', offset: offsetOf(bytes, '\\q') + 200 });
    expect(diagnostics[100].message).toContain('150 more');
    expect(diagnostics[100].message).toContain('undefined-escape ×150');
    expect(diagnostics[101].rule).toBe('undefined-escape');
    expect(events.map((e) => e.type).indexOf('frame')).toBe(101); // the summary comes before its frame
    triggered.add('diagnostics-capped');
    // The limit is an option; NULs between frames are capped per gap too.
    const gap = lenient(wire('\0'.repeat(10), 'SEND\n\n\0'), { limits: { maxDiagnostics: 3 } });
    expect(diagnosticsOf(gap.events).map((d) => d.rule)).toEqual(['empty-command', 'empty-command', 'empty-command', 'diagnostics-capped']);
  });

  it('header-without-colon: at the line, lenient keeps the name with an empty value', () => {
    const bytes = wire('SEND\ndestination:/q\nnocolon\n\n\0');
    expectStrict(bytes, 'header-without-colon', offsetOf(bytes, 'nocolon'));
    const { events } = lenient(bytes);
    expect(framesOf(events)[0].headers).toEqual([
      ['destination', '/q'],
      ['nocolon', ''],
    ]);
  });

  it('undefined-escape: \\t, \\r in 1.1, a lone backslash at the end, and an escape in a name', () => {
    const tab = wire('MESSAGE\nx:a\\tb\n\n\0');
    expectStrict(tab, 'undefined-escape', offsetOf(tab, '\\'), { version: '1.2' });
    const cr = wire('MESSAGE\nx:a\\rb\n\n\0');
    expectStrict(cr, 'undefined-escape', offsetOf(cr, '\\'), { version: '1.1' });
    expect(getHeader(framesOf(parseAll(cr, { version: '1.2' }))[0], 'x')).toBe('a\rb');
    const lone = wire('MESSAGE\nx:ab\\\n\n\0');
    expectStrict(lone, 'undefined-escape', offsetOf(lone, '\\'));
    const name = wire('MESSAGE\nok\\c:1\nbad\\q:2\n\n\0');
    expectStrict(name, 'undefined-escape', offsetOf(name, '\\q'));
    // A backslash just before the separating colon escapes nothing: `\:` is not `\c`.
    const beforeColon = wire('MESSAGE\nab\\:1\n\n\0');
    expectStrict(beforeColon, 'undefined-escape', offsetOf(beforeColon, '\\'));
    const { events } = lenient(name);
    expect(framesOf(events)[0].headers).toEqual([
      ['ok:', '1'],
      ['bad\\q', '2'],
    ]);
    expect(getHeader(framesOf(lenient(lone).events)[0], 'x')).toBe('ab\\');
  });

  it('undefined-escape offsets count UTF-8 bytes, not characters', () => {
    const bytes = wire('MESSAGE\nnäme:日本\\t\n\n\0');
    expectStrict(bytes, 'undefined-escape', offsetOf(bytes, '\\t'));
  });

  it('invalid-utf8: at the first bad byte in 1.1/1.2; 1.0 decodes it as U+FFFD without complaint', () => {
    const bytes = wire('SEND\nx:ok', [0xe2, 0x82], '\nbad line\n\n\0');
    const bad = offsetOf(bytes, 'ok') + 2;
    expectStrict(bytes, 'invalid-utf8', bad, { version: '1.1' });
    expectStrict(wire('SEND\nx:', 0xff, '\n\n\0'), 'invalid-utf8', 7, { version: '1.2' });
    expectStrict(wire('SEND\nx:', [0xed, 0xa0, 0x80], '\n\n\0'), 'invalid-utf8', 7); // a UTF-16 surrogate
    expectStrict(wire('SEND\nx:', [0xc0, 0xaf], '\n\n\0'), 'invalid-utf8', 7); // overlong
    // Lenient: later offsets stay byte-exact although two bytes became one U+FFFD.
    const { events } = lenient(bytes, { version: '1.2' });
    expect(diagnosticsOf(events)).toEqual([
      { rule: 'invalid-utf8', offset: bad },
      { rule: 'header-without-colon', offset: offsetOf(bytes, 'bad line') },
    ]);
    expect(getHeader(framesOf(events)[0], 'x')).toBe('ok\uFFFD');
    const v10 = lenient(bytes, { version: '1.0' });
    expect(diagnosticsOf(v10.events)).toEqual([{ rule: 'header-without-colon', offset: offsetOf(bytes, 'bad line') }]);
    // U+FFFD sent as valid UTF-8 is no error.
    expect(getHeader(framesOf(parseAll(wire('SEND\nx:\uFFFD\n\n\0')))[0], 'x')).toBe('\uFFFD');
  });

  it('invalid-content-length: at the value; lenient reads up to the NUL, or a padded count without its spaces', () => {
    const bytes = wire('SEND\ncontent-length:abc\n\nxy\0');
    expectStrict(bytes, 'invalid-content-length', offsetOf(bytes, 'abc'));
    expectStrict(wire('SEND\ncontent-length:\n\n\0'), 'invalid-content-length', 20);
    expectStrict(wire('SEND\ncontent-length:-1\n\n\0'), 'invalid-content-length', 20);
    expectStrict(wire('SEND\ncontent-length:0x10\n\n\0'), 'invalid-content-length', 20);
    const nul = lenient(bytes);
    expect(framesOf(nul.events)[0]).toMatchObject({ framing: 'nul' });
    expect(text(framesOf(nul.events)[0].body)).toBe('xy');
    const padded = wire('SEND\ncontent-length: 3 \n\na\0b\0');
    expectStrict(padded, 'invalid-content-length', 20, { version: '1.0' });
    const { events } = lenient(padded, { version: '1.0' });
    expect(diagnosticsOf(events)).toEqual([{ rule: 'invalid-content-length', offset: 20 }]);
    expect(Array.from(framesOf(events)[0].body)).toEqual([97, 0, 98]);
  });

  it('missing-nul-after-body: also when the body ends exactly at a chunk end', () => {
    const bytes = wire('MESSAGE\ncontent-length:3\n\nabcd\0');
    const at = offsetOf(bytes, 'd');
    for (const chunks of [[bytes], cut(bytes, [at]), cut(bytes, [at - 1, at + 1])]) {
      expect(feed(chunks).error).toMatchObject({ rule: 'missing-nul-after-body', offset: at });
    }
    triggered.add('missing-nul-after-body');
    // Lenient: the body ends where the NUL really is, so its framing says so.
    const { events } = lenient(bytes);
    expect(framesOf(events)[0]).toMatchObject({ framing: 'nul' });
    expect(text(framesOf(events)[0].body)).toBe('abcd');
  });

  it('body-not-allowed: only SEND, MESSAGE and ERROR carry a body from 1.1; 1.0 puts no limit', () => {
    for (const version of ['1.1', '1.2'] as const) {
      for (const command of ['ACK', 'SUBSCRIBE', 'RECEIPT', 'CONNECTED', 'DISCONNECT', 'BEGIN']) {
        const bytes = wire(`${command}\nid:1\n\nbody\0`);
        expectStrict(bytes, 'body-not-allowed', offsetOf(bytes, 'body'), { version });
      }
      for (const command of ['SEND', 'MESSAGE', 'ERROR']) {
        expect(text(framesOf(parseAll(wire(`${command}\n\nbody\0`), { version }))[0].body)).toBe('body');
      }
    }
    expect(text(framesOf(parseAll(wire('ACK\nmessage-id:1\n\nbody\0'), { version: '1.0' }))[0].body)).toBe('body');
    const { events } = lenient(wire('ACK\nid:1\n\nbody\0'));
    expect(diagnosticsOf(events)).toEqual([{ rule: 'body-not-allowed', offset: 10 }]);
    expect(text(framesOf(events)[0].body)).toBe('body');
  });

  it('body-not-allowed is raised as soon as the head declares a body, before the body arrives', () => {
    const parser = new StompParser();
    // At the content-length that declares it: the body's own first byte has not arrived.
    expect(() => parser.push(wire('RECEIPT\nreceipt-id:1\ncontent-length:10\n\n'))).toThrow(expect.objectContaining({ rule: 'body-not-allowed', offset: 36 }));
    const nonAscii = wire('RECEIPT\nreceipt-id:é\ncontent-length:10\n\n');
    expect(() => new StompParser().push(nonAscii)).toThrow(expect.objectContaining({ rule: 'body-not-allowed', offset: offsetOf(nonAscii, '10') }));
    // An empty body is no body.
    expect(framesOf(parseAll(wire('RECEIPT\nreceipt-id:1\ncontent-length:0\n\n\0')))).toHaveLength(1);
  });

  it('crlf-not-allowed: CR LF ends the command line or the blank line before 1.2', () => {
    for (const version of ['1.0', '1.1'] as const) {
      const bytes = wire('SEND\r\ndestination:/q\r\n\r\nhi\0');
      expectStrict(bytes, 'crlf-not-allowed', 4, { version });
      const blank = wire('SEND\ndestination:/q\n\r\nhi\0');
      expectStrict(blank, 'crlf-not-allowed', offsetOf(blank, '\r'), { version });
      // Lenient: the frame is read as CR LF throughout, as its sender meant.
      const { events } = lenient(bytes, { version });
      expect(diagnosticsOf(events)).toEqual([
        { rule: 'crlf-not-allowed', offset: 4 },
        { rule: 'crlf-not-allowed', offset: offsetOf(bytes, '\r\n\r\n') + 2 },
      ]);
      expect(framesOf(events)[0].headers).toEqual([['destination', '/q']]);
    }
  });

  it('a CR at the end of a 1.1 (or 1.0) header line is part of the value, as 1.1 grammar says', () => {
    const bytes = wire('MESSAGE\nx:a\r\ny\r:b\n\n\0');
    for (const version of ['1.0', '1.1'] as const) {
      const { events, error } = feed([bytes], { version });
      expect(error).toBeUndefined();
      expect(framesOf(events)[0].headers).toEqual([
        ['x', 'a\r'],
        ['y\r', 'b'],
      ]);
    }
    // In 1.2 the same CR LF is a line end.
    expect(framesOf(parseAll(wire('MESSAGE\r\nx:a\r\n\r\n\0')))[0].headers).toEqual([['x', 'a']]);
  });

  it('cr-without-lf: a bare CR inside a 1.2 head line, or a CR between frames that no LF follows', () => {
    const inValue = wire('MESSAGE\nx:a\rb\n\n\0');
    expectStrict(inValue, 'cr-without-lf', offsetOf(inValue, '\r'));
    const doubled = wire('MESSAGE\nx:a\r\r\n\n\0');
    expectStrict(doubled, 'cr-without-lf', offsetOf(doubled, '\r'));
    expect(getHeader(framesOf(lenient(inValue).events)[0], 'x')).toBe('a\rb');
    const between = wire('RECEIPT\nreceipt-id:1\n\n\0\rRECEIPT\nreceipt-id:2\n\n\0');
    const cr = offsetOf(between, '\r');
    expectStrict(between, 'cr-without-lf', cr);
    const { events } = lenient(between);
    expect(diagnosticsOf(events)).toEqual([{ rule: 'cr-without-lf', offset: cr }]);
    expect(framesOf(events)[1].offset).toBe(cr + 1);
    // A CR as the very last byte of the input.
    expectStrict(wire('RECEIPT\nreceipt-id:1\n\n\0\r'), 'cr-without-lf', 23);
    expect(diagnosticsOf(lenient(wire('\r')).events)).toEqual([{ rule: 'cr-without-lf', offset: 0 }]);
  });

  it('too-many-headers: at the first header line over the limit, in both modes', () => {
    const bytes = wire('SEND\na:1\nb:2\nc:3\n\n\0');
    const limits = { maxHeaders: 2 };
    expectStrict(bytes, 'too-many-headers', offsetOf(bytes, 'c:3'), { limits });
    expect(feed([bytes], { strict: false, limits }).error).toMatchObject({ rule: 'too-many-headers', offset: offsetOf(bytes, 'c:3') });
    expect(framesOf(parseAll(wire('SEND\na:1\nb:2\n\n\0'), { limits }))).toHaveLength(1);
  });

  it('header-line-too-long: at the first byte over the limit, in both modes, however the line is cut', () => {
    const bytes = wire('SEND\nabcdefgh:12\n\n\0');
    const limits = { maxHeaderLineLength: 10 };
    expectStrict(bytes, 'header-line-too-long', 5 + 10, { limits });
    for (let at = 1; at < bytes.length; at++) {
      expect(feed(cut(bytes, [at]), { strict: false, limits }).error).toMatchObject({ rule: 'header-line-too-long', offset: 15 });
    }
    expect(framesOf(parseAll(wire('SEND\nabcdefgh:1\n\n\0'), { limits }))).toHaveLength(1); // exactly 10
    expectStrict(wire('ABCDEFGHIJKLMNOP\n\n\0'), 'header-line-too-long', 10, { limits }); // the command line too
    // Without its LF, a head line is refused before it ends.
    expect(() => new StompParser({ limits }).push(wire('SEND\n', 'x'.repeat(11)))).toThrow(expect.objectContaining({ rule: 'header-line-too-long' }));
  });

  it('frame-too-large: at the frame start, for a big head, a big NUL-ended body, or a big content-length', () => {
    const limits = { maxFrameSize: 20 };
    const head = wire('\nSEND\nheader:12345678901\n\n\0');
    expectStrict(head, 'frame-too-large', 1, { limits });
    const body = wire('\nSEND\n\n', 'x'.repeat(20), '\0');
    expectStrict(body, 'frame-too-large', 1, { limits });
    expect(framesOf(parseAll(wire('\nSEND\n\n', 'x'.repeat(14), '\0'), { limits }))).toHaveLength(1); // exactly 20
    expect(framesOf(parseAll(wire('\nSEND\ncontent-length:1\n\nx\0'), { limits: { maxFrameSize: 24 } }))).toHaveLength(1);
    expectStrict(wire('\nSEND\ncontent-length:2\n\nxy\0'), 'frame-too-large', 1, { limits: { maxFrameSize: 24 } });
    expect(feed([body], { strict: false, limits }).error).toMatchObject({ rule: 'frame-too-large', offset: 1 });
  });

  it('frame-too-large: a huge content-length is refused from the head alone, before any body byte or allocation', () => {
    for (const length of ['99999999999999999999', String(2 ** 40), String(128 * 1024 * 1024 + 1)]) {
      const parser = new StompParser();
      expect(() => parser.push(wire(`MESSAGE\ncontent-length:${length}\n\n`))).toThrow(expect.objectContaining({ rule: 'frame-too-large', offset: 0 }));
    }
  });

  it('truncated-frame: end() inside a frame, at the end of the input, in both modes', () => {
    for (const partial of ['SEND', 'SEND\nx:1\n', 'SEND\n\nbody', 'SEND\ncontent-length:4\n\nbo', 'SEND\ncontent-length:4\n\nbody']) {
      const bytes = wire('\n', partial);
      expectStrict(bytes, 'truncated-frame', bytes.length);
      expect(feed([bytes], { strict: false }).error).toMatchObject({ rule: 'truncated-frame', offset: bytes.length });
    }
    expect(feed([wire('SEND\n\n\0\n\n')]).error).toBeUndefined();
  });

  it('covers every rule', () => {
    expect([...triggered].sort()).toEqual([...ALL_RULES].sort());
  });
});

describe('failure, reset and the stream position', () => {
  it('a failed parser throws the same error on every later call', () => {
    const parser = new StompParser();
    let first: unknown;
    try {
      parser.push(wire('SEND\nx:\\t\n\n\0'));
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(StompParseError);
    expect(() => parser.push(wire('SEND\n\n\0'))).toThrow(first as Error);
    expect(() => parser.end()).toThrow(first as Error);
    try {
      parser.push(wire('\n'));
    } catch (error) {
      expect(error).toBe(first);
    }
  });

  it('an error from end() also sticks', () => {
    const parser = new StompParser();
    parser.push(wire('SEND\n'));
    expect(() => parser.end()).toThrow(expect.objectContaining({ rule: 'truncated-frame' }));
    expect(() => parser.push(wire('\n\0'))).toThrow(expect.objectContaining({ rule: 'truncated-frame' }));
  });

  it('the error carries the events the failing push completed before it', () => {
    const bytes = wire('ERROR\nmessage:bye\n\nbad news\0\nMESAGE\n\n\0');
    const error = strictError(bytes);
    expect(error.rule).toBe('unknown-command');
    expect(error.events.map((e) => e.type)).toEqual(['frame', 'heartbeat']);
    expect(text(framesOf(error.events)[0].body)).toBe('bad news');
  });

  it('reset() forgets a failure, the offset, a frame in progress and the negotiated version', () => {
    const parser = new StompParser({ version: '1.1' });
    parser.push(wire('SEND\n'));
    parser.setVersion('1.0');
    expect(() => parser.push(wire('x:\\t\n\n\0'))).toThrow(StompParseError);
    parser.reset();
    expect(parser.offset).toBe(0);
    expect(parser.idle).toBe(true);
    expect(parser.getVersion()).toBe('1.1');
    const events = parser.push(wire('MESSAGE\nx:a\\cb\n\n\0\n'));
    expect(framesOf(events)[0]).toMatchObject({ offset: 0, headers: [['x', 'a:b']] });
    expect(events[1]).toEqual({ type: 'heartbeat', offset: 17 });
  });

  it('offset counts the bytes fed; idle says whether the input may end here', () => {
    const parser = new StompParser();
    expect(parser.idle).toBe(true);
    parser.push(wire('SEND\n\nab'));
    expect(parser.offset).toBe(8);
    expect(parser.idle).toBe(false);
    parser.push(wire('\0'));
    expect(parser.idle).toBe(true);
    parser.push(wire('\r'));
    expect(parser.idle).toBe(false);
    parser.push(wire('\n'));
    expect(parser.idle).toBe(true);
    expect(parser.offset).toBe(11);
  });
});

describe('versions', () => {
  it('setVersion mid-stream applies from the next frame on', () => {
    const parser = new StompParser({ version: '1.2' });
    const connected = parser.push(wire('CONNECTED\nversion:1.0\nserver:a\\cb\n\n\0'));
    expect(framesOf(connected)[0].headers).toEqual([
      ['version', '1.0'],
      ['server', 'a\\cb'],
    ]);
    parser.setVersion('1.0');
    expect(parser.getVersion()).toBe('1.0');
    const events = parser.push(wire('\nMESSAGE\nx:a\\cb\n\n\0'));
    expect(events.map((e) => e.type)).toEqual(['frame']); // no heart-beats in 1.0
    expect(getHeader(framesOf(events)[0], 'x')).toBe('a\\cb'); // no escapes in 1.0
    parser.setVersion('1.1');
    expect(getHeader(framesOf(parser.push(wire('\nMESSAGE\nx:a\\cb\n\n\0')))[0], 'x')).toBe('a:b');
  });

  it('a frame begun before setVersion is finished by the rules it began with', () => {
    const parser = new StompParser({ version: '1.0' });
    parser.push(wire('MESSAGE\nx:a\\t'));
    parser.setVersion('1.2');
    expect(getHeader(framesOf(parser.push(wire('\n\n\0')))[0], 'x')).toBe('a\\t');
  });

  it('1.0: no escaping (backslashes are literal), no NACK, and EOLs after a NUL are no heart-beats', () => {
    const events = parseAll(wire('MESSAGE\npath:C:\\temp\\new\nx:\\c\\\\\n\n\0\n\n\n'), { version: '1.0' });
    expect(events).toHaveLength(1);
    expect(framesOf(events)[0].headers).toEqual([
      ['path', 'C:\\temp\\new'],
      ['x', '\\c\\\\'],
    ]);
    expect(strictError(wire('NACK\nmessage-id:1\n\n\0'), { version: '1.0' }).rule).toBe('command-not-in-version');
  });

  it('CONNECT, STOMP and CONNECTED headers are never unescaped, in any version', () => {
    for (const version of VERSIONS) {
      for (const command of ['CONNECT', 'STOMP', 'CONNECTED']) {
        if (version === '1.0' && command === 'STOMP') continue;
        const [frame] = framesOf(parseAll(wire(`${command}\nlogin:dom\\user\npasscode:a\\tb\\c\n\n\0`), { version }));
        expect(frame.headers).toEqual([
          ['login', 'dom\\user'],
          ['passcode', 'a\\tb\\c'],
        ]);
      }
    }
  });

  it('a colon-rich CONNECTED from a real broker parses in every version', () => {
    const bytes = wire('CONNECTED\nserver:ActiveMQ/5.18.3\nheart-beat:0,0\nsession:ID:host-41733-1700000000000-3:1\nversion:1.2\n\n\0\n');
    for (const version of VERSIONS) {
      expect(getHeader(framesOf(parseAll(bytes, { version }))[0], 'session')).toBe('ID:host-41733-1700000000000-3:1');
    }
  });
});

describe('frames and bodies', () => {
  it('a body spanning chunks is byte-exact, the same array on every read, and survives structuredClone and spread', () => {
    const body = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const bytes = wire(`MESSAGE\ncontent-length:${body.length}\n\n`, body, 0);
    const { events } = feed(cut(bytes, [30, 100, 200, 250]));
    const [frame] = framesOf(events);
    expect(frame.body).toEqual(body);
    expect(frame.body).toBe(frame.body);
    expect(structuredClone(frame).body).toEqual(body);
    expect({ ...frame }.body).toEqual(body);
    expect(JSON.parse(JSON.stringify(frame)).command).toBe('MESSAGE');
    expect(Object.keys(frame)).toEqual(['command', 'headers', 'body', 'framing', 'offset', 'size', 'plainHead']);
  });

  it('a spanning body can still be read after the frame is frozen', () => {
    const bytes = wire('MESSAGE\n\nabcdef\0');
    const [frame] = framesOf(feed(cut(bytes, [11, 13])).events);
    Object.freeze(frame);
    expect(text(frame.body)).toBe('abcdef');
  });

  it('a body inside one chunk is a view of it (no copy), as a plain Uint8Array even when fed Buffers', () => {
    const bytes = Buffer.from('MESSAGE\ncontent-length:3\n\nabc\0MESSAGE\n\nxyz\0');
    const [a, b] = framesOf(new StompParser().push(bytes));
    for (const frame of [a, b]) {
      expect(frame.body.constructor).toBe(Uint8Array);
      expect(frame.body.buffer).toBe(bytes.buffer);
    }
  });

  it('size and offset span the command to the NUL inclusive', () => {
    const bytes = wire('\n\nSEND\ncontent-length:2\n\nab\0\n');
    const [frame] = framesOf(parseAll(bytes));
    expect(frame.offset).toBe(2);
    expect(frame.size).toBe(bytes.length - 3);
    expect(frame.framing).toBe('content-length');
  });

  it('events come back in stream order, heart-beats with their offsets', () => {
    const events: ParseEvent[] = parseAll(wire('\n\r\nSEND\n\n\0\n'));
    expect(events.map((e) => (e.type === 'heartbeat' ? e.offset : e.type))).toEqual([0, 1, 'frame', 10]);
  });

  it('a NUL inside a head is a header byte (the grammar allows any octet but LF and colon)', () => {
    const [frame] = framesOf(parseAll(wire('SEND\nx:a', 0, 'b\n\n\0')));
    expect(getHeader(frame, 'x')).toBe('a\0b');
  });

  it('parseAll gives the same as push + end, and its error carries the frames before it', () => {
    const bytes = wire('SEND\n\n\0SEND\n');
    expect(() => parseAll(bytes)).toThrow(expect.objectContaining({ rule: 'truncated-frame' }));
    try {
      parseAll(bytes);
    } catch (error) {
      expect(framesOf((error as StompParseError).events)).toHaveLength(1);
    }
    expect(outcomeOf(feed([bytes]))).toEqual(outcomeOf(feed(bytewise(bytes))));
  });
});
