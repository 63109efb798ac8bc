import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StompProtocolError } from '../../src-core/protocol/commands';
import { createFrame, getHeader, type Frame, type Header } from '../../src-core/protocol/frame';
import { parseAll } from '../../src-core/protocol/parser';
import { serializeFrame } from '../../src-core/protocol/serializer';
import { StompSession, StompSessionError, type SessionOptions } from '../../src-core/protocol/session';
import { VERSIONS, type StompVersion } from '../../src-core/protocol/spec';

function connectedFrame(version: StompVersion, headers: Record<string, string> = {}): Frame {
  return createFrame('CONNECTED', version === '1.0' ? headers : { version, ...headers });
}

function open(version: StompVersion = '1.2', options: SessionOptions = {}): StompSession {
  const session = new StompSession(options);
  session.connect({ host: 'localhost' });
  session.connected(connectedFrame(version));
  return session;
}

/** A MESSAGE as the broker would send it for a subscription, per version. */
function messageFor(version: StompVersion, subscription: string, messageId: string, ack?: string): Frame {
  const headers: Header[] = [
    ['destination', '/queue/a'],
    ['message-id', messageId],
    ['subscription', subscription],
  ];
  if (version === '1.2' && ack !== undefined) headers.push(['ack', ack]);
  return createFrame('MESSAGE', headers, 'body');
}

function receiptFrame(id: string): Frame {
  return createFrame('RECEIPT', { 'receipt-id': id });
}

/** The frame must be valid on the wire for the version: serialized, then parsed back strictly. */
function expectOnWire(frame: Frame, version: StompVersion): void {
  const events = parseAll(serializeFrame(frame, version), { version, strict: true });
  expect(events.filter((e) => e.type === 'frame')).toHaveLength(1);
}

function sessionError(fn: () => unknown): StompSessionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StompSessionError);
    return e as StompSessionError;
  }
  throw new Error('expected a StompSessionError, nothing was thrown');
}

describe('StompSessionError', () => {
  it('names the command, the state and the reason', () => {
    const e = sessionError(() => new StompSession().send('/q'));
    expect(e.name).toBe('StompSessionError');
    expect(e.command).toBe('SEND');
    expect(e.state).toBe('disconnected');
    expect(e.message).toBe('cannot SEND: session is disconnected; call connect first');
  });
});

describe('connecting', () => {
  it('starts disconnected with nothing negotiated', () => {
    const session = new StompSession();
    expect(session.checked).toBe(true);
    expect(session.state).toBe('disconnected');
    expect(session.version).toBeUndefined();
    expect(session.server).toBeUndefined();
    expect(session.sessionId).toBeUndefined();
    expect(session.heartBeat).toEqual({ sendEvery: 0, expectEvery: 0 });
    expect(session.offeredVersions).toEqual(['1.0', '1.1', '1.2']);
    expect(session.subscriptions).toEqual([]);
    expect(session.transactions).toEqual([]);
    expect(session.pendingReceipts).toEqual([]);
  });

  it('connect returns the CONNECT frame and remembers the offered versions, sorted', () => {
    const session = new StompSession();
    const out = session.connect({ host: 'vh', login: 'u', passcode: 'p', versions: ['1.2', '1.1'], heartBeat: [1000, 2000] });
    expect(out.receipt).toBeUndefined();
    expect(out.frame.command).toBe('CONNECT');
    expect(getHeader(out.frame, 'accept-version')).toBe('1.1,1.2');
    expect(session.state).toBe('connecting');
    expect(session.offeredVersions).toEqual(['1.1', '1.2']);
  });

  it('connected negotiates version, server, session id and heart-beats', () => {
    const session = new StompSession();
    session.connect({ host: 'vh', heartBeat: [1000, 2000] });
    const info = session.connected(connectedFrame('1.1', { server: 'RabbitMQ/3.13', session: 'sess-1', 'heart-beat': '4000,500' }));
    expect(info.version).toBe('1.1');
    expect(session.state).toBe('connected');
    expect(session.version).toBe('1.1');
    expect(session.server).toBe('RabbitMQ/3.13');
    expect(session.sessionId).toBe('sess-1');
    expect(session.heartBeat).toEqual({ sendEvery: 1000, expectEvery: 4000 });
  });

  it('checks CONNECTED against the versions that were offered', () => {
    const session = new StompSession();
    session.connect({ host: 'vh', versions: ['1.2'] });
    expect(() => session.connected(connectedFrame('1.0'))).toThrow(StompProtocolError);
    expect(session.state).toBe('connecting');
  });

  it('an ERROR while connecting is a refused CONNECT', () => {
    const session = new StompSession();
    session.connect({ host: 'vh' });
    const { error, receipt } = session.error(createFrame('ERROR', { message: 'Access refused' }, 'bad credentials'));
    expect(error.message).toBe('Access refused');
    expect(error.body).toBe('bad credentials');
    expect(receipt).toBeUndefined();
    expect(session.state).toBe('disconnected');
  });

  it.each([
    ['connecting', 'cannot CONNECT: session is connecting; wait for CONNECTED'],
    ['connected', 'cannot CONNECT: session is already connected; disconnect first'],
    ['disconnecting', 'cannot CONNECT: session is disconnecting; DISCONNECT was already sent'],
  ])('refuses connect while %s', (state, text) => {
    const session = new StompSession();
    session.connect({ host: 'h' });
    if (state !== 'connecting') session.connected(connectedFrame('1.2'));
    if (state === 'disconnecting') session.disconnect();
    expect(session.state).toBe(state);
    expect(sessionError(() => session.connect({ host: 'h' })).message).toBe(text);
  });

  it('refuses CONNECTED when no CONNECT was sent, or twice', () => {
    const session = new StompSession();
    expect(sessionError(() => session.connected(connectedFrame('1.2'))).message).toBe('cannot handle CONNECTED: no CONNECT was sent');
    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.2'));
    expect(sessionError(() => session.connected(connectedFrame('1.2'))).message).toBe('cannot handle CONNECTED: session is already connected');
  });
});

