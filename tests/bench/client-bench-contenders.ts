/**
 * The three clients of the client benchmark behind one small interface: connect, publish N
 * messages in batches that each end with a receipt, consume N messages acking each one
 * (`client-individual`), close. Each is used the way its own documentation shows.
 */
import { createRequire } from 'node:module';
import { createConnection, type Socket } from 'node:net';
import { Client as StompJsClient, type IMessage } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { StompClient } from '../../src-core/client';

export interface BenchTarget {
  readonly host: string;
  readonly port: number;
  readonly login: string;
  readonly passcode: string;
  /** The CONNECT `host` header (RabbitMQ's vhost). */
  readonly vhost: string;
  /** `prefetch-count` (RabbitMQ) or `activemq.prefetchSize` (ActiveMQ). */
  readonly prefetchHeader: string;
  readonly prefetch: number;
}

/**
 * stompit and stompjs leave Nagle's algorithm on (this client turns it off). BENCH_PEER_NODELAY=1
 * turns it off for them too, to tell their code's speed from the delayed-ACK stall at each receipt.
 */
const PEER_NODELAY = process.env.BENCH_PEER_NODELAY === '1';

/** Bumped on every message or batch, so a stalled phase can be told from a slow one. */
export interface Progress {
  n: number;
}

export interface BenchConnection {
  /** Sends `count` copies of `body`; every `batch`-th message (and the last) asks for a receipt, awaited before going on. */
  publish(destination: string, body: Buffer, count: number, batch: number, progress: Progress): Promise<void>;
  /** Resolves once `count` messages arrived (`bodySize` bytes each) and each one's ACK was written. */
  consume(destination: string, count: number, bodySize: number, progress: Progress): Promise<void>;
  /** Orderly: DISCONNECT with a receipt. */
  close(): Promise<void>;
  /** After a failure. */
  destroy(): void;
}

export interface Contender {
  readonly name: string;
  connect(target: BenchTarget): Promise<BenchConnection>;
}

/** Makes a phase fail when the connection drops under it, instead of hanging. */
class Failure {
  private reject: ((error: Error) => void) | null = null;
  private error: Error | null = null;

  fail(error: Error): void {
    this.error ??= error;
    this.reject?.(error);
  }

  /** Runs `body` with `reject` wired to connection failures. */
  run<T>(body: (resolve: (value: T) => void, reject: (error: Error) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.error) return reject(this.error);
      this.reject = reject;
      try {
        body(resolve, reject);
      } catch (error) {
        reject(error as Error);
      }
    }).finally(() => (this.reject = null));
  }

  check(): void {
    if (this.error) throw this.error;
  }
}

function checkBytes(name: string, bytes: number, count: number, bodySize: number): void {
  if (bytes !== count * bodySize) throw new Error(`${name}: received ${bytes} body bytes, expected ${count} × ${bodySize}`);
}

// --- this project's client ----------------------------------------------------------------------

/** This client with its bodies owned (the default) or borrowed (valid while the handler runs). */
function ourClient(name: string, bodies: 'owned' | 'borrowed'): Contender {
  return {
    name,
    async connect(t) {
      const client = new StompClient({
        bodies,
        uri: `tcp://${t.host}:${t.port}`,
        login: t.login,
        passcode: t.passcode,
        host: t.vhost,
        heartBeat: [0, 0],
        reconnect: false,
        receiptTimeout: 60_000,
      });
      const failure = new Failure();
      client.on('disconnected', ({ error }) => failure.fail(error ?? new Error('disconnected')));
      client.on('brokerError', (error) => failure.fail(error));
      await client.connect();
      return {
        async publish(destination, body, count, batch, progress) {
          for (let i = 1; i <= count; i++) {
            // Awaiting every send is how a caller honours back-pressure; the receipt's send resolves on its RECEIPT.
            if (i % batch === 0 || i === count) {
              await client.send(destination, body, { receipt: true });
              progress.n++;
            } else await client.send(destination, body);
          }
          failure.check();
        },
        consume(destination, count, bodySize, progress) {
          return failure.run<void>((resolve, reject) => {
            let received = 0;
            let bytes = 0;
            client
              .subscribe(
                destination,
                (message) => {
                  bytes += message.body.length;
                  progress.n++;
                  // The dispatcher acks (settle 'auto') as soon as this returns: the last ACK is written in this tick.
                  if (++received === count) queueMicrotask(() => {
                    try {
                      checkBytes('stomp-explorer', bytes, count, bodySize);
                      resolve();
                    } catch (error) {
                      reject(error as Error);
                    }
                  });
                },
                { ack: 'client-individual', headers: { [t.prefetchHeader]: String(t.prefetch) } },
              )
              .catch(reject);
          });
        },
        close: () => client.disconnect(),
        destroy: () => void client.disconnect({ timeout: 1000 }).catch(() => undefined),
      };
    },
  };
}

export const ours = ourClient('stomp-explorer', 'owned');
export const oursBorrowed = ourClient('stomp-explorer-borrowed', 'borrowed');

// --- @stomp/stompjs over TCP (@stomp/tcp-wrapper) -----------------------------------------------

class NoDelayTcpWrapper extends TCPWrapper {
  protected override getSocket(port: number, host: string): Socket {
    return createConnection(port, host).setNoDelay(true);
  }
}

