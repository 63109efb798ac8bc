/**
 * One chaos run against a broker instance of its own: a producer sends N persistent messages, each
 * with a sequence number and a receipt; a `client-individual` consumer receives them at the same
 * time; meanwhile the broker is SIGKILLed and restarted `kills` times, evenly through the stream.
 * Both clients ride the kills on a failover URI (reconnect, replay the subscription).
 *
 * What is counted: sent (written), confirmed (RECEIPT came), unconfirmed (written, its RECEIPT lost
 * with the connection: the broker may or may not have it, so it may or may not arrive), received
 * (distinct sequence numbers), lost (confirmed but never received: must be 0), duplicates (a
 * sequence number delivered again: each must carry `redelivered:true`), and per kill the time to
 * recover: the broker back, both clients reconnected, the first RECEIPT after it.
 */
import { StompClient, type ClientOptions } from '../../src-core/client';
import type { ChaosBroker } from './chaos-broker';

export interface ChaosOptions {
  readonly broker: ChaosBroker;
  readonly messages: number;
  readonly kills: number;
  /** Unconfirmed SENDs in flight at most. */
  readonly window?: number;
  /** How long the consumer may take, after the last SEND, to receive every confirmed message. */
  readonly drainMs?: number;
  readonly log?: (line: string) => void;
}

export interface KillRecord {
  /** Confirmed messages when the kill came. */
  readonly afterConfirmed: number;
  /** ms from the SIGKILL until the broker answered again (our restart). */
  readonly brokerBackMs: number;
  /** ms from the SIGKILL until each client was connected again. */
  readonly producerBackMs: number;
  readonly consumerBackMs: number;
  /** ms from the SIGKILL until the first RECEIPT for a SEND written after it. */
  readonly firstConfirmMs: number;
}

export interface ChaosReport {
  readonly broker: string;
  readonly destination: string;
  readonly messages: number;
  readonly seconds: number;
  readonly sent: number;
  readonly confirmed: number;
  readonly unconfirmed: number;
  readonly unconfirmedArrived: number;
  readonly received: number;
  readonly deliveries: number;
  readonly lost: number;
  readonly lostSequences: readonly number[];
  readonly duplicates: number;
  readonly duplicatesNotRedelivered: number;
  readonly kills: readonly KillRecord[];
}