describe('commands in the wrong state', () => {
  const attempts: [string, (s: StompSession) => unknown][] = [
    ['SEND', (s) => s.send('/q', 'x')],
    ['SUBSCRIBE', (s) => s.subscribe({ destination: '/q' })],
    ['UNSUBSCRIBE', (s) => s.unsubscribe('sub-0')],
    ['ACK', (s) => s.ack(messageFor('1.2', 'sub-0', 'm', 'a'))],
    ['NACK', (s) => s.nack(messageFor('1.2', 'sub-0', 'm', 'a'))],
    ['BEGIN', (s) => s.begin()],
    ['COMMIT', (s) => s.commit('tx-0')],
    ['ABORT', (s) => s.abort('tx-0')],
    ['DISCONNECT', (s) => s.disconnect()],
    ['replay', (s) => s.replay()],
  ];
  const states: [string, (s: StompSession) => void, string][] = [
    ['disconnected', () => {}, 'session is disconnected; call connect first'],
    ['connecting', (s) => s.connect({ host: 'h' }), 'session is connecting; wait for CONNECTED'],
    [
      'disconnecting',
      (s) => {
        s.connect({ host: 'h' });
        s.connected(connectedFrame('1.2'));
        s.disconnect();
      },
      'session is disconnecting; DISCONNECT was already sent',
    ],
  ];
  for (const [state, reach, advice] of states) {
    it.each(attempts)(`refuses %s while ${state}`, (command, attempt) => {
      const session = new StompSession();
      reach(session);
      const e = sessionError(() => attempt(session));
      expect(e.message).toBe(`cannot ${command}: ${advice}`);
      expect(e.state).toBe(state);
    });
  }

  it('refuses incoming MESSAGE and RECEIPT before CONNECTED', () => {
    const session = new StompSession();
    expect(sessionError(() => session.message(messageFor('1.2', 's', 'm'))).message).toBe(
      'cannot handle MESSAGE: session is disconnected, so no MESSAGE was expected',
    );
    session.connect({ host: 'h' });
    expect(sessionError(() => session.receipt(receiptFrame('r'))).message).toBe('cannot handle RECEIPT: session is connecting, so no RECEIPT was expected');
  });

  it('refuses reset unless disconnected', () => {
    expect(sessionError(() => open().reset()).message).toBe('cannot reset: session is already connected; disconnect first');
  });
});

