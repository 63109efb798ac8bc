/**
 * The tricky wire cases DESIGN.md lists, one named test each. Every vector is also fed a byte at a
 * time and must give the same events as when fed whole.
 */
import { describe, expect, it } from 'vitest';
import { getHeader } from '../../src-core/protocol/frame';
import { parseAll, StompParser } from '../../src-core/protocol/parser';
import { bytewise, diagnosticsOf, feed, framesOf, lenient, offsetOf, outcomeOf, strictError, text, wire } from './fixtures/wire';
import type { ParserOptions } from '../../src-core/protocol/parser';

/** Parses whole and byte by byte, checks both agree, and returns the whole-input outcome. */
function both(bytes: Uint8Array, options: ParserOptions = {}) {
  const whole = feed([bytes], options);
  expect(outcomeOf(feed(bytewise(bytes), options))).toEqual(outcomeOf(whole));
  return whole;
}

describe('wire vectors (DESIGN.md tricky cases)', () => {
  it('a CRLF heart-beat between 1.2 frames is one heart-beat', () => {
    const bytes = wire('MESSAGE\r\ndestination:/q\r\n\r\none\0', '\r\n', 'MESSAGE\ndestination:/q\n\ntwo\0');
    const { events, error } = both(bytes, { version: '1.2' });
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['frame', 'heartbeat', 'frame']);
    const crAt = offsetOf(bytes, '\0') + 1;
    expect(events[1]).toEqual({ type: 'heartbeat', offset: crAt });
    const [one, two] = framesOf(events);
    expect(one.headers).toEqual([['destination', '/q']]);
    expect(text(one.body)).toBe('one');
    expect(two.offset).toBe(crAt + 2);
    expect(text(two.body)).toBe('two');
  });

  it('a CRLF between 1.1 frames is refused in strict mode (CR LF is a 1.2 line end)', () => {
    const bytes = wire('RECEIPT\nreceipt-id:1\n\n\0', '\r\n');
    expect(strictError(bytes, { version: '1.1' })).toMatchObject({ rule: 'crlf-not-allowed', offset: bytes.length - 2 });
    const { events } = lenient(bytes, { version: '1.1' });
    expect(events.map((e) => e.type)).toEqual(['frame', 'diagnostic', 'heartbeat']);
  });

  it('\\\\n in a 1.1 header value means a backslash then n, not a line feed', () => {
    // On the wire: `a\\nb` — an escaped backslash followed by the letter n.
    const bytes = wire('MESSAGE\nx:a\\\\nb\ny:a\\nb\n\n\0');
    const [frame] = framesOf(both(bytes, { version: '1.1' }).events);
    expect(getHeader(frame, 'x')).toBe('a\\nb');
    expect(getHeader(frame, 'x')).toHaveLength(4);
    expect(getHeader(frame, 'y')).toBe('a\nb');
  });

  it('an undefined escape (\\t) is a strict error at the backslash, with its rule', () => {
    const bytes = wire('MESSAGE\ndestination:/q\nx:tab\\there\n\n\0');
    for (const version of ['1.1', '1.2'] as const) {
      const error = strictError(bytes, { version });
      expect(error.rule).toBe('undefined-escape');
      expect(error.offset).toBe(offsetOf(bytes, '\\t'));
    }
  });

  it('an undefined escape (\\t) in lenient mode is a diagnostic and the value keeps the bytes sent', () => {
    const bytes = wire('MESSAGE\ndestination:/q\nx:tab\\there\n\n\0');
    const { events, error } = both(bytes, { version: '1.2', strict: false });
    expect(error).toBeUndefined();
    expect(diagnosticsOf(events)).toEqual([{ rule: 'undefined-escape', offset: offsetOf(bytes, '\\t') }]);
    expect(getHeader(framesOf(events)[0], 'x')).toBe('tab\\there');
  });

  it('a repeated header: the first occurrence wins, and both are kept in wire order', () => {
    const bytes = wire('MESSAGE\nfoo:World\nfoo:Hello\n\n\0');
    const [frame] = framesOf(both(bytes).events);
    expect(frame.headers).toEqual([
      ['foo', 'World'],
      ['foo', 'Hello'],
    ]);
    expect(getHeader(frame, 'foo')).toBe('World');
  });

  it('a repeated content-length: the first one frames the body', () => {
    const bytes = wire('MESSAGE\ncontent-length:2\ncontent-length:5\n\nab\0');
    const [frame] = framesOf(both(bytes).events);
    expect(Array.from(frame.body)).toEqual([97, 98]);
    expect(frame.framing).toBe('content-length');
  });

  it('a body with NUL bytes is framed by content-length', () => {
    const body = [0, 1, 0, 0, 255, 0];
    const bytes = wire(`MESSAGE\ncontent-length:${body.length}\n\n`, body, 0, 'MESSAGE\n\nnext\0');
    const frames = framesOf(both(bytes).events);
    expect(frames).toHaveLength(2);
    expect(Array.from(frames[0].body)).toEqual(body);
    expect(frames[0].framing).toBe('content-length');
    expect(text(frames[1].body)).toBe('next');
    expect(frames[1].framing).toBe('nul');
  });

  it('a content-length that does not end at a NUL is a strict error at the byte where the NUL belongs', () => {
    const bytes = wire('MESSAGE\ncontent-length:5\n\nhello!\0');
    const error = strictError(bytes);
    expect(error.rule).toBe('missing-nul-after-body');
    expect(error.offset).toBe(offsetOf(bytes, '!'));
  });

  it('a content-length that does not end at a NUL, lenient: a diagnostic, and the body runs to the next NUL', () => {
    const bytes = wire('MESSAGE\ncontent-length:5\n\nhello!\0SEND\n\n\0');
    const { events, error } = both(bytes, { strict: false });
    expect(error).toBeUndefined();
    expect(diagnosticsOf(events)).toEqual([{ rule: 'missing-nul-after-body', offset: offsetOf(bytes, '!') }]);
    const frames = framesOf(events);
    expect(text(frames[0].body)).toBe('hello!');
    expect(frames[1].command).toBe('SEND');
  });

  it('a colon inside a header value belongs to the value (the first colon separates)', () => {
    const bytes = wire('MESSAGE\nmessage-id:ID:host-1:2:3\nurl:http://a/b\n\n\0');
    for (const version of ['1.0', '1.1', '1.2'] as const) {
      const [frame] = framesOf(both(bytes, { version }).events);
      expect(frame.headers).toEqual([
        ['message-id', 'ID:host-1:2:3'],
        ['url', 'http://a/b'],
      ]);
    }
  });

  it('spaces around header names and values are kept in 1.1 and 1.2', () => {
    const bytes = wire('MESSAGE\n key : value \ndestination:  /q\t\n\n\0');
    for (const version of ['1.1', '1.2'] as const) {
      const [frame] = framesOf(both(bytes, { version }).events);
      expect(frame.headers).toEqual([
        [' key ', ' value '],
        ['destination', '  /q\t'],
      ]);
    }
  });

  it('UTF-8 split across chunks in a header decodes whole, at every split point', () => {
    const bytes = wire('MESSAGE\nnäme:日本語 🎉\n\n\0');
    const expected = [['näme', '日本語 🎉']];
    for (let at = 1; at < bytes.length; at++) {
      const { events, error } = feed([bytes.subarray(0, at), bytes.subarray(at)]);
      expect(error).toBeUndefined();
      expect(framesOf(events)[0].headers).toEqual(expected);
    }
  });

  it('UTF-8 split across chunks in a body comes out byte-exact, with and without content-length', () => {
    const body = new TextEncoder().encode('€ 日本 🎉');
    for (const head of [`SEND\ncontent-length:${body.length}\n\n`, 'SEND\n\n']) {
      const bytes = wire(head, body, 0);
      for (let at = head.length + 1; at < head.length + body.length; at++) {
        const { events } = feed([bytes.subarray(0, at), bytes.subarray(at)]);
        expect(text(framesOf(events)[0].body)).toBe('€ 日本 🎉');
      }
    }
  });

  it('one frame fed a byte at a time gives the same frame as fed whole', () => {
    const bytes = wire('MESSAGE\r\nsubscription:0\r\nmessage-id:a\\cb\r\ncontent-length:3\r\n\r\n', [0, 1, 2], 0, '\r\n');
    const parser = new StompParser();
    const events = bytewise(bytes).flatMap((b) => parser.push(b));
    expect(parser.idle).toBe(true);
    expect(outcomeOf({ events, error: undefined })).toEqual(outcomeOf({ events: parseAll(bytes), error: undefined }));
    expect(framesOf(events)[0].headers).toEqual([
      ['subscription', '0'],
      ['message-id', 'a:b'],
      ['content-length', '3'],
    ]);
  });

  it('many frames in one chunk all come out, in order, with their offsets', () => {
    const frames = Array.from({ length: 200 }, (_, i) => `MESSAGE\nmessage-id:${i}\ncontent-length:${String(i).length}\n\n${i}\0\n`);
    const bytes = wire(...frames);
    const events = new StompParser().push(bytes);
    const parsed = framesOf(events);
    expect(parsed).toHaveLength(200);
    expect(events.filter((e) => e.type === 'heartbeat')).toHaveLength(200);
    let offset = 0;
    parsed.forEach((frame, i) => {
      expect(getHeader(frame, 'message-id')).toBe(String(i));
      expect(text(frame.body)).toBe(String(i));
      expect(frame.offset).toBe(offset);
      expect(frame.size).toBe(frames[i].length - 1);
      offset += frames[i].length;
    });
  });
});
