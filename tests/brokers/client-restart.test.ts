// The broker is stopped and started again in the middle of a 20k-message stream that the client
// consumes with client-individual acks. Every message must arrive (counted by the sequence number in
// its body), duplicates must be only messages delivered before the drop whose ACK the broker did not
// get, the client must reconnect by itself through its failover options, and `replayed` must list the
// subscription with the same id.
//
// The messages are persistent (ActiveMQ: persistent:true; RabbitMQ: persistent:true on its durable
// /queue/), sent before the stream starts, each batch ending with a receipt, so the broker has stored
// them all before the restart. The consumer is throttled (prefetch 20, ~10 ms per message) so the
// stream is still running when the broker goes down.
import { describe, expect, it } from 'vitest';
import type { ClientEvents, StompMessage } from '../../src-core/client/index';
import { restartBroker } from './brokers';
import { connectedClient, header, newClient, queueName, TARGETS } from './support/client-kit';

const TOTAL = 20_000;
const PREFETCH = 20;
const RESTART_AT = 4_000;
const HANDLER_MS = 10;
const SUBSCRIPTION_ID = 'restart-sub';
const padding = 'x'.repeat(64);

const bodyOf = (seq: number) => `seq:${seq}:${padding}`;
const seqOf = (m: StompMessage) => Number(/^seq:(\d+):/.exec(m.text())![1]);