describe.each(VERSIONS)('a whole session in STOMP %s', (version) => {
  it('subscribes, receives, settles, uses a transaction and disconnects cleanly', () => {
    const session = open(version);
    const sent: Frame[] = [];

    const a = session.subscribe({ destination: '/queue/a', ack: 'client', headers: { selector: "x = 'y'" }, receipt: true });
    sent.push(a.frame);
    expect(a.subscription).toEqual({ id: 'sub-0', destination: '/queue/a', ack: 'client', headers: [['selector', "x = 'y'"]], messages: 0 });
    expect(a.receipt).toBe('rcpt-0');
    expect(a.frame.headers).toEqual([
      ['destination', '/queue/a'],
      ['id', 'sub-0'],
      ['ack', 'client'],
      ['receipt', 'rcpt-0'],
      ['selector', "x = 'y'"],
    ]);
    expect(session.receipt(receiptFrame('rcpt-0'))).toEqual({ id: 'rcpt-0', command: 'SUBSCRIBE', destination: '/queue/a', subscription: 'sub-0' });

    const b = session.subscribe({ destination: '/topic/b' });
    sent.push(b.frame);
    expect(b.subscription.id).toBe('sub-1');
    expect(b.subscription.ack).toBe('auto');

    const m1 = messageFor(version, 'sub-0', 'm-1', 'ack-1');
    const incoming = session.message(m1);
    expect(incoming.subscription).toMatchObject({ id: 'sub-0', messages: 1 });
    expect(incoming.ack).toBe('client');
    expect(incoming.info.messageId).toBe('m-1');
    expect(session.message(messageFor(version, 'sub-1', 'm-2')).ack).toBe('auto');
    expect(session.subscriptions.map((s) => s.messages)).toEqual([1, 1]);

    const { transaction, frame: beginFrame } = session.begin();
    sent.push(beginFrame);
    expect(transaction).toBe('tx-0');
    expect(session.transactions).toEqual(['tx-0']);
    const sendOut = session.send('/queue/out', 'payload', { transaction, receipt: true, headers: { 'content-type': 'text/plain' } });
    sent.push(sendOut.frame);
    expect(sendOut.receipt).toBe('rcpt-1');
    const ackOut = session.ack(m1, { transaction });
    sent.push(ackOut.frame);
    expect(ackOut.frame.command).toBe('ACK');
    sent.push(session.commit(transaction, { receipt: 'commit-1' }).frame);
    expect(session.transactions).toEqual([]);
    expect(session.pendingReceipts.map((r) => [r.id, r.command])).toEqual([
      ['rcpt-1', 'SEND'],
      ['commit-1', 'COMMIT'],
    ]);

    const unsub = session.unsubscribe('sub-1', { receipt: true });
    sent.push(unsub.frame);
    expect(unsub.subscription?.id).toBe('sub-1');
    expect(session.subscriptions.map((s) => s.id)).toEqual(['sub-0']);

    const bye = session.disconnect();
    sent.push(bye.frame);
    expect(bye.receipt).toBe('rcpt-3');
    expect(bye.lostTransactions).toEqual([]);
    expect(session.state).toBe('disconnecting');
    // Messages may still arrive until the broker answers the DISCONNECT.
    expect(session.message(messageFor(version, 'sub-0', 'm-3', 'ack-3')).subscription?.messages).toBe(2);

    expect(session.receipt(receiptFrame('rcpt-1'))?.command).toBe('SEND');
    expect(session.receipt(receiptFrame('rcpt-3'))?.command).toBe('DISCONNECT');
    expect(session.state).toBe('disconnected');
    // The DISCONNECT receipt proves everything before was processed: nothing is left pending.
    expect(session.pendingReceipts).toEqual([]);
    expect(session.heartBeat).toEqual({ sendEvery: 0, expectEvery: 0 });
    // The subscription survives, for a later reconnect.
    expect(session.subscriptions.map((s) => s.id)).toEqual(['sub-0']);

    for (const frame of sent) expectOnWire(frame, version);
  });

  it('NACK is refused in 1.0 and built from 1.1', () => {
    const session = open(version);
    session.subscribe({ destination: '/queue/a', ack: 'client' });
    const m = messageFor(version, 'sub-0', 'm-1', 'a-1');
    session.message(m);
    if (version === '1.0') {
      expect(sessionError(() => session.nack(m)).message).toBe('cannot NACK: STOMP 1.0 has no NACK (it is the negotiated version)');
    } else {
      const out = session.nack(m, { receipt: true, headers: { requeue: 'false' } });
      expect(out.frame.command).toBe('NACK');
      expect(session.pendingReceipts).toEqual([{ id: 'rcpt-0', command: 'NACK', subscription: 'sub-0', messageId: 'm-1' }]);
      expectOnWire(out.frame, version);
    }
  });
});

