import { describe as group, expect, it } from 'vitest';
import { broker, eventually, RawPeer, sleep } from './broker-kit';

group('sandbox broker: heart-beats', () => {
  it('beats at the negotiated period when the line is idle: max(sx, cy)', async () => {
    const b = await broker({ heartBeat: [40, 0] });
    const peer = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '0,60' });
    const start = Date.now();
    await sleep(400);
    const beats = peer.heartBeats().map((beat) => beat.at - start);
    // Every 60 ms over 400 ms: 6 beats, give or take timer jitter.
    expect(beats.length).toBeGreaterThanOrEqual(4);
    expect(beats.length).toBeLessThanOrEqual(7);
    for (let i = 1; i < beats.length; i++) expect(beats[i] - beats[i - 1]).toBeGreaterThanOrEqual(45);
    // A beat may be on its way when the count is taken.
    expect(b.stats().heartBeatsSent - beats.length).toBeGreaterThanOrEqual(0);
    expect(b.stats().heartBeatsSent - beats.length).toBeLessThanOrEqual(1);
  });

  it('does not beat when either side says 0, nor under 1.0', async () => {
    const b = await broker({ heartBeat: [30, 30] });
    const zero = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '0,0' });
    const old = await RawPeer.connectVersion(b.port, '1.0', { 'heart-beat': '30,30' });
    await sleep(120);
    expect(zero.heartBeats()).toHaveLength(0);
    expect(old.heartBeats()).toHaveLength(0);
    expect(old.closed).toBe(false);
  });

  it('frames count as beats: a busy line carries no extra EOLs', async () => {
    const b = await broker({ heartBeat: [50, 0] });
    const peer = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '0,50' });
    await peer.request('SUBSCRIBE', { id: 's', destination: '/topic/busy' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    for (let i = 0; i < 10; i++) {
      producer.send('SEND', { destination: '/topic/busy' }, `m${i}`);
      await sleep(15);
    }
    await peer.messages(10);
    expect(peer.heartBeats()).toHaveLength(0);
  });

  it('drops a client silent for twice its period, without ERROR', async () => {
    const b = await broker({ heartBeat: [0, 50] });
    const peer = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '50,0' });
    const start = Date.now();
    await peer.closedByBroker(500);
    const after = Date.now() - start;
    expect(after).toBeGreaterThanOrEqual(90);
    expect(after).toBeLessThan(300);
    expect(peer.received.filter((item) => item.type === 'frame')).toHaveLength(1); // CONNECTED only
    await eventually(() => expect(b.stats()).toMatchObject({ deadClientsDropped: 1, connectionsDropped: 1 }));
  });

  it('keeps a client that beats, and returns its unacked messages when it is dropped', async () => {
    // Periods with room for a busy machine's timer delays: beats every 50 ms against a 200 ms period.
    const b = await broker({ heartBeat: [0, 200] });
    const peer = await RawPeer.connectVersion(b.port, '1.1', { 'heart-beat': '200,0' });
    await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/hb', ack: 'client' });
    peer.send('SEND', { destination: '/queue/hb' }, 'x');
    await peer.messages(1);
    const beating = setInterval(() => peer.sendRaw('\n'), 50);
    await sleep(700);
    clearInterval(beating);
    expect(peer.closed).toBe(false);
    expect(b.stats().heartBeatsReceived).toBeGreaterThanOrEqual(5);
    await peer.closedByBroker(1_500);
    await eventually(() => expect(b.destinations().queues[0]).toMatchObject({ depth: 1, inFlight: 0, consumers: 0 }));
  });

  it('accepts CR LF heart-beats from a 1.2 client', async () => {
    const b = await broker({ heartBeat: [0, 30] });
    const peer = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '30,0' });
    const beating = setInterval(() => peer.sendRaw('\r\n'), 20);
    await sleep(150);
    clearInterval(beating);
    expect(peer.closed).toBe(false);
  });
});
