/**
 * Test kit for the proxy against the real brokers: the CLI proxy in front of a broker, stomp.py
 * (Debian's python3-stomp, run with /usr/bin/python3) as producer or consumer, and test bodies of
 * every byte value from 0 B to 1 MiB. Not a test file.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startCliCommand, type RunningCli } from '../core/proxy-kit';
import { repoRoot } from './brokers';
import type { BrokerTarget } from './support/client-kit';

export { startCliCommand, type RunningCli };

/** The CLI proxy in front of a broker, on a free loopback port. */
export async function proxyFor(target: BrokerTarget, extra: string[] = []): Promise<{ cli: RunningCli; port: number; via: BrokerTarget }> {
  const cli = await startCliCommand(['proxy', '--listen', '127.0.0.1:0', '--to', target.uri, ...extra]);
  const port = Number(cli.first.port);
  // The same broker, reached through the proxy.
  return { cli, port, via: { ...target, port, uri: `tcp://127.0.0.1:${port}` } };
}

/** Bodies of every size class from 0 B to 1 MiB; every one from 256 B up holds every byte value. */
export function testBodies(): Buffer[] {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const mixed = (size: number) => {
    const body = randomBytes(size);
    everyByte.copy(body, Math.floor((size - 256) / 2));
    return body;
  };
  return [Buffer.alloc(0), Buffer.from([0]), everyByte, mixed(4096), mixed(64 * 1024), mixed(1024 * 1024)];
}

const script = join(repoRoot, 'tests/brokers/proxy-stomppy.py');

/** Runs stomp.py; resolves with its JSON answer, rejects with its stderr. */
export function stomppy(args: string[], stdin?: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = execFile('/usr/bin/python3', [script, ...args], { timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`stomp.py ${args[0]} failed: ${error.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`stomp.py ${args[0]} printed no JSON: ${stdout}\n${stderr}`));
      }
    });
    child.stdin?.end(stdin ?? '');
  });
}

export type Line = Record<string, unknown>;

/** The frame lines of one connection, one direction, in printed order. */
export function framesOf(lines: readonly Line[], connection: number, direction: 'client-to-broker' | 'broker-to-client'): Line[] {
  return lines.filter((l) => l.type === 'frame' && l.connection === connection && l.direction === direction);
}

export function bodyOf(line: Line): Buffer {
  return Buffer.from(String(line.body), 'base64');
}

export function header(line: Line, name: string): string | undefined {
  return (line.headers as [string, string][]).find(([n]) => n === name)?.[1];
}
