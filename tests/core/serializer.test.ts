/** The serializer: the exact bytes for each version, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { createFrame, type Header } from '../../src-core/protocol/frame';
import { parseAll } from '../../src-core/protocol/parser';
import { serializeFrame, serializeHeartBeat, StompSerializeError } from '../../src-core/protocol/serializer';
import { VERSIONS, type StompVersion } from '../../src-core/protocol/spec';
import { framesOf, text, wire } from './fixtures/wire';

const tricky: Header[] = [['a:b\\c', 'line1\nline2\r:end\\']];
/** 1.1 has no escape for CR, so its serializer refuses one. */
const trickyWithoutCr: Header[] = [['a:b\\c', 'line1\nline2:end\\']];

function bytesOf(frame: ReturnType<typeof createFrame>, version: StompVersion, options?: Parameters<typeof serializeFrame>[2]): string {
  return text(serializeFrame(frame, version, options));
}

describe('serializeFrame: exact bytes', () => {
  it('a frame without body: command, headers in order (duplicates kept), blank line, NUL', () => {
    const frame = createFrame('SUBSCRIBE', [
      ['id', '0'],
      ['destination', '/queue/a'],
      ['x', '1'],
      ['x', '2'],
    ]);
    for (const version of VERSIONS) expect(bytesOf(frame, version)).toBe('SUBSCRIBE\nid:0\ndestination:/queue/a\nx:1\nx:2\n\n\0');
  });

  it('1.2 escapes backslash, LF, CR and colon in names and values', () => {
    expect(bytesOf(createFrame('SEND', tricky), '1.2')).toBe('SEND\na\\cb\\\\c:line1\\nline2\\r\\cend\\\\\n\n\0');
  });

  it('1.1 escapes backslash, LF and colon (a CR it cannot carry: see serializer-refusals)', () => {
    expect(bytesOf(createFrame('SEND', trickyWithoutCr), '1.1')).toBe('SEND\na\\cb\\\\c:line1\\nline2\\cend\\\\\n\n\0');
  });

  it('1.0 escapes nothing: backslashes and colons in values go raw', () => {
    expect(bytesOf(createFrame('SEND', [['path', 'C:\\temp\\new:x']]), '1.0')).toBe('SEND\npath:C:\\temp\\new:x\n\n\0');
  });

  it('CONNECT, STOMP and CONNECTED are never escaped, in any version', () => {
    for (const version of VERSIONS) {
      for (const command of ['CONNECT', 'STOMP', 'CONNECTED']) {
        if (version === '1.0' && command === 'STOMP') continue;
        expect(bytesOf(createFrame(command, [['login', 'dom\\user'], ['session', 'ID:a:1']]), version)).toBe(`${command}\nlogin:dom\\user\nsession:ID:a:1\n\n\0`);
      }
    }
  });

  it('UTF-8 headers and spaces are written as they are', () => {
    expect(Array.from(serializeFrame(createFrame('SEND', [[' näme ', ' 日本 🎉 ']]), '1.2'))).toEqual(Array.from(wire('SEND\n näme : 日本 🎉 \n\n\0')));
  });

  it('content-length is added after the headers for a non-empty body', () => {
    const frame = createFrame('SEND', [['destination', '/q']], 'hello');
    expect(bytesOf(frame, '1.2')).toBe('SEND\ndestination:/q\ncontent-length:5\n\nhello\0');
    // Octets, not characters.
    expect(bytesOf(createFrame('SEND', [], 'é'), '1.2')).toBe('SEND\ncontent-length:2\n\né\0');
  });

  it('a wrong content-length is replaced in place by the right one, and a repeated one dropped', () => {
    const frame = createFrame('SEND', [['content-length', '99'], ['destination', '/q'], ['content-length', '1']], 'abc');
    expect(bytesOf(frame, '1.2')).toBe('SEND\ncontent-length:3\ndestination:/q\n\nabc\0');
  });

  it('no content-length for an empty body (one the frame carries is dropped)', () => {
    expect(bytesOf(createFrame('SEND', [['content-length', '0'], ['destination', '/q']]), '1.2')).toBe('SEND\ndestination:/q\n\n\0');
  });

  it('a binary body with NULs is written byte for byte, with its length', () => {
    const body = Uint8Array.of(0, 1, 0, 255);
    const out = serializeFrame(createFrame('MESSAGE', [], body), '1.1');
    expect(Array.from(out)).toEqual(Array.from(wire('MESSAGE\ncontent-length:4\n\n', body, 0)));
  });

  it('contentLength: omit leaves content-length out, and refuses a body with a NUL', () => {
    expect(bytesOf(createFrame('SEND', [['content-length', '5']], 'hello'), '1.0', { contentLength: 'omit' })).toBe('SEND\n\nhello\0');
    expect(() => serializeFrame(createFrame('SEND', [], Uint8Array.of(104, 0, 105)), '1.2', { contentLength: 'omit' })).toThrow(StompSerializeError);
  });

  it('serializeHeartBeat: one LF, or CR LF in 1.2 when asked', () => {
    expect(Array.from(serializeHeartBeat('1.1'))).toEqual([10]);
    expect(Array.from(serializeHeartBeat('1.2'))).toEqual([10]);
    expect(Array.from(serializeHeartBeat('1.2', true))).toEqual([13, 10]);
    expect(Array.from(serializeHeartBeat('1.1', true))).toEqual([10]);
  });
});