describe('checked rules', () => {
  it('refuses a subscription id already in use', () => {
    const session = open();
    session.subscribe({ destination: '/queue/a', id: 'mine' });
    expect(sessionError(() => session.subscribe({ destination: '/queue/b', id: 'mine' })).message).toBe(
      'cannot SUBSCRIBE: id "mine" is already used by the subscription to /queue/a; unsubscribe it first or choose another id',
    );
  });

  it('allows an id again once unsubscribed, moving it to the end', () => {
    const session = open();
    session.subscribe({ destination: '/queue/a', id: 'x' });
    session.subscribe({ destination: '/queue/b', id: 'y' });
    session.unsubscribe('x');
    session.subscribe({ destination: '/queue/c', id: 'x' });
    expect(session.subscriptions.map((s) => [s.id, s.destination])).toEqual([
      ['y', '/queue/b'],
      ['x', '/queue/c'],
    ]);
  });

  it('refuses to unsubscribe an unknown or finished subscription', () => {
    const session = open();
    expect(sessionError(() => session.unsubscribe('nope')).message).toBe('cannot UNSUBSCRIBE: no active subscription with id "nope": this session never made it');
    session.subscribe({ destination: '/q' });
    session.unsubscribe('sub-0');
    expect(sessionError(() => session.unsubscribe('sub-0')).message).toBe('cannot UNSUBSCRIBE: no active subscription with id "sub-0": it was already unsubscribed');
  });

  it('refuses transactions that are not open', () => {
    const session = open();
    expect(sessionError(() => session.send('/q', 'x', { transaction: 't' })).message).toBe(
      'cannot SEND: transaction "t" is not open (none is open); call begin first',
    );
    session.begin({ transaction: 'a' });
    session.begin({ transaction: 'b' });
    expect(sessionError(() => session.commit('c')).message).toBe('cannot COMMIT: transaction "c" is not open (open: a, b); call begin first');
    expect(sessionError(() => session.abort('c')).message).toBe('cannot ABORT: transaction "c" is not open (open: a, b); call begin first');
    expect(sessionError(() => session.begin({ transaction: 'a' })).message).toBe('cannot BEGIN: transaction "a" is already open');
    session.abort('a');
    expect(sessionError(() => session.commit('a')).message).toBe('cannot COMMIT: transaction "a" is not open (open: b); call begin first');
  });

  it('refuses to ack for a subscription that is unknown, finished or in auto mode', () => {
    const session = open('1.1');
    expect(sessionError(() => session.ack(messageFor('1.1', 'ghost', 'm-1'))).message).toBe(
      'cannot ACK: message "m-1" belongs to subscription "ghost", which this session never subscribed',
    );
    session.subscribe({ destination: '/queue/a' });
    expect(sessionError(() => session.ack(messageFor('1.1', 'sub-0', 'm-2'))).message).toBe(
      'cannot ACK: subscription "sub-0" (to /queue/a) is in auto mode; the broker takes no ACK for it',
    );
    session.subscribe({ destination: '/queue/b', ack: 'client-individual' });
    const m = messageFor('1.1', 'sub-1', 'm-3');
    session.message(m);
    session.unsubscribe('sub-1');
    expect(sessionError(() => session.nack(m)).message).toBe('cannot NACK: message "m-3" belongs to subscription "sub-1", which was unsubscribed');
  });

  it('refuses to ack within a transaction that is not open', () => {
    const session = open('1.2');
    session.subscribe({ destination: '/queue/a', ack: 'client' });
    const m = messageFor('1.2', 'sub-0', 'm', 'a');
    expect(sessionError(() => session.ack(m, { transaction: 'nope' })).message).toBe('cannot ACK: transaction "nope" is not open (none is open); call begin first');
  });

  it('refuses to ack a message that arrived on an earlier connection', () => {
    const session = open('1.2');
    session.subscribe({ destination: '/queue/a', ack: 'client' });
    const m = messageFor('1.2', 'sub-0', 'm-1', 'a-1');
    session.message(m);
    session.close();
    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.2'));
    session.replay();
    expect(sessionError(() => session.ack(m)).message).toBe(
      'cannot ACK: message "m-1" arrived on an earlier connection; the broker redelivers it, settle the new copy',
    );
    const again = messageFor('1.2', 'sub-0', 'm-1', 'a-2');
    session.message(again);
    expect(session.ack(again).frame.headers).toEqual([['id', 'a-2']]);
  });

  it('lets a 1.2 ack fail in the commands layer when the MESSAGE has no ack header', () => {
    const session = open('1.2');
    session.subscribe({ destination: '/queue/a', ack: 'client' });
    expect(() => session.ack(messageFor('1.2', 'sub-0', 'm'))).toThrow(StompProtocolError);
  });

  it('refuses a MESSAGE for a subscription it never made', () => {
    const session = open('1.1');
    expect(sessionError(() => session.message(messageFor('1.1', 'who', 'm'))).message).toBe(
      'cannot handle MESSAGE: it names subscription "who", which this session never subscribed',
    );
    const s10 = open('1.0');
    expect(sessionError(() => s10.message(createFrame('MESSAGE', { destination: '/nowhere', 'message-id': 'm' }))).message).toBe(
      'cannot handle MESSAGE: it names the subscription to /nowhere, which this session never subscribed',
    );
  });

  it('refuses a RECEIPT nobody asked for, and a receipt id already pending', () => {
    const session = open();
    expect(sessionError(() => session.receipt(receiptFrame('r-x'))).message).toBe(
      'cannot handle RECEIPT: receipt-id "r-x" answers no frame this session asked a receipt for',
    );
    session.send('/q', 'a', { receipt: 'mine' });
    expect(sessionError(() => session.send('/q', 'b', { receipt: 'mine' })).message).toBe(
      'cannot SEND: receipt id "mine" is already waiting for the RECEIPT of a SEND',
    );
  });

  it('changes nothing when a command fails to build', () => {
    const session = open('1.0');
    expect(() => session.subscribe({ destination: '/q', ack: 'client-individual', receipt: true })).toThrow(StompProtocolError);
    expect(session.subscriptions).toEqual([]);
    expect(session.pendingReceipts).toEqual([]);
    expect(() => session.begin({ transaction: '' })).toThrow(StompProtocolError);
    expect(session.transactions).toEqual([]);
  });
});

