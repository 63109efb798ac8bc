/**
 * A frame's `plainHead`: the parser's word that the head is ASCII without a backslash or CR and
 * every header line has its colon, worked out as it parses (the app's capture trusts it instead
 * of scanning each message's head again). Each rule that makes a head not plain, under each
 * version's escaping, and the flag not carried over to the next frame.
 */
import { describe, expect, it } from 'vitest';
import { StompParser } from '../../src-core/protocol/parser';
import type { ParsedFrame } from '../../src-core/protocol/frame';
import type { StompVersion } from '../../src-core/protocol/spec';

function framesOf(bytes: string, version: StompVersion = '1.2'): ParsedFrame[] {
  const parser = new StompParser({ version, strict: false });
  return parser
    .push(Buffer.from(bytes, 'latin1'))
    .flatMap((event) => (event.type === 'frame' ? [event.frame] : []));
}

const plainOf = (head: string, version: StompVersion = '1.2') => {
  const [frame] = framesOf(`${head}body\0`, version);
  expect(frame, head).toBeDefined();
  return frame.plainHead;
};

describe('ParsedFrame.plainHead', () => {
  it('is true for an ASCII head with one name:value a line, in every version', () => {
    for (const version of ['1.0', '1.1', '1.2'] as const) {
      expect(plainOf('MESSAGE\ndestination:/queue/a\nmessage-id:7\n\n', version)).toBe(true);
      expect(plainOf('MESSAGE\n\n', version)).toBe(true);
    }
    // An empty name still has its colon: the line reads as the pair ['', 'v'].
    expect(plainOf('MESSAGE\n:v\n\n')).toBe(true);
  });

  it('is false for a backslash anywhere, escaped or not, under every version', () => {
    expect(plainOf('MESSAGE\ndestination:/queue/a\\cb\n\n')).toBe(false);
    expect(plainOf('MESSAGE\ndestination:/queue/a\\cb\n\n', '1.1')).toBe(false);
    // 1.0 has no escapes: the parser never looks for them, the flag still does.
    expect(plainOf('MESSAGE\ndestination:/queue/a\\b\n\n', '1.0')).toBe(false);
    // CONNECTED's headers are never unescaped; a backslash still makes its head not plain.
    expect(plainOf('CONNECTED\nversion:1.2\nserver:a\\b\n\n')).toBe(false);
  });

  it('is false for a CR, in a line end or inside a line', () => {
    expect(plainOf('MESSAGE\r\ndestination:/queue/a\n\n')).toBe(false);
    expect(plainOf('MESSAGE\ndestination:/queue/a\r\n\r\n')).toBe(false);
    expect(plainOf('MESSAGE\ndestination:/queue/a\rb\n\n', '1.1')).toBe(false);
  });

  it('is false for any byte over 0x7f: valid UTF-8, invalid bytes, a byte-order mark', () => {
    expect(plainOf('MESSAGE\ndestination:/queue/\xc3\xa9\n\n')).toBe(false);
    expect(plainOf('MESSAGE\ndestination:/queue/\x80\n\n')).toBe(false);
    expect(plainOf('MESSAGE\ndestination:/queue/\xef\xbf\xbd\n\n')).toBe(false);
    expect(plainOf('\xef\xbb\xbfMESSAGE\ndestination:/queue/a\n\n')).toBe(false);
    expect(plainOf('MESSAGE\ndestination:/queue/\xf0\x9f\x98\x80\n\n')).toBe(false);
  });

  it('is false for a header line without its colon', () => {
    expect(plainOf('MESSAGE\ndestination:/queue/a\nmessage-id7\n\n')).toBe(false);
  });

  it('belongs to its own frame: a plain frame after one that is not', () => {
    const [first, second] = framesOf('MESSAGE\ndestination:/queue/\\c\n\nx\0MESSAGE\ndestination:/queue/b\n\ny\0');
    expect([first.plainHead, second.plainHead]).toEqual([false, true]);
  });

  it('holds for a body that spans reads', () => {
    const parser = new StompParser({ version: '1.2', strict: false });
    const head = 'MESSAGE\ndestination:/queue/a\ncontent-length:6\n\n';
    expect(parser.push(Buffer.from(`${head}abc`, 'latin1'))).toEqual([]);
    const [event] = parser.push(Buffer.from('def\0', 'latin1'));
    expect(event.type === 'frame' && event.frame.plainHead).toBe(true);
  });
});
