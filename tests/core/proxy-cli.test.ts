/**
 * The `proxy` and `replay` commands as users run them: JSON lines of exactly the documented
 * shapes, a clean end on SIGINT with both sides closed, a recording that `replay` sends again,
 * and clear refusals of bad arguments (a non-loopback listen address above all).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startSandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';
import { proxyCommand } from '../../src-core/cli/proxy-command';
import { replayCommand } from '../../src-core/cli/replay-command';
import { runCli } from './cli-kit';
import { onCleanup, startCliCommand } from './proxy-kit';

// Each run of the CLI starts tsx: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

async function sandbox() {
  const broker = await startSandboxBroker({});
  onCleanup(() => broker.close());
  return broker;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-cli-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('cli proxy', () => {
  it('prints open, every frame both ways, and close as JSON lines; records; ends on SIGINT with status 0', async () => {
    const broker = await sandbox();
    const file = join(tempDir(), 'session.ndjson');
    const proxy = await startCliCommand(['proxy', '--listen', '127.0.0.1:0', '--to', broker.url, '--record', file]);
    expect(proxy.first).toEqual({ type: 'listening', host: '127.0.0.1', port: expect.any(Number), upstream: broker.url });
    const client = new StompClient({ uri: `tcp://127.0.0.1:${proxy.first.port}`, reconnect: false, login: 'me', passcode: 'pw', heartBeat: [0, 0] });
    await client.connect();
    await client.send('/queue/cli', Uint8Array.of(0, 1, 2, 255), { receipt: true });
    // Left open: SIGINT must close both sides.
    await proxy.waitForLine((l) => l.type === 'frame' && l.command === 'RECEIPT');
    const closed = new Promise<void>((resolve) => client.on('disconnected', () => resolve()));
    expect(await proxy.stop('SIGINT')).toBe(0);
    await closed;

    const lines = proxy.lines.slice(1);
    expect(lines[0]).toEqual({ type: 'open', connection: 1, time: expect.any(String), client: expect.stringMatching(/^127\.0\.0\.1:\d+$/), broker: broker.url });
    const frames = lines.filter((l) => l.type === 'frame');
    expect(frames.map((f) => `${f.direction} ${f.command}`)).toEqual(['client-to-broker CONNECT', 'broker-to-client CONNECTED', 'client-to-broker SEND', 'broker-to-client RECEIPT']);
    expect(Object.keys(frames[2])).toEqual(['type', 'connection', 'direction', 'time', 'command', 'headers', 'body', 'framing']);
    expect(frames[2]).toMatchObject({ connection: 1, body: Buffer.from([0, 1, 2, 255]).toString('base64'), framing: 'content-length' });
    expect(Date.parse(String(frames[2].time))).not.toBeNaN();
    expect(frames[0].headers).toContainEqual(['passcode', '**']);
    expect(lines.at(-1)).toEqual({ type: 'close', connection: 1, time: expect.any(String), initiator: 'proxy', reason: 'the proxy stopped' });

    // The recording: owner-only, passcode masked, and readable by replay.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toContain('"type":"stomp-explorer-proxy-recording"');
    const again = await sandbox();
    const masked = await runCli(['replay', file, '--to', again.url, '--fast', '--linger', '200']);
    expect(masked.stderr).toMatch(/the recording masks the CONNECT passcode/);
    const replay = await runCli(['replay', file, '--to', again.url, '--fast', '--linger', '200', '--passcode', 'pw']);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.lines.filter((l) => l.type === 'frame' && l.direction === 'client-to-broker').map((l) => l.command)).toEqual(['CONNECT', 'SEND']);
    expect(replay.lines.at(-1)).toMatchObject({ type: 'replayed', connection: 1, framesSent: 2 });
    expect(again.destinations().queues.find((q) => q.name === '/queue/cli')?.depth).toBe(2);
  });

  it('applies fault flags and reports what it altered', async () => {
    const broker = await sandbox();
    const proxy = await startCliCommand(['proxy', '--listen', '127.0.0.1:0', '--to', broker.url, '--swallow-receipts', '--login', 'upstream-user']);
    const client = new StompClient({ uri: `tcp://127.0.0.1:${proxy.first.port}`, reconnect: false, receiptTimeout: 300 });
    await client.connect();
    await expect(client.send('/queue/x', 'x', { receipt: true })).rejects.toThrow();
    const swallowed = await proxy.waitForLine((l) => l.type === 'altered' && l.action === 'swallowed');
    expect(swallowed).toMatchObject({ direction: 'broker-to-client', detail: 'RECEIPT swallowed (fault)' });
    expect(proxy.lines.find((l) => l.type === 'altered' && l.action === 'rewritten')).toMatchObject({ direction: 'client-to-broker', detail: 'login set by the proxy' });
    client.disconnect({ timeout: 200 }).catch(() => undefined);
    expect(await proxy.stop()).toBe(0);
  });

  it('refuses to listen on a non-loopback address unless allowed, and then warns', async () => {
    const refused = await runCli(['proxy', '--listen', '0.0.0.0:0', '--to', 'tcp://127.0.0.1:61613']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refusing to listen on 0\.0\.0\.0, which is not a loopback address.*--allow-remote/);
    const allowed = await startCliCommand(['proxy', '--listen', '0.0.0.0:0', '--allow-remote', '--to', 'tcp://127.0.0.1:61613']);
    await expect.poll(() => allowed.stderr()).toMatch(/warning: listening on 0\.0\.0\.0, which is not loopback/);
    expect(await allowed.stop()).toBe(0);
  });

  it('says what is wrong with its arguments (checked before anything is opened)', async () => {
    const cases: [typeof proxyCommand, string[], RegExp][] = [
      [proxyCommand, ['--to', 'tcp://127.0.0.1:61613'], /--listen HOST:PORT is required/],
      [proxyCommand, ['--listen', '127.0.0.1:0'], /--to URI is required/],
      [proxyCommand, ['--listen', '127.0.0.1:99999', '--to', 'tcp://h:1'], /the port must be a number from 0 to 65535/],
      [proxyCommand, ['--listen', '[::1:0', '--to', 'tcp://h:1'], /write an IPv6 address in brackets|the port must be/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'tcp://h:1', '--latency', 'soon'], /--latency must be a whole number/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'tcp://h:1', '--jitter', '5'], /--jitter goes with --latency/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'tcp://h:1', '--fault-direction', 'up'], /--fault-direction must be/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'tcp://h:1', '--bandwidth', '0'], /--bandwidth must be a whole number above 0/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'failover:(tcp://h:1'], /--to "failover:\(tcp:\/\/h:1"/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'tcp://h:1', '--tls-ca', '/nonexistent.pem'], /cannot read the CA file/],
      [replayCommand, ['/nonexistent/rec.ndjson', '--to', 'tcp://h:1'], /cannot read the recording/],
      [replayCommand, ['x'], /--to URI is required/],
      [proxyCommand, ['--listen', '127.0.0.1:0', '--to', 'tcp://h:1', '--connect-timeout', '0'], /--connect-timeout must be a positive number of seconds/],
    ];
    for (const [command, args, message] of cases) await expect(command(args), args.join(' ')).rejects.toThrow(message);
  });
});
