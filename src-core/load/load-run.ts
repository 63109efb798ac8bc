/**
 * A load run: connect the publishers (and a consumer), publish at the rate for the duration,
 * drain (wait for receipts and for messages still on their way), disconnect, report. A sample
 * goes out every second; an AbortSignal cancels at any point and the report says what happened
 * up to then. A run never throws for the broker's sake (a failed connect is a `failed` report);
 * only options out of range throw, as LoadOptionsError naming the field.
 */
import { randomUUID } from 'node:crypto';
import { StompClient } from '../client/stomp-client';
import { CpuMeter } from './cpu-meter';
import { LoadConsumer } from './load-consumer';
import { checkLoadOptions, type LoadOptions } from './load-options';
import { LoadPublisher } from './load-publisher';
import type { LoadReport, LoadSample, LoadState } from './load-report';

export interface LoadListeners {
  readonly onSample?: (sample: LoadSample) => void;
  readonly onState?: (state: LoadState) => void;
}

const DEFAULT_DRAIN_QUIET_MS = 2000;
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

export async function runLoad(options: LoadOptions, listeners: LoadListeners = {}): Promise<LoadReport> {
  checkLoadOptions(options);
  const runId = options.runId ?? randomUUID();
  const startedAt = performance.now();
  const cpu = new CpuMeter();
  const samples: LoadSample[] = [];
  let state: LoadState = 'connecting';
  const setState = (next: LoadState) => {
    state = next;
    listeners.onState?.(next);
  };
  setState('connecting');

  // Load runs report a drop instead of riding it out: a reconnect would blur every count. A
  // loaded broker answers receipts late: a minute before one counts as unconfirmed.
  const publishers = Array.from({ length: options.connections }, () => new StompClient({ receiptTimeout: 60_000, ...options.client, reconnect: false }));
  const consumerClient = options.consume ? new StompClient({ ...options.client, reconnect: false, bodies: 'borrowed' }) : undefined;
  const all = consumerClient ? [...publishers, consumerClient] : publishers;
  const publisher = new LoadPublisher(publishers, options, runId);
  const consumer = consumerClient && options.consume ? new LoadConsumer(consumerClient, options.consume.destination, runId, () => publisher.sent) : undefined;
  let error: string | undefined;
  let sampler: ReturnType<typeof setInterval> | undefined;
  const abort = () => publisher.stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  const dropped = (which: string) => ({ error: cause }: { error: Error | undefined }) => {
    if (!cause || state === 'finished') return;
    error ??= `the ${which} connection dropped: ${cause.message}`;
    publisher.stop();
  };
  publishers.forEach((c, i) => c.on('disconnected', dropped(`publishing (${i + 1})`)));
  consumerClient?.on('disconnected', dropped('consuming'));

  let publishStartedAt = 0;
  try {
    await Promise.all(all.map((c) => c.connect()));
    if (consumer) await consumer.start();
    if (options.signal?.aborted) throw new CancelledError();
    setState('publishing');
    publishStartedAt = performance.now();
    let last = { at: publishStartedAt, sent: 0, confirmed: 0, received: 0 };
    sampler = setInterval(() => {
      const now = performance.now();
      const seconds = Math.max(0.001, (now - last.at) / 1000);
      const received = consumer?.received ?? 0;
      const sample: LoadSample = {
        t: Math.round(((now - publishStartedAt) / 1000) * 10) / 10,
        sentRate: (publisher.sent - last.sent) / seconds,
        confirmedRate: (publisher.confirmed - last.confirmed) / seconds,
        receivedRate: (received - last.received) / seconds,
        latency: consumer?.intervalLatency.percentiles() ?? null,
        sent: publisher.sent,
        confirmed: publisher.confirmed,
        received,
        inFlight: publisher.inFlight,
        lateP99: publisher.pacer.intervalLate.count ? publisher.pacer.intervalLate.quantile(0.99) : 0,
      };
      consumer?.intervalLatency.reset();
      publisher.pacer.intervalLate.reset();
      last = { at: now, sent: publisher.sent, confirmed: publisher.confirmed, received };
      samples.push(sample);
      if (samples.length > 86_400) samples.shift();
      listeners.onSample?.(sample);
    }, options.sampleEveryMs ?? 1000);

    await publisher.run();
    if (options.signal?.aborted) throw new CancelledError();
    setState('draining');
    await drain(publisher, consumer, options);
    if (options.signal?.aborted) throw new CancelledError();
    await publisher.confirmTail();
    setState(error ? 'failed' : 'finished');
  } catch (caught) {
    publisher.stop();
    if (caught instanceof CancelledError || options.signal?.aborted) setState('cancelled');
    else {
      error ??= caught instanceof Error ? caught.message : String(caught);
      setState('failed');
    }
  } finally {
    if (sampler) clearInterval(sampler);
    options.signal?.removeEventListener('abort', abort);
    await Promise.all(all.map((c) => c.disconnect({ timeout: 2000 }).catch(() => undefined)));
  }

  const publishMs = publisher.pacer.publishMs || (publishStartedAt ? performance.now() - publishStartedAt : 0);
  const seconds = Math.max(0.001, publishMs / 1000);
  const received = consumer ? consumer.received : null;
  return {
    runId,
    state,
    ...(error ? { error } : publisher.firstError ? { error: `${publisher.failed + publisher.unconfirmed} send(s) failed or went unconfirmed, the first: ${publisher.firstError}` } : {}),
    destination: options.destination,
    ...(options.consume ? { consumeDestination: options.consume.destination } : {}),
    rate: options.rate,
    durationMs: options.durationMs,
    size: options.size,
    connections: options.connections,
    receipt: options.receipt,
    receiptEvery: options.receipt ? (options.receiptEvery ?? 1) : null,
    sent: publisher.sent,
    confirmed: options.receipt ? publisher.confirmed : null,
    unconfirmed: options.receipt ? publisher.unconfirmed : null,
    failed: publisher.failed,
    received,
    duplicated: consumer ? consumer.seqs.duplicated : null,
    lost: consumer ? Math.max(0, publisher.sent - consumer.received) : null,
    foreign: consumer?.foreign ?? 0,
    publishMs: Math.round(publishMs),
    totalMs: Math.round(performance.now() - startedAt),
    throughput: {
      sentPerS: publisher.sent / seconds,
      confirmedPerS: options.receipt ? publisher.confirmed / seconds : null,
      receivedPerS: received === null ? null : received / seconds,
      mbPerS: publisher.bytesSent / seconds / 1e6,
    },
    latencyMs: consumer?.latency.percentiles() ?? null,
    pacing: { targetRate: options.rate, achievedRate: publisher.sent / seconds, lateMs: publisher.pacer.late.percentiles(), notSent: publisher.pacer.notSent },
    cpu: cpu.read(),
    samples,
  };
}

/**
 * Waits for every receipt, then for the consumer to have every message: until it has them all,
 * or nothing arrived for `drainQuietMs`, or `drainTimeoutMs` in all.
 */
async function drain(publisher: LoadPublisher, consumer: LoadConsumer | undefined, options: LoadOptions): Promise<void> {
  const deadline = performance.now() + (options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
  const quiet = options.drainQuietMs ?? DEFAULT_DRAIN_QUIET_MS;
  const aborted = () => options.signal?.aborted === true;
  await Promise.race([publisher.settled(), sleep(Math.max(0, deadline - performance.now()))]);
  if (!consumer) return;
  let lastCount = -1;
  let lastChange = performance.now();
  while (!aborted() && consumer.received < publisher.sent && performance.now() < deadline) {
    if (consumer.received !== lastCount) {
      lastCount = consumer.received;
      lastChange = performance.now();
    } else if (performance.now() - lastChange >= quiet) return;
    await sleep(20);
  }
}

class CancelledError extends Error {}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
