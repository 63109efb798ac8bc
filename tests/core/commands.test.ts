import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abort,
  ack,
  begin,
  commit,
  connect,
  connected,
  disconnect,
  error,
  message,
  nack,
  receipt,
  send,
  StompProtocolError,
  subscribe,
  unsubscribe,
} from '../../src-core/protocol/commands';
import { bodyText, createFrame, type Frame } from '../../src-core/protocol/frame';
import { parseAll } from '../../src-core/protocol/parser';
import { serializeFrame } from '../../src-core/protocol/serializer';
import { VERSIONS, type StompVersion } from '../../src-core/protocol/spec';

/** Serializes for `version` and parses back strictly: the frame must survive the wire unchanged. */
function onWire(frame: Frame, version: StompVersion): Frame {
  const events = parseAll(serializeFrame(frame, version), { version, strict: true });
  const frames = events.filter((e) => e.type === 'frame');
  expect(frames).toHaveLength(1);
  const parsed = frames[0].type === 'frame' ? frames[0].frame : undefined;
  expect(parsed?.command).toBe(frame.command);
  const expected = frame.body.length > 0 ? [...frame.headers.filter(([n]) => n !== 'content-length'), ['content-length', String(frame.body.length)]] : frame.headers;
  expect(parsed?.headers).toEqual(expected);
  expect(parsed?.body).toEqual(frame.body);
  return parsed!;
}

/** Runs `fn` and returns the StompProtocolError it throws, failing the test if it throws nothing else. */
function protocolError(fn: () => unknown): StompProtocolError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StompProtocolError);
    return e as StompProtocolError;
  }
  throw new Error('expected a StompProtocolError, nothing was thrown');
}

const MESSAGE_10 = createFrame('MESSAGE', [
  ['destination', '/queue/a'],
  ['message-id', 'm-1'],
]);
const MESSAGE_11 = createFrame('MESSAGE', [
  ['subscription', 'sub-0'],
  ['message-id', 'm-1'],
  ['destination', '/queue/a'],
]);
const MESSAGE_12 = createFrame('MESSAGE', [
  ['subscription', 'sub-0'],
  ['message-id', 'm-1'],
  ['destination', '/queue/a'],
  ['ack', 'a-1'],
]);
const MESSAGES: Record<StompVersion, Frame> = { '1.0': MESSAGE_10, '1.1': MESSAGE_11, '1.2': MESSAGE_12 };

