/**
 * Issue 10.3: the serializer refuses, with a typed error naming the header, every header a broker
 * would misread: an empty name (ActiveMQ drops the connection on `:v`), a NUL anywhere, a CR where
 * the version cannot escape it, and in unescaped frames a line break or a colon in a name. Each
 * case here was written to the wire before the fix.
 */
import { describe, expect, it } from 'vitest';
import { createFrame, type Header } from '../../src-core/protocol/frame';
import { headerProblem, serializeFrame, serializeFrameParts, StompSerializeError } from '../../src-core/protocol/serializer';
import { VERSIONS, type StompVersion } from '../../src-core/protocol/spec';

function refusal(headers: Header[], version: StompVersion, command = 'SEND'): StompSerializeError {
  const frame = createFrame(command, headers, command === 'SEND' || command === 'MESSAGE' ? 'body' : '');
  let caught: unknown;
  try {
    serializeFrame(frame, version);
  } catch (error) {
    caught = error;
  }
  expect(caught, `${command} ${JSON.stringify(headers)} in ${version}`).toBeInstanceOf(StompSerializeError);
  // The parts form (large bodies) refuses the same frame the same way.
  expect(() => serializeFrameParts(frame, version)).toThrow(StompSerializeError);
  return caught as StompSerializeError;
}

describe('serializer refusals (issue 10.3)', () => {
  it('an empty header name, in every version and command', () => {
    for (const version of VERSIONS) {
      for (const command of ['SEND', 'SUBSCRIBE', 'CONNECT', 'MESSAGE']) {
        const error = refusal([['destination', '/q'], ['', 'v']], version, command);
        expect(error.header).toBe('');
        expect(error.message).toMatch(/empty name/);
      }
    }
  });

  it('a NUL in a header value or name, in every version, naming the header', () => {
    for (const version of VERSIONS) {
      const value = refusal([['x-trace', 'a\0b']], version);
      expect(value.header).toBe('x-trace');
      expect(value.message).toContain('"x-trace"');
      expect(value.message).toMatch(/NUL/);
      expect(refusal([['x\0y', 'v']], version).message).toMatch(/NUL/);
      expect(refusal([['passcode', 'a\0']], version, 'CONNECT').header).toBe('passcode');
    }
  });

  it('a CR in a 1.1 header value or name (1.1 has no \\r escape); 1.2 escapes it', () => {
    const error = refusal([['x-note', 'line\r']], '1.1');
    expect(error.header).toBe('x-note');
    expect(error.message).toMatch(/CR/);
    refusal([['x\ry', 'v']], '1.1');
    expect(new TextDecoder().decode(serializeFrame(createFrame('SEND', [['x-note', 'line\r']]), '1.2'))).toBe('SEND\nx-note:line\\r\n\n\0');
  });

  it('where nothing is escaped (1.0, CONNECT in every version): a line break, or a colon in a name', () => {
    refusal([['x', 'a\nb']], '1.0');
    refusal([['x', 'a\rb']], '1.0');
    refusal([['a:b', 'v']], '1.0');
    for (const version of VERSIONS) {
      refusal([['login', 'a\nb']], version, 'CONNECT');
      refusal([['a:b', 'v']], version, 'CONNECTED');
    }
    // A colon in a 1.0 value is fine: the first colon splits.
    expect(() => serializeFrame(createFrame('SEND', [['x', 'a:b']]), '1.0')).not.toThrow();
  });

  it('headerProblem answers the same question without throwing (the sandbox relays by it)', () => {
    expect(headerProblem('x', 'fine: colons and spaces', 'MESSAGE', '1.2')).toBeUndefined();
    expect(headerProblem('', 'v', 'MESSAGE', '1.2')).toMatch(/empty name/);
    expect(headerProblem('x', 'a\rb', 'MESSAGE', '1.1')).toMatch(/CR/);
    expect(headerProblem('x', 'a\rb', 'MESSAGE', '1.2')).toBeUndefined();
  });
});
