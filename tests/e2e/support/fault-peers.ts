/**
 * Peers that misbehave on demand, run in the test process: a listener that accepts TCP and never
 * answers (a CONNECTED that never comes), and a sandbox broker the test can drop, stop and start
 * again on the same port (drops and reconnects a real broker will not make when asked).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { startSandboxBroker, type SandboxBroker, type SandboxBrokerOptions } from '../../../src-core/broker/index';

export interface Blackhole {
  readonly uri: string;
  close(): Promise<void>;
}

export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    uri: `tcp://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A sandbox broker that can be stopped and started again on the port it first got. */
export class RestartableSandbox {
  private broker: SandboxBroker | undefined;
  private port = 0;

  constructor(private readonly options: Omit<SandboxBrokerOptions, 'port'> = {}) {}

  async start(): Promise<void> {
    this.broker = await startSandboxBroker({ ...this.options, port: this.port });
    this.port = this.broker.port;
  }

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  get current(): SandboxBroker {
    if (!this.broker) throw new Error('the sandbox is stopped');
    return this.broker;
  }

  async stop(): Promise<void> {
    await this.broker?.close();
    this.broker = undefined;
  }
}