describe('StompProtocolError', () => {
  it('names the command and prefixes the message with it', () => {
    const e = new StompProtocolError('SEND', 'something is wrong');
    expect(e.name).toBe('StompProtocolError');
    expect(e.command).toBe('SEND');
    expect(e.message).toBe('SEND: something is wrong');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('connect', () => {
  it('offers all three versions by default, host first among the rest', () => {
    const frame = connect({ host: 'broker' });
    expect(frame.command).toBe('CONNECT');
    expect(frame.headers).toEqual([
      ['accept-version', '1.0,1.1,1.2'],
      ['host', 'broker'],
    ]);
    expect(frame.body.length).toBe(0);
  });

  it('writes login, passcode, heart-beat and extra headers in that order', () => {
    const frame = connect({ host: 'vh', login: 'guest', passcode: 'p:w', heartBeat: [1000, 2000], headers: { 'client-id': 'me' } });
    expect(frame.headers).toEqual([
      ['accept-version', '1.0,1.1,1.2'],
      ['host', 'vh'],
      ['login', 'guest'],
      ['passcode', 'p:w'],
      ['heart-beat', '1000,2000'],
      ['client-id', 'me'],
    ]);
  });

  it('keeps a list of extra headers as given, duplicates included', () => {
    const frame = connect({ host: 'h', headers: [['x', '1'], ['x', '2']] });
    expect(frame.headers.slice(2)).toEqual([['x', '1'], ['x', '2']]);
  });

  it('sorts and de-duplicates the offered versions', () => {
    expect(connect({ host: 'h', versions: ['1.2', '1.1', '1.2'] }).headers[0]).toEqual(['accept-version', '1.1,1.2']);
  });

  it('sends accept-version even when only 1.0 is offered, and may omit host then', () => {
    expect(connect({ host: '', versions: ['1.0'], login: 'a', passcode: 'b' }).headers).toEqual([
      ['accept-version', '1.0'],
      ['login', 'a'],
      ['passcode', 'b'],
    ]);
  });

  it('builds the STOMP alias when 1.0 is not offered', () => {
    const frame = connect({ host: 'h', versions: ['1.1', '1.2'], command: 'STOMP' });
    expect(frame.command).toBe('STOMP');
    expect(frame.headers[0]).toEqual(['accept-version', '1.1,1.2']);
  });

  it('is valid on the wire for every version it offers', () => {
    const frame = connect({ host: 'h', login: 'u', passcode: 'x:y', heartBeat: [0, 500] });
    for (const version of VERSIONS) onWire(frame, version);
    const stomp = connect({ host: 'h', versions: ['1.2'], command: 'STOMP' });
    onWire(stomp, '1.1');
    onWire(stomp, '1.2');
  });

  it.each([
    [{ host: 'h', command: 'STOMP' as const }, 'STOMP: a 1.0 broker does not know the STOMP command; offer only 1.1 and 1.2, or use CONNECT'],
    [{ host: 'h', versions: [] }, 'CONNECT: offer at least one version (1.0, 1.1 or 1.2)'],
    [{ host: 'h', versions: ['2.0' as StompVersion] }, 'CONNECT: "2.0" is not a STOMP version (1.0, 1.1 or 1.2)'],
    [{ host: '' }, 'CONNECT: host is required from STOMP 1.1 (got "")'],
    [{ host: '', versions: ['1.0', '1.1'] as StompVersion[] }, 'CONNECT: host is required from STOMP 1.1 (got "")'],
    [{ host: 'h', heartBeat: [-1, 0] as const }, 'CONNECT: heart-beat must be two non-negative integer periods in ms, [send, receive] (got [-1,0])'],
    [{ host: 'h', heartBeat: [1.5, 0] as const }, 'CONNECT: heart-beat must be two non-negative integer periods in ms, [send, receive] (got [1.5,0])'],
    [{ host: 'h', heartBeat: [1] as unknown as [number, number] }, 'CONNECT: heart-beat must be two non-negative integer periods in ms, [send, receive] (got [1])'],
    [{ host: 'h', versions: ['1.0'] as StompVersion[], heartBeat: [100, 0] as const }, 'CONNECT: heart-beats need STOMP 1.1 or later, but only 1.0 is offered'],
    [{ host: 'h', headers: { host: 'other' } }, 'CONNECT: header "host" is set by the host option; do not pass it in headers'],
    [{ host: 'h', headers: [['accept-version', '1.2']] as [string, string][] }, 'CONNECT: header "accept-version" is set by the versions option; do not pass it in headers'],
    [{ host: 'h', headers: { 'heart-beat': '0,0' } }, 'CONNECT: header "heart-beat" is set by the heartBeat option; do not pass it in headers'],
    [{ host: 'h', command: 'SEND' as 'CONNECT' }, 'SEND: a session opens with CONNECT or STOMP'],
  ])('refuses %j', (options, text) => {
    expect(protocolError(() => connect(options)).message).toBe(text);
  });

  it('accepts a zero heart-beat with 1.0 alone', () => {
    expect(connect({ host: 'h', versions: ['1.0'], heartBeat: [0, 0] }).headers).toContainEqual(['heart-beat', '0,0']);
  });
});

describe('send', () => {
  it.each(VERSIONS)('builds SEND in %s with destination, transaction, receipt, then extra headers', (version) => {
    const frame = send(version, '/queue/a', 'hello', { transaction: 'tx-1', receipt: 'r-1', headers: { 'content-type': 'text/plain' } });
    expect(frame.command).toBe('SEND');
    expect(frame.headers).toEqual([
      ['destination', '/queue/a'],
      ['transaction', 'tx-1'],
      ['receipt', 'r-1'],
      ['content-type', 'text/plain'],
    ]);
    expect(bodyText(frame)).toBe('hello');
    onWire(frame, version);
  });

  it.each(VERSIONS)('carries a binary body with NUL bytes in %s', (version) => {
    const body = Uint8Array.of(0, 1, 2, 0, 255);
    const frame = send(version, '/queue/bin', body);
    expect(frame.body).toBe(body);
    onWire(frame, version);
  });

  it('sends an empty body by default', () => {
    const frame = send('1.2', '/topic/t');
    expect(frame.body.length).toBe(0);
    expect(frame.headers).toEqual([['destination', '/topic/t']]);
  });

  it('escapes header values that need it from 1.1', () => {
    const frame = send('1.2', '/queue/a', 'x', { headers: { note: 'a:b\nc\\d\re' } });
    expect(onWire(frame, '1.2').headers).toContainEqual(['note', 'a:b\nc\\d\re']);
  });

  it.each([
    [() => send('1.2', ''), 'SEND: destination must be a non-empty string (got "")'],
    [() => send('1.2', undefined as unknown as string), 'SEND: destination must be a non-empty string (got undefined)'],
    [() => send('1.1', '/q', '', { receipt: '' }), 'SEND: receipt must be a non-empty string (got "")'],
    [() => send('1.1', '/q', '', { transaction: '' }), 'SEND: transaction must be a non-empty string (got "")'],
    [() => send('1.0', '/q', '', { headers: { destination: '/other' } }), 'SEND: header "destination" is set by the destination option; do not pass it in headers'],
    [() => send('1.0', '/q', '', { headers: { receipt: 'r' } }), 'SEND: header "receipt" is set by the receipt option; do not pass it in headers'],
    [() => send('1.0', '/q', '', { headers: { transaction: 't' } }), 'SEND: header "transaction" is set by the transaction option; do not pass it in headers'],
  ])('refuses bad arguments (%#)', (fn, text) => {
    expect(protocolError(fn).message).toBe(text);
  });
});

describe('subscribe', () => {
  it('allows a 1.0 SUBSCRIBE without id', () => {
    const frame = subscribe('1.0', { destination: '/queue/a' });
    expect(frame).toEqual(createFrame('SUBSCRIBE', [['destination', '/queue/a']]));
    onWire(frame, '1.0');
  });

  it.each(VERSIONS)('builds SUBSCRIBE in %s with id, ack, receipt and extra headers', (version) => {
    const frame = subscribe(version, { destination: '/queue/a', id: '7', ack: 'client', receipt: 'r', headers: { selector: "type = 'x'" } });
    expect(frame.headers).toEqual([
      ['destination', '/queue/a'],
      ['id', '7'],
      ['ack', 'client'],
      ['receipt', 'r'],
      ['selector', "type = 'x'"],
    ]);
    onWire(frame, version);
  });

  it('writes an explicit auto, and omits ack when not given', () => {
    expect(subscribe('1.2', { destination: '/q', id: '1', ack: 'auto' }).headers).toContainEqual(['ack', 'auto']);
    expect(subscribe('1.2', { destination: '/q', id: '1' }).headers.map(([n]) => n)).toEqual(['destination', 'id']);
  });

  it.each(['1.1', '1.2'] as const)('accepts client-individual in %s', (version) => {
    expect(subscribe(version, { destination: '/q', id: '1', ack: 'client-individual' }).headers).toContainEqual(['ack', 'client-individual']);
  });

  it.each([
    [() => subscribe('1.1', { destination: '/q' }), 'SUBSCRIBE: STOMP 1.1 requires an id for every subscription (to /q)'],
    [() => subscribe('1.2', { destination: '/q' }), 'SUBSCRIBE: STOMP 1.2 requires an id for every subscription (to /q)'],
    [() => subscribe('1.2', { destination: '/q', id: '' }), 'SUBSCRIBE: id must be a non-empty string (got "")'],
    [() => subscribe('1.2', { destination: '', id: '1' }), 'SUBSCRIBE: destination must be a non-empty string (got "")'],
    [() => subscribe('1.0', { destination: '/q', ack: 'client-individual' }), 'SUBSCRIBE: ack mode "client-individual" does not exist in STOMP 1.0; use auto, client'],
    [() => subscribe('1.2', { destination: '/q', id: '1', ack: 'bogus' as 'auto' }), 'SUBSCRIBE: ack mode "bogus" is unknown; use auto, client, client-individual'],
    [() => subscribe('1.2', { destination: '/q', id: '1', headers: { id: '2' } }), 'SUBSCRIBE: header "id" is set by the id option; do not pass it in headers'],
    [() => subscribe('1.2', { destination: '/q', id: '1', headers: { ack: 'client' } }), 'SUBSCRIBE: header "ack" is set by the ack option; do not pass it in headers'],
  ])('refuses bad arguments (%#)', (fn, text) => {
    expect(protocolError(fn).message).toBe(text);
  });
});

describe('unsubscribe', () => {
  it.each(VERSIONS)('names the subscription by id in %s', (version) => {
    const frame = unsubscribe(version, { id: 'sub-1' }, { receipt: 'r-9', headers: { persistent: 'true' } });
    expect(frame.headers).toEqual([
      ['id', 'sub-1'],
      ['receipt', 'r-9'],
      ['persistent', 'true'],
    ]);
    onWire(frame, version);
  });

  it('names it by destination in 1.0', () => {
    const frame = unsubscribe('1.0', { destination: '/queue/a' });
    expect(frame.headers).toEqual([['destination', '/queue/a']]);
    onWire(frame, '1.0');
  });

  it.each([
    [() => unsubscribe('1.1', { destination: '/q' }), 'UNSUBSCRIBE: STOMP 1.1 names a subscription only by its id, not by destination ("/q")'],
    [() => unsubscribe('1.2', { destination: '/q' }), 'UNSUBSCRIBE: STOMP 1.2 names a subscription only by its id, not by destination ("/q")'],
    [() => unsubscribe('1.0', { id: '1', destination: '/q' } as never), 'UNSUBSCRIBE: name the subscription by id or by destination, not both'],
    [() => unsubscribe('1.0', {} as never), 'UNSUBSCRIBE: name the subscription: { id } (or, in 1.0, { destination })'],
    [() => unsubscribe('1.2', undefined as never), 'UNSUBSCRIBE: name the subscription: { id } (or, in 1.0, { destination })'],
    [() => unsubscribe('1.2', { id: '' }), 'UNSUBSCRIBE: id must be a non-empty string (got "")'],
    [() => unsubscribe('1.2', { id: '1' }, { headers: { id: '2' } }), 'UNSUBSCRIBE: header "id" is set by the id option; do not pass it in headers'],
  ])('refuses bad arguments (%#)', (fn, text) => {
    expect(protocolError(fn).message).toBe(text);
  });
});

describe('ack and nack', () => {
  const IDENTITY: Record<StompVersion, [string, string][]> = {
    '1.0': [['message-id', 'm-1']],
    '1.1': [
      ['subscription', 'sub-0'],
      ['message-id', 'm-1'],
    ],
    '1.2': [['id', 'a-1']],
  };

  it.each(VERSIONS)('ACK names the message as %s wants', (version) => {
    const frame = ack(version, MESSAGES[version], { transaction: 'tx', receipt: 'r' });
    expect(frame.command).toBe('ACK');
    expect(frame.headers).toEqual([...IDENTITY[version], ['transaction', 'tx'], ['receipt', 'r']]);
    onWire(frame, version);
  });

  it.each(['1.1', '1.2'] as const)('NACK names the message as %s wants', (version) => {
    const frame = nack(version, MESSAGES[version], { headers: { requeue: 'false' } });
    expect(frame.command).toBe('NACK');
    expect(frame.headers).toEqual([...IDENTITY[version], ['requeue', 'false']]);
    onWire(frame, version);
  });

  it('1.2 uses only the ack header, not message-id or subscription', () => {
    expect(ack('1.2', MESSAGE_12).headers).toEqual([['id', 'a-1']]);
  });

  it('takes the first of repeated identifying headers', () => {
    const m = createFrame('MESSAGE', [
      ['ack', 'first'],
      ['ack', 'second'],
    ]);
    expect(ack('1.2', m).headers).toEqual([['id', 'first']]);
  });

  it.each([
    [() => nack('1.0', MESSAGE_10), 'NACK: STOMP 1.0 has no NACK command (it arrived with 1.1)'],
    [() => ack('1.0', createFrame('MESSAGE', { destination: '/q' })), 'ACK: cannot name the message: the MESSAGE has no message-id header'],
    [() => ack('1.1', MESSAGE_10), 'ACK: cannot name the message: the MESSAGE has no subscription header, and STOMP 1.1 names a message by both'],
    [() => nack('1.1', createFrame('MESSAGE', { subscription: 's' })), 'NACK: cannot name the message: the MESSAGE has no message-id header, and STOMP 1.1 names a message by both'],
    [() => ack('1.1', createFrame('MESSAGE')), 'ACK: cannot name the message: the MESSAGE has no message-id and no subscription header, and STOMP 1.1 names a message by both'],
    [() => ack('1.2', MESSAGE_11), 'ACK: cannot name the message: the MESSAGE has no ack header, which STOMP 1.2 uses to name it (is its subscription in auto mode?)'],
    [() => ack('1.2', createFrame('RECEIPT', { 'receipt-id': 'r' })), 'ACK: can only settle a MESSAGE frame (got RECEIPT)'],
    [() => ack('1.2', undefined as unknown as Frame), 'ACK: can only settle a MESSAGE frame (got undefined)'],
    [() => ack('1.2', MESSAGE_12, { receipt: '' }), 'ACK: receipt must be a non-empty string (got "")'],
    [() => ack('1.2', MESSAGE_12, { headers: { id: 'x' } }), 'ACK: header "id" is set by the message option; do not pass it in headers'],
    [() => nack('1.1', MESSAGE_11, { headers: { transaction: 'x' } }), 'NACK: header "transaction" is set by the transaction option; do not pass it in headers'],
  ])('refuses what it cannot build (%#)', (fn, text) => {
    expect(protocolError(fn).message).toBe(text);
  });
});

describe('begin, commit and abort', () => {
  const builders = { BEGIN: begin, COMMIT: commit, ABORT: abort };

  for (const [command, build] of Object.entries(builders)) {
    it.each(VERSIONS)(`builds ${command} in %s`, (version) => {
      expect(build(version, 'tx-1')).toEqual(createFrame(command, [['transaction', 'tx-1']]));
      const frame = build(version, 'tx-1', { receipt: 'r-1' });
      expect(frame.headers).toEqual([
        ['transaction', 'tx-1'],
        ['receipt', 'r-1'],
      ]);
      onWire(frame, version);
    });

    it(`${command} refuses an empty transaction`, () => {
      expect(protocolError(() => build('1.2', '')).message).toBe(`${command}: transaction must be a non-empty string (got "")`);
    });
  }
});

describe('disconnect', () => {
  it('builds DISCONNECT with or without a receipt, valid in every version', () => {
    expect(disconnect()).toEqual(createFrame('DISCONNECT'));
    const frame = disconnect({ receipt: 'bye' });
    expect(frame.headers).toEqual([['receipt', 'bye']]);
    for (const version of VERSIONS) onWire(frame, version);
  });

  it('refuses an empty receipt', () => {
    expect(protocolError(() => disconnect({ receipt: '' })).message).toBe('DISCONNECT: receipt must be a non-empty string (got "")');
  });
});

describe('connected', () => {
  it('takes a missing version header to mean 1.0, and then ignores heart-beats', () => {
    const info = connected(createFrame('CONNECTED', { session: 's-1', 'heart-beat': '100,100' }), { heartBeat: [100, 100] });
    expect(info).toEqual({
      version: '1.0',
      server: undefined,
      session: 's-1',
      serverHeartBeat: [0, 0],
      heartBeat: { sendEvery: 0, expectEvery: 0 },
    });
  });

  it('reads version, server, session and negotiates heart-beats', () => {
    const frame = createFrame('CONNECTED', { version: '1.2', server: 'ActiveMQ/5.18.3', session: 'ID:1', 'heart-beat': '2000,5000' });
    const info = connected(frame, { versions: ['1.1', '1.2'], heartBeat: [1000, 3000] });
    expect(info).toEqual({
      version: '1.2',
      server: 'ActiveMQ/5.18.3',
      session: 'ID:1',
      serverHeartBeat: [2000, 5000],
      heartBeat: { sendEvery: 5000, expectEvery: 3000 },
    });
  });

  it('treats a missing heart-beat header as 0,0', () => {
    const info = connected(createFrame('CONNECTED', { version: '1.1' }), { heartBeat: [1000, 1000] });
    expect(info.serverHeartBeat).toEqual([0, 0]);
    expect(info.heartBeat).toEqual({ sendEvery: 0, expectEvery: 0 });
  });

  it('offers all versions and no heart-beat by default', () => {
    const info = connected(createFrame('CONNECTED', { version: '1.1', 'heart-beat': '10,10' }));
    expect(info.version).toBe('1.1');
    expect(info.heartBeat).toEqual({ sendEvery: 0, expectEvery: 0 });
  });

  it.each([
    [createFrame('CONNECTED'), ['1.1', '1.2'], 'CONNECTED: no version header, which means STOMP 1.0, but only 1.1, 1.2 were offered'],
    [createFrame('CONNECTED'), ['1.2'], 'CONNECTED: no version header, which means STOMP 1.0, but only 1.2 was offered'],
    [createFrame('CONNECTED', { version: '1.1' }), ['1.0', '1.2'], 'CONNECTED: the broker chose version 1.1, which was not offered (offered 1.0, 1.2)'],
    [createFrame('CONNECTED', { version: '2.0' }), ['1.2'], 'CONNECTED: version "2.0" is not a STOMP version (offered 1.2)'],
    [createFrame('CONNECTED', { version: '1.2', 'heart-beat': '10, 10' }), ['1.2'], 'CONNECTED: heart-beat "10, 10" is not two non-negative integers separated by a comma (e.g. "10000,10000")'],
    [createFrame('ERROR', { message: 'bad login' }), ['1.2'], 'CONNECTED: expected a CONNECTED frame, got ERROR'],
  ] as const)('refuses %j offered %j', (frame, versions, text) => {
    expect(protocolError(() => connected(frame, { versions })).message).toBe(text);
  });
});

describe('message', () => {
  it('routes a 1.0 MESSAGE without subscription by destination, and names it by message-id', () => {
    expect(message(MESSAGE_10, '1.0')).toEqual({
      subscription: { destination: '/queue/a' },
      destination: '/queue/a',
      messageId: 'm-1',
      ackHeaders: [['message-id', 'm-1']],
    });
  });

  it('prefers the subscription header in 1.0 when present', () => {
    expect(message(MESSAGE_11, '1.0').subscription).toEqual({ id: 'sub-0' });
  });

  it('names a 1.1 message by subscription and message-id', () => {
    expect(message(MESSAGE_11, '1.1')).toEqual({
      subscription: { id: 'sub-0' },
      destination: '/queue/a',
      messageId: 'm-1',
      ackHeaders: [
        ['subscription', 'sub-0'],
        ['message-id', 'm-1'],
      ],
    });
  });

  it('names a 1.2 message by its ack header, or not at all without one (auto mode)', () => {
    expect(message(MESSAGE_12, '1.2').ackHeaders).toEqual([['id', 'a-1']]);
    expect(message(MESSAGE_11, '1.2').ackHeaders).toBeUndefined();
  });

  it('still reports a message without message-id, as not ackable', () => {
    const info = message(createFrame('MESSAGE', { subscription: 's', destination: '/q' }), '1.1');
    expect(info.messageId).toBeUndefined();
    expect(info.ackHeaders).toBeUndefined();
  });

  it.each([
    [createFrame('MESSAGE', { 'message-id': 'm', destination: '/q' }), '1.1', 'MESSAGE: no subscription header, which STOMP 1.1 requires (destination "/q")'],
    [createFrame('MESSAGE', { 'message-id': 'm' }), '1.2', 'MESSAGE: no subscription header, which STOMP 1.2 requires (destination undefined)'],
    [createFrame('MESSAGE', { 'message-id': 'm' }), '1.0', 'MESSAGE: neither a subscription nor a destination header: the message belongs to no subscription'],
    [createFrame('RECEIPT'), '1.0', 'MESSAGE: expected a MESSAGE frame, got RECEIPT'],
  ] as const)('refuses %j in %s', (frame, version, text) => {
    expect(protocolError(() => message(frame, version)).message).toBe(text);
  });
});

describe('receipt', () => {
  it('returns the receipt-id', () => {
    expect(receipt(createFrame('RECEIPT', { 'receipt-id': 'r-1' }))).toBe('r-1');
  });

  it.each([
    [createFrame('RECEIPT'), 'RECEIPT: no receipt-id header: it cannot be matched to any frame'],
    [createFrame('MESSAGE', { 'receipt-id': 'r' }), 'RECEIPT: expected a RECEIPT frame, got MESSAGE'],
  ])('refuses %j', (frame, text) => {
    expect(protocolError(() => receipt(frame)).message).toBe(text);
  });
});

describe('error', () => {
  it('returns message, body text, receipt-id and headers', () => {
    const frame = createFrame(
      'ERROR',
      [
        ['message', 'Unknown destination'],
        ['receipt-id', 'r-3'],
        ['content-type', 'text/plain'],
        ['message', 'ignored duplicate'],
      ],
      'java.lang.IllegalStateException\n\tat ...',
    );
    expect(error(frame)).toEqual({
      message: 'Unknown destination',
      body: 'java.lang.IllegalStateException\n\tat ...',
      receiptId: 'r-3',
      headers: { message: 'Unknown destination', 'receipt-id': 'r-3', 'content-type': 'text/plain' },
    });
  });

  it('leaves absent fields undefined', () => {
    expect(error(createFrame('ERROR'))).toEqual({ message: undefined, body: '', receiptId: undefined, headers: {} });
  });

  it('refuses another frame', () => {
    expect(protocolError(() => error(createFrame('MESSAGE'))).message).toBe('ERROR: expected an ERROR frame, got MESSAGE');
  });
});

describe('properties', () => {
  const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\r\n]/.test(s) && !s.includes('\0'));
  const version = fc.constantFrom(...VERSIONS);

  it('every SEND survives the wire in 1.1 and 1.2, whatever its header values and body', () => {
    fc.assert(
      fc.property(fc.constantFrom('1.1', '1.2' as const), fc.string({ minLength: 1 }), fc.uint8Array(), fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{0,9}$/), fc.string()), (v, destination, body, headers) => {
        const filtered = Object.fromEntries(Object.entries(headers).filter(([n]) => !['destination', 'receipt', 'transaction', 'content-length'].includes(n)));
        onWire(send(v, destination, body, { headers: filtered }), v);
      }),
    );
  });

  it('the ACK identity message() reports is what ack() sends', () => {
    fc.assert(
      fc.property(version, text, text, text, (v, messageId, subscription, ackId) => {
        const m = createFrame('MESSAGE', { destination: '/q', 'message-id': messageId, subscription, ack: ackId });
        const identity = message(m, v).ackHeaders;
        expect(ack(v, m).headers).toEqual(identity);
        onWire(ack(v, m), v);
      }),
    );
  });

  it('every offered version set yields a sorted accept-version that CONNECTED can answer with any of them', () => {
    fc.assert(
      fc.property(fc.subarray([...VERSIONS], { minLength: 1 }), (versions) => {
        const shuffled = [...versions].reverse();
        const frame = connect({ host: 'h', versions: shuffled });
        expect(frame.headers[0]).toEqual(['accept-version', versions.join(',')]);
        for (const chosen of versions) {
          const answer = chosen === '1.0' ? createFrame('CONNECTED') : createFrame('CONNECTED', { version: chosen });
          expect(connected(answer, { versions }).version).toBe(chosen);
        }
      }),
    );
  });
});
