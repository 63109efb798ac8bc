/** `broker` runs the sandbox; `send` and `subscribe` talk to it through the real client. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, startCli } from './cli-kit';

// Each test runs the CLI several times (a second or more of start-up each on a busy machine).
vi.setConfig({ testTimeout: 30_000 });

let broker: Awaited<ReturnType<typeof startCli>>;
let url: string;

beforeAll(async () => {
  broker = await startCli(['broker', '--port', '0', '--user', 'ann:pw']);
  url = String(broker.first.url);
});

afterAll(async () => {
  expect(await broker.stop()).toBe(0);
});

describe('cli broker, send and subscribe', () => {
  it('the broker prints where it listens', () => {
    expect(broker.first).toMatchObject({ type: 'listening', host: '127.0.0.1' });
    expect(url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sends N copies with receipts and subscribes to them, printing the decode shape', async () => {
    const sent = await runCli(['send', url, '/queue/cli', '--body', 'héllo', '-H', 'x-colour:a:b', '--receipt', '--count', '3', '--login', 'ann', '--passcode', 'pw']);
    expect(sent.code).toBe(0);
    expect(sent.lines).toHaveLength(3);
    expect(sent.lines[2]).toMatchObject({ type: 'sent', n: 3, destination: '/queue/cli' });
    expect(typeof sent.lines[0].latencyMs).toBe('number');
    const got = await runCli(['subscribe', url, '/queue/cli', '--ack', 'client-individual', '--count', '3', '--timeout', '10', '--login', 'ann', '--passcode', 'pw']);
    expect(got.code).toBe(0);
    expect(got.lines).toHaveLength(3);
    for (const line of got.lines) {
      expect(line).toMatchObject({ type: 'frame', command: 'MESSAGE', framing: 'content-length' });
      expect(Buffer.from(String(line.body), 'base64').toString()).toBe('héllo');
      expect(line.headers).toContainEqual(['x-colour', 'a:b']);
    }
    // Acked as it went: nothing is left for a second subscriber.
    const rest = await runCli(['subscribe', url, '/queue/cli', '--count', '1', '--timeout', '1', '--login', 'ann', '--passcode', 'pw']);
    expect(rest.code).toBe(3);
    expect(rest.stderr).toContain('timed out after 1 s with 0 of 1 messages');
  });

  it('sends a body from a file, byte-exact', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(await mkdtemp(join(tmpdir(), 'cli-')), 'body.bin');
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await writeFile(file, bytes);
    expect((await runCli(['send', url, '/queue/cli-bin', '--body-file', file, '--login', 'ann', '--passcode', 'pw'])).code).toBe(0);
    const got = await runCli(['subscribe', url, '/queue/cli-bin', '--count', '1', '--timeout', '10', '--login', 'ann', '--passcode', 'pw']);
    expect(Buffer.from(String(got.lines[0].body), 'base64')).toEqual(bytes);
  });

  it('says why it could not connect, and exits non-zero', async () => {
    const refused = await runCli(['send', url, '/queue/x', '--login', 'ann', '--passcode', 'wrong']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/refused|ERROR/i);
    const nobody = await runCli(['send', 'tcp://127.0.0.1:1', '/queue/x']);
    expect(nobody.code).toBe(4);
    expect(nobody.stderr).toContain('tcp://127.0.0.1:1');
    expect(nobody.stderr).toContain('ECONNREFUSED');
    const badUri = await runCli(['send', 'tcp://127.0.0.1:notaport', '/queue/x']);
    expect(badUri.code).toBe(1);
    expect(badUri.stderr).toMatch(/port/);
    const usage = await runCli(['subscribe', url]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage: stomp-explorer subscribe');
  });
});
