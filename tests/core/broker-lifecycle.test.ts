import { connect } from 'node:net';
import { describe as group, expect, it } from 'vitest';
import { startSandboxBroker } from '../../src-core/broker/index';
import { broker, RawPeer, sleep } from './broker-kit';

/** Timers and sockets alive in this process, by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = { Timeout: 0, TCPSocketWrap: 0, TCPServerWrap: 0 };
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

group('sandbox broker: lifecycle', () => {
  it('close() ends every socket and timer, even with stalls, delayed receipts and heart-beats running', async () => {
    await sleep(20);
    const before = resources();
    const b = await startSandboxBroker({ heartBeat: [20, 20], faults: { delayReceiptsMs: 5000 } });
    const beating = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '20,20' });
    const waiting = await RawPeer.connectVersion(b.port, '1.1');
    waiting.send('SEND', { destination: '/queue/x', receipt: 'later' }, 'x');
    const half = await RawPeer.open(b.port);
    half.sendRaw('CONNECT\naccept-');
    await sleep(30);
    b.setFaults({ stallHeartBeats: true });
    await b.close();
    await Promise.all([beating.closedByBroker(), waiting.closedByBroker(), half.closedByBroker()]);
    await sleep(20);
    const after = resources();
    expect([after.TCPSocketWrap, after.TCPServerWrap]).toEqual([before.TCPSocketWrap, before.TCPServerWrap]);
    // The test runner's own timers come and go: only more timers than before would be ours.
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout);
    expect(b.connections).toBe(0);
    await b.close(); // idempotent
  });

  it('refuses new connections once closed', async () => {
    const b = await startSandboxBroker();
    await b.close();
    await expect(
      new Promise((resolve, reject) => {
        const socket = connect(b.port, '127.0.0.1', () => resolve(socket));
        socket.on('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails to start on a port in use', async () => {
    const b = await broker();
    await expect(startSandboxBroker({ port: b.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('rejects options it cannot honour', async () => {
    await expect(startSandboxBroker({ heartBeat: [-1, 0] })).rejects.toThrow(RangeError);
    await expect(startSandboxBroker({ faults: { dropAfterFrames: 0.5 } })).rejects.toThrow(RangeError);
  });

  it('counts what happened in stats()', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/s', ack: 'client-individual' });
    peer.send('SEND', { destination: '/queue/s' }, 'x');
    const [message] = await peer.messages(1);
    await peer.request('ACK', { id: message.headers.find(([name]) => name === 'ack')![1] });
    peer.sendRaw('\n');
    await peer.request('DISCONNECT');
    await peer.closedByBroker();
    expect(b.stats()).toMatchObject({
      connectionsAccepted: 1,
      framesReceived: 5,
      framesSent: 5,
      messagesPublished: 1,
      messagesDelivered: 1,
      messagesAcked: 1,
      receiptsSent: 3,
      errorsSent: 0,
      heartBeatsReceived: 1,
    });
    expect(b.stats().bytesReceived).toBeGreaterThan(100);
    expect(b.stats().bytesSent).toBeGreaterThan(100);
  });

  it('two brokers in one process hand out distinct message ids', async () => {
    const ids = [];
    for (const b of [await broker(), await broker()]) {
      const peer = await RawPeer.connectVersion(b.port, '1.2');
      await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/id' });
      peer.send('SEND', { destination: '/queue/id' }, 'x');
      ids.push((await peer.messages(1))[0].headers.find(([name]) => name === 'message-id')![1]);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });
});