// What happened to each sequence number on the producer's side.
const NOT_SENT = 0;
const WRITTEN = 1;
const CONFIRMED = 2;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { broker, messages, kills } = options;
  const window = options.window ?? 100;
  const log = options.log ?? (() => undefined);
  const destination = `/queue/chaos-${Date.now()}-${process.pid}`;
  await broker.start();

  const uri = `failover:(${broker.uri})?initialReconnectDelay=50&maxReconnectDelay=500&maxReconnectAttempts=-1&startupMaxReconnectAttempts=20`;
  const settings: ClientOptions = { uri, login: 'guest', passcode: 'guest', host: broker.name === 'rabbitmq' ? '/' : 'localhost', receiptTimeout: 60_000, connectTimeout: 5000, connectedTimeout: 10_000 };
  const status = new Uint8Array(messages + 1);
  const deliveries = new Uint16Array(messages + 1);
  let duplicates = 0;
  let duplicatesNotRedelivered = 0;
  let deliveryCount = 0;
  let lastDelivery = performance.now();

  const consumer = new StompClient(settings);
  const producer = new StompClient(settings);
  const reconnected = { producer: 0, consumer: 0 };
  producer.on('connected', (event) => event.reconnect && (reconnected.producer = performance.now()));
  consumer.on('connected', (event) => event.reconnect && (reconnected.consumer = performance.now()));
  await consumer.connect();
  await producer.connect();
  const prefetch: Record<string, string> = broker.name === 'rabbitmq' ? { 'prefetch-count': '500' } : { 'activemq.prefetchSize': '500' };
  await consumer.subscribe(
    destination,
    async (message) => {
      const seq = Number(message.headers['x-seq']);
      deliveryCount++;
      lastDelivery = performance.now();
      if (++deliveries[seq] > 1) {
        duplicates++;
        if (!message.redelivered) duplicatesNotRedelivered++;
      }
    },
    { ack: 'client-individual', headers: prefetch, receipt: true },
  );

  const started = performance.now();
  let confirmed = 0;
  let watchConfirmsFrom = Number.POSITIVE_INFINITY;
  let firstConfirmAfter = 0;
  const killAt = Array.from({ length: kills }, (_, k) => Math.floor(((k + 1) * messages) / (kills + 1)));
  const killRecords: KillRecord[] = [];
  /** The broker's kill and restart in progress, and the kills whose recovery is being measured. */
  let restarting: Promise<void> | null = null;
  const measuring: Promise<void>[] = [];

  const performKill = async (afterConfirmed: number): Promise<void> => {
    const t0 = performance.now();
    reconnected.producer = reconnected.consumer = 0;
    let brokerBack = 0;
    restarting = (async () => {
      await broker.kill();
      // From here on a RECEIPT can only come from the restarted broker: the old connections are gone.
      firstConfirmAfter = 0;
      watchConfirmsFrom = performance.now();
      log(`kill ${killRecords.length + 1}: SIGKILL after ${afterConfirmed} confirmed`);
      await broker.start();
      brokerBack = performance.now() - t0;
    })().finally(() => (restarting = null));
    await restarting;
    const deadline = performance.now() + 120_000;
    while ((!reconnected.producer || !reconnected.consumer || !firstConfirmAfter) && performance.now() < deadline) await sleep(20);
    watchConfirmsFrom = Number.POSITIVE_INFINITY;
    const since = (at: number) => (at ? Math.round(at - t0) : -1);
    const record: KillRecord = {
      afterConfirmed,
      brokerBackMs: Math.round(brokerBack),
      producerBackMs: since(reconnected.producer),
      consumerBackMs: since(reconnected.consumer),
      firstConfirmMs: since(firstConfirmAfter),
    };
    killRecords.push(record);
    log(`kill ${killRecords.length}: broker back in ${record.brokerBackMs} ms, producer ${record.producerBackMs} ms, consumer ${record.consumerBackMs} ms, first RECEIPT ${record.firstConfirmMs} ms`);
  };

  const inflight = new Set<Promise<void>>();
  for (let seq = 1; seq <= messages; ) {
    if (killAt.length > 0 && confirmed >= killAt[0]) {
      // The next kill's turn: after the broker is back from the one before (its recovery is still
      // being measured meanwhile), so that every kill lands mid-stream.
      if (restarting) {
        await restarting;
        continue;
      }
      measuring.push(performKill(killAt.shift()!));
    }
    if (producer.state !== 'connected') {
      await sleep(10);
      continue;
    }
    if (inflight.size >= window) {
      await Promise.race(inflight);
      continue;
    }
    const n = seq++;
    const sending = producer
      .send(destination, `message ${n}`, { headers: { persistent: 'true', 'x-seq': String(n) }, receipt: true })
      .then(
        () => {
          status[n] = CONFIRMED;
          confirmed++;
          const now = performance.now();
          if (now > watchConfirmsFrom && !firstConfirmAfter) firstConfirmAfter = now;
        },
        (error: Error) => {
          // Not written at all (the connection was already gone): it was never sent.
          status[n] = error.name === 'ClientStateError' ? NOT_SENT : WRITTEN;
        },
      )
      .finally(() => inflight.delete(sending));
    status[n] = WRITTEN;
    inflight.add(sending);
  }
  await Promise.all(inflight);
  await Promise.all(measuring);
  log(`all ${messages} written; waiting for the consumer`);

  // Every confirmed message must arrive; stop waiting once nothing has come for a while.
  const drainMs = options.drainMs ?? 30_000;
  const missing = () => {
    let count = 0;
    for (let n = 1; n <= messages; n++) if (status[n] === CONFIRMED && deliveries[n] === 0) count++;
    return count;
  };
  while (missing() > 0 && performance.now() - lastDelivery < drainMs) await sleep(50);
  await sleep(500); // late redeliveries count as duplicates too
  await producer.disconnect({ timeout: 5000 }).catch(() => undefined);
  await consumer.disconnect({ timeout: 5000 }).catch(() => undefined);

  let sent = 0;
  let unconfirmed = 0;
  let unconfirmedArrived = 0;
  let received = 0;
  const lostSequences: number[] = [];
  for (let n = 1; n <= messages; n++) {
    if (status[n] !== NOT_SENT) sent++;
    if (status[n] === WRITTEN) {
      unconfirmed++;
      if (deliveries[n] > 0) unconfirmedArrived++;
    }
    if (deliveries[n] > 0) received++;
    if (status[n] === CONFIRMED && deliveries[n] === 0) lostSequences.push(n);
  }
  return {
    broker: broker.name,
    destination,
    messages,
    seconds: (performance.now() - started) / 1000,
    sent,
    confirmed,
    unconfirmed,
    unconfirmedArrived,
    received,
    deliveries: deliveryCount,
    lost: lostSequences.length,
    lostSequences: lostSequences.slice(0, 20),
    duplicates,
    duplicatesNotRedelivered,
    kills: killRecords,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