describe('routing messages', () => {
  it('reports a late MESSAGE for an unsubscribed subscription without throwing or counting it', () => {
    const session = open('1.2');
    session.subscribe({ destination: '/queue/a' });
    session.unsubscribe('sub-0');
    const late = session.message(messageFor('1.2', 'sub-0', 'm'));
    expect(late.subscription).toBeUndefined();
    expect(late.ack).toBeUndefined();
    expect(late.info.subscription).toEqual({ id: 'sub-0' });
  });

  it('routes a 1.0 MESSAGE without subscription header by destination, to the first live match', () => {
    const session = open('1.0');
    session.subscribe({ destination: '/queue/x', ack: 'client' });
    session.subscribe({ destination: '/queue/a' });
    session.subscribe({ destination: '/queue/a' });
    const m = createFrame('MESSAGE', { destination: '/queue/a', 'message-id': 'm-1' });
    expect(session.message(m).subscription?.id).toBe('sub-1');
    session.unsubscribe('sub-1');
    expect(session.message(m).subscription?.id).toBe('sub-2');
    session.unsubscribe('sub-2');
    expect(session.message(m).subscription).toBeUndefined();
    const x = createFrame('MESSAGE', { destination: '/queue/x', 'message-id': 'm-9' });
    session.message(x);
    expect(session.ack(x).frame.headers).toEqual([['message-id', 'm-9']]);
  });

  it('counts messages per subscription across reconnects', () => {
    const session = open('1.1');
    session.subscribe({ destination: '/a' });
    session.subscribe({ destination: '/b' });
    for (let i = 0; i < 3; i++) session.message(messageFor('1.1', 'sub-0', `m${i}`));
    session.message(messageFor('1.1', 'sub-1', 'x'));
    session.close();
    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.1'));
    session.replay();
    session.message(messageFor('1.1', 'sub-0', 'm3'));
    expect(session.subscriptions.map((s) => [s.id, s.messages])).toEqual([
      ['sub-0', 4],
      ['sub-1', 1],
    ]);
    expect(session.subscription('sub-0')?.messages).toBe(4);
    expect(session.subscription('none')).toBeUndefined();
  });
});

