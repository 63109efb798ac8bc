// Test kit for the client tests against the real brokers (tests/brokers/client-*.test.ts): which
// broker to talk to, clients and queues that clean up after themselves, event-driven waits, and a
// typed slice of stompit for interoperability. Not a test file (vitest picks up *.test.ts only).
//
// Importing it registers, for the importing test file: an afterEach that disconnects every client
// and stompit connection the test opened, and an afterAll that deletes the RabbitMQ queues the
// file's tests named (RabbitMQ's /queue/x is durable and would stay otherwise).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, afterEach } from 'vitest';
import { StompClient, type ClientEvents, type ClientOptions, type StompMessage, type WireEntry } from '../../../src-core/client/index';
import { brokers, runBrokerScript, type BrokerName } from '../brokers';

export interface BrokerTarget {
  readonly name: BrokerName;
  /** For test titles. */
  readonly label: string;
  readonly port: number;
  /** `tcp://127.0.0.1:<port>`: also what the client's connected event names. */
  readonly uri: string;
  /** The CONNECT `host` header (RabbitMQ: the vhost). */
  readonly host: string;
  /** The SUBSCRIBE header that limits unacked messages in flight. */
  readonly prefetchHeader: string;
}

export const RABBITMQ: BrokerTarget = {
  name: 'rabbitmq',
  label: 'RabbitMQ',
  port: brokers.rabbitmq.stompPort,
  uri: `tcp://${brokers.host}:${brokers.rabbitmq.stompPort}`,
  host: brokers.rabbitmq.vhost,
  prefetchHeader: 'prefetch-count',
};

export const ACTIVEMQ: BrokerTarget = {
  name: 'activemq',
  label: 'ActiveMQ',
  port: brokers.activemq.stompPort,
  uri: `tcp://${brokers.host}:${brokers.activemq.stompPort}`,
  host: brokers.activemq.vhost,
  prefetchHeader: 'activemq.prefetchSize',
};

export const TARGETS: readonly BrokerTarget[] = [RABBITMQ, ACTIVEMQ];

// --- clients ---------------------------------------------------------------------------------

const openClients = new Set<StompClient>();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  const clients = [...openClients];
  openClients.clear();
  await Promise.all(clients.map((client) => client.disconnect({ timeout: 2_000 }).catch(() => undefined)));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client for the target (guest/guest, its vhost), disconnected after the test. Not yet connected. */
export function newClient(target: BrokerTarget, options: Partial<ClientOptions> = {}): StompClient {
  const client = new StompClient({
    uri: target.uri,
    host: target.host,
    login: brokers.login,
    passcode: brokers.passcode,
    connectTimeout: 5_000,
    connectedTimeout: 10_000,
    receiptTimeout: 15_000,
    ...options,
  });
  openClients.add(client);
  return client;
}

/** A connected client. */
export async function connectedClient(target: BrokerTarget, options: Partial<ClientOptions> = {}): Promise<StompClient> {
  const client = newClient(target, options);
  await client.connect();
  return client;
}

/** Runs `cleanup` after the current test (after its clients are disconnected). */
export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

// --- queues ----------------------------------------------------------------------------------

const rabbitQueues = new Set<string>();

afterAll(async () => {
  if (rabbitQueues.size > 0) await deleteRabbitQueues([...rabbitQueues]);
  rabbitQueues.clear();
}, 60_000);

/**
 * A fresh queue destination, `/queue/client-test-<tag>-<random>`. On RabbitMQ it is deleted after
 * the file's tests (one rabbitmqctl call for all of them).
 */
export function queueName(target: BrokerTarget, tag: string): string {
  const name = `client-test-${tag}-${randomUUID().slice(0, 8)}`;
  if (target.name === 'rabbitmq') rabbitQueues.add(name);
  return `/queue/${name}`;
}

/** Deletes RabbitMQ queues by name (without `/queue/`); missing ones are skipped. */
export async function deleteRabbitQueues(names: readonly string[]): Promise<void> {
  const list = names.map((n) => `<<"${n.replace(/[\\"]/g, '')}">>`).join(', ');
  const expr =
    `[case rabbit_amqqueue:lookup(rabbit_misc:r(<<"/">>, queue, N)) of ` +
    `{ok, Q} -> rabbit_amqqueue:delete(Q, false, false, <<"client-tests">>); _ -> missing end || N <- [${list}]].`;
  const r = await runBrokerScript('rabbitmq.sh', ['ctl', 'eval', expr], 60_000);
  if (r.code !== 0) process.stderr.write(`[client-kit] could not delete RabbitMQ queues ${names.join(', ')}: ${r.stderr.trim()}\n`);
}

// --- waiting for things ----------------------------------------------------------------------

/** The next `event` of the client that satisfies `predicate`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof ClientEvents & string>(
  client: StompClient,
  event: K,
  predicate: (payload: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Collects the messages a handler gets; `waitFor(n)` resolves once n have arrived. */
