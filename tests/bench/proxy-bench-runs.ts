/**
 * The runs of the proxy benchmark: the proxy in a child process, a publish run of this project's
 * client, and a raw 64 KiB relay from a producer socket to a sink socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StompClient } from '../../src-core/client';
import { serializeFrame } from '../../src-core/protocol/serializer';
import { repoRoot } from '../brokers/brokers';
import { processCpuSeconds } from './client-bench-broker';
import type { BenchTarget } from './client-bench-contenders';

export interface ProxyProcess {
  readonly port: number;
  readonly pid: number;
  readonly cli: boolean;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The core proxy with a frame observer, or the CLI with its JSON lines going to /dev/null. */
export async function startProxyProcess(upstream: string, cli: boolean): Promise<ProxyProcess> {
  const port = await freePort();
  const args = cli
    ? ['--import', 'tsx', join(repoRoot, 'src-core/cli/main.ts'), 'proxy', '--listen', `127.0.0.1:${port}`, '--to', upstream]
    : ['--import', 'tsx', join(repoRoot, 'tests/bench/proxy-bench-serve.ts'), upstream, String(port)];
  const devNull = openSync('/dev/null', 'w');
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', devNull, 'pipe'] });
  await waitForPort(port, child);
  return {
    port,
    pid: child.pid as number,
    cli,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill(cli ? 'SIGINT' : 'SIGTERM');
      }),
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the proxy process exited: ${stderr}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the proxy did not listen on ${port}: ${stderr}`);
}

/** Publishes `count` × 100 B through `port`; resolves with the seconds it took, then drains the queue (untimed). */
export async function publishRun(target: BenchTarget, port: number, destination: string, count: number, batch: number, queue: { drained: boolean }): Promise<number> {
  const client = new StompClient({ uri: `tcp://${target.host}:${port}`, login: target.login, passcode: target.passcode, host: target.vhost, heartBeat: [0, 0], reconnect: false, receiptTimeout: 60_000 });
  await client.connect();
  const body = Buffer.alloc(100, 'x');
  const t0 = performance.now();
  for (let i = 1; i <= count; i++) {
    if (i % batch === 0 || i === count) await client.send(destination, body, { receipt: true });
    else await client.send(destination, body);
  }
  const seconds = (performance.now() - t0) / 1000;
  // Drained at once so every run finds the broker in the same state.
  let received = 0;
  await new Promise<void>((resolve) => {
    void client.subscribe(destination, () => {
      if (++received === count) resolve();
    });
  });
  queue.drained = true;
  await client.disconnect();
  return seconds;
}

/**
 * A raw producer writes CONNECT then `count` SEND frames with 64 KiB bodies to a raw sink, directly
 * or through a proxy process started for this run's sink (the core proxy, or the CLI when `cli`);
 * seconds from the first byte written to the last received, and the proxy's CPU seconds meanwhile.
 */
export async function relayRun(count: number, via: 'direct' | 'proxy' | 'cli'): Promise<{ seconds: number; proxyCpu: number }> {
  const frame = Buffer.from(serializeFrame({ command: 'SEND', headers: [['destination', '/queue/relay']], body: Buffer.alloc(64 * 1024, 'r') }, '1.2'));
  const connectFrame = Buffer.from('CONNECT\naccept-version:1.2\nhost:/\n\n\0');
  const total = connectFrame.length + frame.length * count;
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sink = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= total) done();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkPort = (sink.address() as AddressInfo).port;
  let relay: ProxyProcess | undefined;
  if (via !== 'direct') relay = await startProxyProcess(`tcp://127.0.0.1:${sinkPort}`, via === 'cli');
  const port = relay ? relay.port : sinkPort;
  const producer = connect(port, '127.0.0.1');
  producer.setNoDelay(true);
  await new Promise((resolve) => producer.once('connect', resolve));
  const cpu0 = processCpuSeconds(relay?.pid);
  const t0 = performance.now();
  producer.write(connectFrame);
  for (let i = 0; i < count; i++) {
    if (!producer.write(frame)) await new Promise((resolve) => producer.once('drain', resolve));
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  const proxyCpu = processCpuSeconds(relay?.pid) - cpu0;
  producer.destroy();
  await relay?.stop();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  return { seconds, proxyCpu };
}