describe('receipts and errors', () => {
  it('matches receipts in any order, with what each was for', () => {
    const session = open('1.2');
    const sub = session.subscribe({ destination: '/q', ack: 'client', receipt: true });
    const tx = session.begin({ receipt: true });
    const sent = session.send('/q', 'x', { transaction: tx.transaction, receipt: true });
    const m = messageFor('1.2', 'sub-0', 'm-1', 'a-1');
    session.message(m);
    const acked = session.ack(m, { receipt: 'ack-receipt' });
    const aborted = session.abort(tx.transaction, { receipt: true });
    const unsub = session.unsubscribe('sub-0', { receipt: true });
    expect(session.receipt(receiptFrame(unsub.receipt!))).toEqual({ id: 'rcpt-4', command: 'UNSUBSCRIBE', subscription: 'sub-0' });
    expect(session.receipt(receiptFrame(sent.receipt!))).toEqual({ id: 'rcpt-2', command: 'SEND', destination: '/q', transaction: 'tx-0' });
    expect(session.receipt(receiptFrame(sub.receipt!))).toEqual({ id: 'rcpt-0', command: 'SUBSCRIBE', destination: '/q', subscription: 'sub-0' });
    expect(session.receipt(receiptFrame(acked.receipt!))).toEqual({ id: 'ack-receipt', command: 'ACK', subscription: 'sub-0', messageId: 'm-1' });
    expect(session.receipt(receiptFrame(aborted.receipt!))).toEqual({ id: 'rcpt-3', command: 'ABORT', transaction: 'tx-0' });
    expect(session.receipt(receiptFrame(tx.receipt!))).toEqual({ id: 'rcpt-1', command: 'BEGIN', transaction: 'tx-0' });
    expect(session.pendingReceipts).toEqual([]);
  });

  it('matches an ERROR carrying receipt-id to the frame that failed', () => {
    const session = open('1.2');
    const out = session.send('/queue/forbidden', 'x', { receipt: true });
    const { error, receipt } = session.error(createFrame('ERROR', { message: 'not authorized', 'receipt-id': out.receipt! }));
    expect(error.message).toBe('not authorized');
    expect(receipt).toEqual({ id: 'rcpt-0', command: 'SEND', destination: '/queue/forbidden' });
    expect(session.pendingReceipts).toEqual([]);
    expect(session.state).toBe('connected');
    expect(session.error(createFrame('ERROR', { 'receipt-id': 'unknown' })).receipt).toBeUndefined();
  });

  it('accepts an ERROR in any state', () => {
    const session = new StompSession();
    expect(session.error(createFrame('ERROR', { message: 'late' })).error.message).toBe('late');
    expect(session.state).toBe('disconnected');
  });

  it('does not reuse a receipt id the caller chose', () => {
    const session = open();
    session.send('/q', 'a', { receipt: 'rcpt-0' });
    expect(session.send('/q', 'b', { receipt: true }).receipt).toBe('rcpt-1');
  });

  it('sends no receipt for false or absent', () => {
    const session = open();
    expect(session.send('/q', 'a', { receipt: false }).receipt).toBeUndefined();
    expect(session.send('/q', 'a').frame.headers).toEqual([['destination', '/q']]);
    expect(session.pendingReceipts).toEqual([]);
  });

  it('asks for a receipt on DISCONNECT unless told not to, and then waits for close()', () => {
    const session = open();
    const out = session.disconnect({ receipt: false });
    expect(out.receipt).toBeUndefined();
    expect(out.frame.headers).toEqual([]);
    expect(session.state).toBe('disconnecting');
    expect(session.close()).toEqual({ previousState: 'disconnecting', lostTransactions: [], lostReceipts: [] });
    expect(session.state).toBe('disconnected');
  });

  it('reports transactions still open at DISCONNECT as lost', () => {
    const session = open();
    session.begin();
    session.begin({ transaction: 'mine' });
    expect(session.disconnect().lostTransactions).toEqual(['tx-0', 'mine']);
    expect(session.transactions).toEqual([]);
  });
});