export class Inbox {
  readonly messages: StompMessage[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  /** Pass as the subscription's handler. */
  readonly handler = (message: StompMessage): void => {
    this.messages.push(message);
    this.waiters = this.waiters.filter((w) => (this.messages.length >= w.count ? (w.resolve(), false) : true));
  };

  get texts(): string[] {
    return this.messages.map((m) => m.text());
  }

  async waitFor(count: number, timeoutMs = 20_000): Promise<StompMessage[]> {
    if (this.messages.length < count) {
      await new Promise<void>((resolve, reject) => {
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`got ${this.messages.length} of ${count} messages within ${timeoutMs} ms: ${JSON.stringify(this.texts.slice(0, 10))}`));
        }, timeoutMs);
        this.waiters.push(waiter);
      });
    }
    return this.messages.slice(0, count);
  }
}

/** Records the client's wire log (attach before connect to see the CONNECT). */
export function recordWire(client: StompClient): WireEntry[] {
  const entries: WireEntry[] = [];
  client.on('wire', (entry) => entries.push(entry));
  return entries;
}

export function framesOf(wire: readonly WireEntry[], direction: 'in' | 'out', command?: string) {
  return wire.flatMap((e) => (e.kind === 'frame' && e.direction === direction && (command === undefined || e.frame.command === command) ? [e.frame] : []));
}

export function header(frame: { headers: readonly (readonly [string, string])[] }, name: string): string | undefined {
  return frame.headers.find(([n]) => n === name)?.[1];
}

/**
 * Proves a queue holds nothing before `marker`: sends the marker (with a receipt), subscribes a
 * fresh client, and returns the first message it gets — the marker itself if the queue was empty.
 * The fresh client acks what it reads, so the queue is left empty.
 */
export async function firstMessageAfterMarker(target: BrokerTarget, destination: string, marker = `marker-${randomUUID()}`): Promise<{ first: StompMessage; marker: string }> {
  const client = await connectedClient(target);
  await client.send(destination, marker, { receipt: true });
  const inbox = new Inbox();
  await client.subscribe(destination, inbox.handler, { ack: 'client-individual', receipt: true });
  const [first] = await inbox.waitFor(1);
  // Drain up to the marker so nothing is left behind.
  while (!inbox.texts.includes(marker)) await inbox.waitFor(inbox.messages.length + 1);
  await client.disconnect();
  return { first, marker };
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

// --- stompit, typed by hand (it ships no types) ------------------------------------------------

export interface StompitMessage extends NodeJS.ReadableStream {
  readonly headers: Record<string, string>;
}

export interface StompitClient {
  send(headers: Record<string, string>, options?: { onReceipt?: () => void }): NodeJS.WritableStream;
  subscribe(headers: Record<string, string>, listener: (error: Error | null, message: StompitMessage) => void): { unsubscribe(): void };
  ack(message: StompitMessage): void;
  disconnect(callback?: (error: Error | null) => void): void;
  destroy(error?: Error): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

interface Stompit {
  connect(
    options: { host: string; port: number; connectHeaders: Record<string, string>; timeout?: number },
    callback: (error: Error | null, client: StompitClient) => void,
  ): void;
}

const stompit = createRequire(import.meta.url)('stompit') as Stompit;

/** A stompit connection to the target (STOMP 1.2), destroyed after the test. */
export function stompitConnect(target: BrokerTarget): Promise<StompitClient> {
  return new Promise((resolve, reject) => {
    stompit.connect(
      {
        host: brokers.host,
        port: target.port,
        connectHeaders: { host: target.host, login: brokers.login, passcode: brokers.passcode, 'accept-version': '1.2', 'heart-beat': '0,0' },
        timeout: 10_000,
      },
      (error, client) => {
        if (error) return reject(error);
        client.on('error', () => undefined);
        cleanups.push(() => client.destroy());
        resolve(client);
      },
    );
  });
}

/** Sends with stompit and waits for the broker's receipt. */
export function stompitSend(client: StompitClient, headers: Record<string, string>, body: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const stream = client.send(headers, { onReceipt: () => resolve() });
    stream.write(body);
    stream.end();
  });
}

/** The messages of a stompit subscription with their bodies as bytes. */
export function stompitCollect(client: StompitClient, headers: Record<string, string>) {
  const messages: { headers: Record<string, string>; body: Buffer }[] = [];
  let notify: () => void = () => undefined;
  client.subscribe(headers, (error, message) => {
    if (error) return;
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      messages.push({ headers: message.headers, body: Buffer.concat(chunks) });
      if (headers.ack && headers.ack !== 'auto') client.ack(message);
      notify();
    });
  });
  return {
    messages,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`stompit got ${messages.length} of ${count} messages within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          notify = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return messages.slice(0, count);
    },
  };
}