export const stompjs: Contender = {
  name: 'stompjs',
  async connect(t) {
    const failure = new Failure();
    const client = new StompJsClient({
      webSocketFactory: () => (PEER_NODELAY ? new NoDelayTcpWrapper(t.host, t.port) : new TCPWrapper(t.host, t.port)),
      connectHeaders: { login: t.login, passcode: t.passcode, host: t.vhost },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      debug: () => undefined,
    });
    await new Promise<void>((resolve, reject) => {
      client.onConnect = () => resolve();
      client.onStompError = (frame) => {
        const error = new Error(`stompjs: ERROR ${frame.headers.message ?? ''}`);
        reject(error);
        failure.fail(error);
      };
      client.onWebSocketClose = () => {
        const error = new Error('stompjs: the connection closed');
        reject(error);
        failure.fail(error);
      };
      client.activate();
    });
    let nextReceipt = 0;
    return {
      async publish(destination, body, count, batch, progress) {
        const headers = {};
        for (let start = 0; start < count; start += batch) {
          const end = Math.min(count, start + batch);
          const receipt = `bench-${++nextReceipt}`;
          await failure.run<void>((resolve) => {
            client.watchForReceipt(receipt, () => resolve());
            for (let i = start; i < end - 1; i++) client.publish({ destination, binaryBody: body, headers });
            client.publish({ destination, binaryBody: body, headers: { receipt } });
          });
          progress.n++;
        }
      },
      consume(destination, count, bodySize, progress) {
        return failure.run<void>((resolve, reject) => {
          let received = 0;
          let bytes = 0;
          client.subscribe(
            destination,
            (message: IMessage) => {
              bytes += message.binaryBody.length;
              message.ack();
              progress.n++;
              if (++received === count) {
                try {
                  checkBytes('stompjs', bytes, count, bodySize);
                  resolve();
                } catch (error) {
                  reject(error as Error);
                }
              }
            },
            { ack: 'client-individual', [t.prefetchHeader]: String(t.prefetch) },
          );
        });
      },
      close: async () => {
        client.onWebSocketClose = () => undefined;
        await client.deactivate();
      },
      destroy: () => {
        client.onWebSocketClose = () => undefined;
        void client.deactivate({ force: true });
      },
    };
  },
};

// --- stompit (ships no types) -------------------------------------------------------------------

interface StompitMessage extends NodeJS.ReadableStream {
  readonly headers: Record<string, string>;
}

interface StompitClient {
  send(headers: Record<string, string>, options?: { onReceipt?: () => void }): NodeJS.WritableStream;
  subscribe(headers: Record<string, string>, listener: (error: Error | null, message: StompitMessage) => void): unknown;
  ack(message: StompitMessage): void;
  disconnect(callback?: (error: Error | null) => void): void;
  destroy(error?: Error): void;
  getTransportSocket(): Socket;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
}

const stompitLib = createRequire(import.meta.url)('stompit') as {
  connect(
    options: { host: string; port: number; connectHeaders: Record<string, string>; timeout?: number },
    callback: (error: Error | null, client: StompitClient) => void,
  ): void;
};

export const stompit: Contender = {
  name: 'stompit',
  async connect(t) {
    const failure = new Failure();
    const client = await new Promise<StompitClient>((resolve, reject) =>
      stompitLib.connect(
        { host: t.host, port: t.port, connectHeaders: { host: t.vhost, login: t.login, passcode: t.passcode, 'heart-beat': '0,0' }, timeout: 10_000 },
        (error, c) => (error ? reject(error) : resolve(c)),
      ),
    );
    client.on('error', (error) => failure.fail(error ?? new Error('stompit: error')));
    if (PEER_NODELAY) client.getTransportSocket().setNoDelay(true);
    return {
      async publish(destination, body, count, batch, progress) {
        const length = String(body.length);
        for (let start = 0; start < count; start += batch) {
          const end = Math.min(count, start + batch);
          await failure.run<void>((resolve) => {
            for (let i = start; i < end; i++) {
              const frame = client.send({ destination, 'content-length': length }, i === end - 1 ? { onReceipt: () => resolve() } : undefined);
              frame.write(body);
              frame.end();
            }
          });
          progress.n++;
        }
      },
      consume(destination, count, bodySize, progress) {
        return failure.run<void>((resolve, reject) => {
          let received = 0;
          let bytes = 0;
          client.subscribe({ destination, ack: 'client-individual', [t.prefetchHeader]: String(t.prefetch) }, (error, message) => {
            if (error) return reject(error);
            message.on('data', (chunk: Buffer) => (bytes += chunk.length));
            message.on('end', () => {
              client.ack(message);
              progress.n++;
              if (++received === count) {
                try {
                  checkBytes('stompit', bytes, count, bodySize);
                  resolve();
                } catch (e) {
                  reject(e as Error);
                }
              }
            });
          });
        });
      },
      close: () => new Promise<void>((resolve, reject) => client.disconnect((error) => (error ? reject(error) : resolve()))),
      destroy: () => client.destroy(),
    };
  },
};

export const CONTENDERS: readonly Contender[] = [ours, oursBorrowed, stompit, stompjs];