describe('close and replay', () => {
  it('keeps subscriptions, loses transactions and receipts, and turns heart-beats off', () => {
    const session = new StompSession();
    session.connect({ host: 'h', heartBeat: [1000, 1000] });
    session.connected(connectedFrame('1.2', { 'heart-beat': '1000,1000' }));
    session.subscribe({ destination: '/a', ack: 'client-individual', headers: [['durable-subscription-name', 'd']] });
    session.subscribe({ destination: '/b' });
    session.begin();
    const pending = session.send('/a', 'x', { receipt: true });
    const closed = session.close();
    expect(closed).toEqual({
      previousState: 'connected',
      lostTransactions: ['tx-0'],
      lostReceipts: [{ id: pending.receipt, command: 'SEND', destination: '/a' }],
    });
    expect(session.state).toBe('disconnected');
    expect(session.heartBeat).toEqual({ sendEvery: 0, expectEvery: 0 });
    expect(session.transactions).toEqual([]);
    expect(session.pendingReceipts).toEqual([]);
    expect(session.subscriptions.map((s) => s.id)).toEqual(['sub-0', 'sub-1']);
    // The last negotiation stays readable after the drop.
    expect(session.version).toBe('1.2');
    expect(session.close()).toEqual({ previousState: 'disconnected', lostTransactions: [], lostReceipts: [] });
  });

  it('replays the SUBSCRIBE frames with the same ids, order and headers after a reconnect', () => {
    const session = open('1.2');
    const first = session.subscribe({ destination: '/a', ack: 'client-individual', headers: { selector: 'p > 1' }, receipt: true });
    const second = session.subscribe({ destination: '/b', id: 'custom', ack: 'auto' });
    session.subscribe({ destination: '/c' });
    session.unsubscribe('sub-1');
    session.close();

    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.2'));
    const replayed = session.replay();
    expect(replayed).toEqual([
      createFrame('SUBSCRIBE', [
        ['destination', '/a'],
        ['id', 'sub-0'],
        ['ack', 'client-individual'],
        ['selector', 'p > 1'],
      ]),
      // An explicit auto is written again; no receipt is asked on replay.
      second.frame,
    ]);
    expect(first.frame.headers).toContainEqual(['receipt', 'rcpt-0']);
    for (const frame of replayed) expectOnWire(frame, '1.2');
    // New ids continue after the old ones, never reusing an unsubscribed one.
    expect(session.subscribe({ destination: '/d' }).subscription.id).toBe('sub-2');
  });

  it('builds replayed frames for the newly negotiated version', () => {
    const session = open('1.2');
    session.subscribe({ destination: '/a', ack: 'client-individual' });
    session.close();
    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.0'));
    expect(() => session.replay()).toThrow('SUBSCRIBE: ack mode "client-individual" does not exist in STOMP 1.0; use auto, client');
  });

  it('keeps the subscribed headers even if the caller changes its array later', () => {
    const session = open();
    const headers: Header[] = [['selector', 'a']];
    session.subscribe({ destination: '/a', headers });
    headers.push(['selector', 'b']);
    (headers as [string, string][])[0][1] = 'changed';
    expect(session.replay()[0].headers).toEqual([
      ['destination', '/a'],
      ['id', 'sub-0'],
      ['selector', 'a'],
    ]);
  });

  it('reset forgets the subscriptions', () => {
    const session = open();
    session.subscribe({ destination: '/a' });
    session.close();
    session.reset();
    expect(session.subscriptions).toEqual([]);
    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.2'));
    expect(session.replay()).toEqual([]);
    expect(session.subscribe({ destination: '/a' }).subscription.id).toBe('sub-1');
  });
});

describe('ids', () => {
  it('skips generated ids the caller already took', () => {
    const session = open();
    session.subscribe({ destination: '/a', id: 'sub-0' });
    session.subscribe({ destination: '/b', id: 'sub-1' });
    expect(session.subscribe({ destination: '/c' }).subscription.id).toBe('sub-2');
    session.begin({ transaction: 'tx-0' });
    expect(session.begin().transaction).toBe('tx-1');
  });

  it('prefixes every generated id with idPrefix', () => {
    const session = open('1.2', { idPrefix: 'c7/' });
    expect(session.subscribe({ destination: '/a' }).subscription.id).toBe('c7/sub-0');
    expect(session.begin({ receipt: true })).toMatchObject({ transaction: 'c7/tx-0', receipt: 'c7/rcpt-0' });
  });

  it('never repeats an id within a session, across reconnects', () => {
    const session = open();
    const seen = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) {
        const sub = session.subscribe({ destination: `/q${i}`, receipt: true });
        const tx = session.begin({ receipt: true });
        for (const id of [sub.subscription.id, sub.receipt!, tx.transaction, tx.receipt!]) {
          expect(seen.has(id)).toBe(false);
          seen.add(id);
        }
        session.unsubscribe(sub.subscription.id);
      }
      session.close();
      session.connect({ host: 'h' });
      session.connected(connectedFrame('1.2'));
    }
  });
});