describe('serializeFrame: refusals', () => {
  const refuses = (frame: ReturnType<typeof createFrame>, version: StompVersion) => expect(() => serializeFrame(frame, version)).toThrow(StompSerializeError);

  it('1.0 refuses line breaks in values and colons or line breaks in names', () => {
    refuses(createFrame('SEND', [['x', 'a\nb']]), '1.0');
    refuses(createFrame('SEND', [['x', 'a\rb']]), '1.0');
    refuses(createFrame('SEND', [['a:b', 'x']]), '1.0');
    refuses(createFrame('SEND', [['a\nb', 'x']]), '1.0');
  });

  it('CONNECT and CONNECTED refuse what they cannot escape, in every version', () => {
    for (const version of VERSIONS) {
      refuses(createFrame('CONNECT', [['passcode', 'a\nb']]), version);
      refuses(createFrame('CONNECTED', [['a:b', '1']]), version);
    }
  });

  it('a body on a frame that may not carry one is refused from 1.1, allowed in 1.0', () => {
    for (const version of ['1.1', '1.2'] as const) {
      for (const command of ['ACK', 'NACK', 'SUBSCRIBE', 'CONNECT', 'CONNECTED', 'RECEIPT', 'DISCONNECT']) refuses(createFrame(command, [], 'x'), version);
      for (const command of ['SEND', 'MESSAGE', 'ERROR']) expect(() => serializeFrame(createFrame(command, [], 'x'), version)).not.toThrow();
    }
    expect(bytesOf(createFrame('ACK', [['message-id', '1']], 'x'), '1.0')).toBe('ACK\nmessage-id:1\ncontent-length:1\n\nx\0');
  });

  it('a command the version lacks is written all the same (STOMP goes out by 1.0 rules before negotiation)', () => {
    expect(bytesOf(createFrame('STOMP', [['accept-version', '1.0,1.1,1.2'], ['host', 'h']]), '1.0')).toBe('STOMP\naccept-version:1.0,1.1,1.2\nhost:h\n\n\0');
    expect(bytesOf(createFrame('NACK', [['message-id', '1']]), '1.0')).toBe('NACK\nmessage-id:1\n\n\0');
  });

  it('a command that is no upper-case word is refused', () => {
    for (const command of ['', 'send', 'SEND\n', 'SE ND']) refuses(createFrame(command), '1.2');
  });

  it('a lone UTF-16 surrogate, which UTF-8 cannot carry, is refused', () => {
    refuses(createFrame('SEND', [['x', 'a\uD800b']]), '1.2');
    refuses(createFrame('SEND', [['\uDC00', 'x']]), '1.1');
    expect(() => serializeFrame(createFrame('SEND', [['x', '🎉']]), '1.2')).not.toThrow();
  });
});

describe('serializeFrame then parse', () => {
  it('every version reads back what it wrote, escapes and all', () => {
    const headers: Header[] = [
      ['destination', '/queue/a'],
      ['weird', ' spaced: value '],
    ];
    for (const version of VERSIONS) {
      const escaped: Header[] = version === '1.0' ? headers : [...headers, ...(version === '1.1' ? trickyWithoutCr : tricky)];
      const [frame] = framesOf(parseAll(serializeFrame(createFrame('MESSAGE', escaped, Uint8Array.of(0, 1, 2)), version), { version }));
      expect(frame.headers).toEqual([...escaped, ['content-length', '3']]);
      expect(Array.from(frame.body)).toEqual([0, 1, 2]);
    }
  });
});