describe.each(TARGETS)('$label restarted in the middle of a 20k stream', (target) => {
  it('every message arrives, duplicates are only the unacked ones, the client reconnects and replays the subscription', { timeout: 150_000 }, async () => {
    const t0 = performance.now();
    const q = queueName(target, 'restart');

    // 1. The stream, stored before it is consumed.
    const producer = await connectedClient(target);
    for (let seq = 0; seq < TOTAL; seq++) {
      const receipt = seq % 1_000 === 999;
      const sent = producer.send(q, bodyOf(seq), { headers: { persistent: 'true' }, receipt });
      if (receipt) await sent;
    }
    await producer.disconnect();
    const loadedMs = performance.now() - t0;

    // 2. The consumer, reconnecting by its failover options.
    const consumer = newClient(target, { uri: `failover:(${target.uri})?initialReconnectDelay=100&maxReconnectDelay=1000` });
    const connects: ClientEvents['connected'][] = [];
    const drops: ClientEvents['disconnected'][] = [];
    const replays: ClientEvents['replayed'][] = [];
    let attemptsFailed = 0;
    let brokerErrors = 0;
    consumer.on('connected', (e) => connects.push(e));
    consumer.on('disconnected', (e) => drops.push(e));
    consumer.on('replayed', (e) => replays.push(e));
    consumer.on('attemptFailed', () => attemptsFailed++);
    consumer.on('brokerError', () => brokerErrors++);

    const deliveries = new Map<number, number>(); // seq → times delivered
    const redeliveredFlags = { before: 0, after: 0 };
    let deliveredTotal = 0;
    let connection = 0; // 1 before the drop, 2 after
    const deliveredBefore = new Set<number>();
    const ackIdToSeq = new Map<string, number>();
    const ackedBefore = new Set<number>(); // ACK written on the first connection
    const ackOrderBefore: number[] = [];
    let unackedAtDrop = new Set<number>();
    let dropAt = 0;

    let reconnectedAt = 0;
    consumer.on('connected', (e) => {
      connection++;
      if (e.reconnect) reconnectedAt = performance.now();
    });
    consumer.on('disconnected', () => {
      if (dropAt) return;
      dropAt = performance.now();
      unackedAtDrop = new Set([...deliveredBefore].filter((seq) => !ackedBefore.has(seq)));
    });
    consumer.on('wire', (entry) => {
      if (connection !== 1 || entry.kind !== 'frame' || entry.direction !== 'out' || entry.frame.command !== 'ACK') return;
      const seq = ackIdToSeq.get(header(entry.frame, 'id')!);
      if (seq !== undefined) {
        ackedBefore.add(seq);
        ackOrderBefore.push(seq);
      }
    });

    let restart: Promise<void> | undefined;
    let restartMs = 0;
    let allArrived: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allArrived = resolve));

    try {
      await consumer.connect();
      await consumer.subscribe(
        q,
        async (m) => {
          const seq = seqOf(m);
          deliveredTotal++;
          deliveries.set(seq, (deliveries.get(seq) ?? 0) + 1);
          if (m.redelivered) redeliveredFlags[connection === 1 ? 'before' : 'after']++;
          if (connection === 1) {
            deliveredBefore.add(seq);
            ackIdToSeq.set(m.headers.ack, seq);
          }
          if (deliveries.size === RESTART_AT && !restart) {
            const r0 = performance.now();
            restart = restartBroker(target.name).then(() => void (restartMs = performance.now() - r0));
          }
          if (deliveries.size === TOTAL) allArrived();
          await new Promise((r) => setTimeout(r, HANDLER_MS));
        },
        { id: SUBSCRIPTION_ID, ack: 'client-individual', headers: { [target.prefetchHeader]: String(PREFETCH) }, receipt: true },
      );

      await Promise.race([
        done,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`after 120 s: ${deliveries.size} of ${TOTAL} distinct messages, state ${consumer.state}`)), 120_000),
        ),
      ]);
    } finally {
      // Whatever happened, leave the broker up for the next tests.
      await restart;
    }
    const totalMs = performance.now() - t0;

    // Nothing lost.
    expect(deliveries.size).toBe(TOTAL);
    for (let seq = 0; seq < TOTAL; seq++) expect(deliveries.has(seq)).toBe(true);

    // One drop, found by the client itself, and one reconnect to the same broker.
    expect(restart).toBeDefined();
    expect(drops).toHaveLength(1);
    expect(drops[0].willReconnect).toBe(true);
    expect(drops[0].error).toBeInstanceOf(Error);
    expect(connects.map((c) => [c.broker, c.reconnect])).toEqual([
      [target.uri, false],
      [target.uri, true],
    ]);
    expect(replays).toEqual([{ subscriptions: [{ id: SUBSCRIPTION_ID, destination: q }] }]);
    expect(consumer.subscriptions).toMatchObject([{ id: SUBSCRIPTION_ID, destination: q }]);
    expect(consumer.state).toBe('connected');

    // The drop really was mid-stream.
    expect(deliveredBefore.size).toBeGreaterThanOrEqual(RESTART_AT);
    expect(deliveredBefore.size).toBeLessThan(TOTAL);

    // Duplicates: only messages delivered before the drop, and every message whose ACK was never
    // written comes back. Beyond those, at most a prefetch window of ACKs the broker had not applied.
    const duplicates = [...deliveries].filter(([, n]) => n > 1).map(([seq]) => seq);
    const extraDeliveries = deliveredTotal - TOTAL;
    for (const seq of duplicates) expect(deliveredBefore.has(seq)).toBe(true);
    expect([...deliveries.values()].every((n) => n <= 2)).toBe(true);
    for (const seq of unackedAtDrop) expect(deliveries.get(seq)).toBe(2);
    const ackedButRedelivered = duplicates.filter((seq) => ackedBefore.has(seq));
    // The broker never has more than the prefetch window unacked (measured: exactly 20 every run).
    expect(unackedAtDrop.size).toBeLessThanOrEqual(PREFETCH);
    expect(duplicates.length).toBeLessThanOrEqual(PREFETCH * 2);
    // Those were among the last ACKs written before the drop.
    const lastAcked = new Set(ackOrderBefore.slice(-PREFETCH * 4));
    for (const seq of ackedButRedelivered) expect(lastAcked.has(seq)).toBe(true);

    console.log(
      `[client restart] ${target.label}: ${TOTAL} messages (${(loadedMs / 1000).toFixed(1)} s to store), ` +
        `${deliveredBefore.size} delivered before the drop, ${unackedAtDrop.size} of them unacked; ` +
        `${duplicates.length} duplicates (${extraDeliveries} extra deliveries: ${unackedAtDrop.size} unacked + ${ackedButRedelivered.length} acked but not applied by the broker); ` +
        `redelivered:true on ${redeliveredFlags.after} after the drop; restart ${(restartMs / 1000).toFixed(1)} s, ` +
        `reconnected ${((reconnectedAt - dropAt) / 1000).toFixed(1)} s after the drop (${attemptsFailed} failed attempts); ${brokerErrors} ERROR frames; total ${(totalMs / 1000).toFixed(1)} s`,
    );
  });
});