describe('unchecked', () => {
  it('builds frames in any state and keeps its bookkeeping', () => {
    const session = new StompSession({ checked: false });
    expect(session.checked).toBe(false);
    // Before any CONNECTED the highest offered version is used.
    const sub = session.subscribe({ destination: '/a' });
    expect(sub.frame.headers).toEqual([
      ['destination', '/a'],
      ['id', 'sub-0'],
    ]);
    expect(session.send('/a', 'x', { transaction: 'unknown' }).frame.headers).toContainEqual(['transaction', 'unknown']);
    expect(session.commit('never-begun').frame.command).toBe('COMMIT');
    expect(session.unsubscribe('unknown').subscription).toBeUndefined();
    expect(session.replay().map((f) => getHeader(f, 'id'))).toEqual(['sub-0']);
    expect(session.state).toBe('disconnected');
  });

  it('reports unknown subscriptions and receipts as undefined instead of throwing', () => {
    const session = new StompSession({ checked: false });
    session.connect({ host: 'h' });
    session.connected(connectedFrame('1.1'));
    expect(session.message(messageFor('1.1', 'who', 'm')).subscription).toBeUndefined();
    expect(session.receipt(receiptFrame('nobody'))).toBeUndefined();
    expect(session.ack(messageFor('1.1', 'who', 'm'), { receipt: true }).frame.command).toBe('ACK');
    expect(session.pendingReceipts).toEqual([{ id: 'rcpt-0', command: 'ACK', subscription: 'who', messageId: 'm' }]);
  });

  it('still refuses what cannot be built at all', () => {
    const session = new StompSession({ checked: false });
    session.connect({ host: 'h', versions: ['1.0'] });
    session.connected(connectedFrame('1.0'));
    expect(() => session.nack(messageFor('1.0', 's', 'm'))).toThrow(new StompProtocolError('NACK', 'STOMP 1.0 has no NACK command (it arrived with 1.1)'));
  });

  it('lets a repeated subscription id replace the old one at the end', () => {
    const session = new StompSession({ checked: false });
    session.subscribe({ destination: '/a', id: 'x' });
    session.subscribe({ destination: '/b', id: 'y' });
    session.subscribe({ destination: '/c', id: 'x' });
    expect(session.subscriptions.map((s) => [s.id, s.destination])).toEqual([
      ['y', '/b'],
      ['x', '/c'],
    ]);
  });
});

describe('properties', () => {
  type Op = { kind: 'subscribe'; destination: string; custom: boolean } | { kind: 'unsubscribe'; pick: number } | { kind: 'reconnect' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('subscribe' as const), destination: fc.constantFrom('/a', '/b', '/c'), custom: fc.boolean() }),
    fc.record({ kind: fc.constant('unsubscribe' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('reconnect' as const) }),
  );

  it('any sequence of subscribe, unsubscribe and reconnect leaves replay() equal to the live subscriptions in order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERSIONS), fc.array(op, { maxLength: 40 }), (version, ops) => {
        const session = open(version);
        const model: { id: string; destination: string }[] = [];
        let custom = 0;
        for (const o of ops) {
          if (o.kind === 'subscribe') {
            const id = o.custom ? `custom-${custom++}` : undefined;
            const { subscription } = session.subscribe({ destination: o.destination, id });
            expect(model.some((m) => m.id === subscription.id)).toBe(false);
            model.push({ id: subscription.id, destination: o.destination });
          } else if (o.kind === 'unsubscribe') {
            if (model.length === 0) continue;
            const [removed] = model.splice(o.pick % model.length, 1);
            session.unsubscribe(removed.id);
          } else {
            session.close();
            session.connect({ host: 'h' });
            session.connected(connectedFrame(version));
            const replayed = session.replay();
            expect(replayed.map((f) => [getHeader(f, 'id'), getHeader(f, 'destination')])).toEqual(model.map((m) => [m.id, m.destination]));
          }
        }
        expect(session.subscriptions.map((s) => ({ id: s.id, destination: s.destination }))).toEqual(model);
        expect(session.replay().map((f) => getHeader(f, 'id'))).toEqual(model.map((m) => m.id));
      }),
    );
  });

  it('every requested receipt is matched exactly once, in any order of arrival', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.infiniteStream(fc.nat()), (count, picks) => {
        const session = open();
        const ids: string[] = [];
        for (let i = 0; i < count; i++) ids.push(session.send('/q', String(i), { receipt: true }).receipt!);
        expect(new Set(ids).size).toBe(count);
        const remaining = [...ids];
        const iterator = picks[Symbol.iterator]();
        while (remaining.length > 0) {
          const [id] = remaining.splice(iterator.next().value % remaining.length, 1);
          expect(session.receipt(receiptFrame(id))?.id).toBe(id);
          expect(() => session.receipt(receiptFrame(id))).toThrow(StompSessionError);
        }
        expect(session.pendingReceipts).toEqual([]);
      }),
    );
  });
});
