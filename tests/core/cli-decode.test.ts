/** `decode`: the exact JSON-lines shape other tools rely on, errors with offsets and status 2. */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliRoot as root, runCli } from './cli-kit';

// Each test runs the CLI several times (a second or more of start-up each on a busy machine).
vi.setConfig({ testTimeout: 30_000 });

const stream = Buffer.concat([
  Buffer.from('MESSAGE\ndestination:/queue/a\nmessage-id:ID\\c1\ncontent-length:3\n\n'),
  Buffer.from([0x61, 0x00, 0x62, 0x00]),
  Buffer.from('\r\n\nRECEIPT\nreceipt-id:7\n\n\0'),
]);

describe('cli decode', () => {
  it('prints frames and heart-beats as JSON lines, from a file or stdin, in any chunk size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'decode-'));
    await writeFile(join(dir, 'capture.stomp'), stream);
    const expected = [
      { type: 'frame', command: 'MESSAGE', headers: [['destination', '/queue/a'], ['message-id', 'ID:1'], ['content-length', '3']], body: 'YQBi', framing: 'content-length' },
      { type: 'heartbeat', offset: 68 },
      { type: 'heartbeat', offset: 70 },
      { type: 'frame', command: 'RECEIPT', headers: [['receipt-id', '7']], body: '', framing: 'nul' },
    ];
    const fromFile = await runCli(['decode', join(dir, 'capture.stomp')]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.lines).toEqual(expected);
    const fromStdin = await runCli(['decode', '--chunk-size', '1', '-'], { stdin: stream });
    expect(fromStdin.lines).toEqual(expected);
  });

  it('applies the chosen version: 1.0 has no escapes and no heart-beats', async () => {
    const result = await runCli(['decode', '--version', '1.0'], { stdin: 'SEND\nx:a\\cb\n\nhi\0\n' });
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([{ type: 'frame', command: 'SEND', headers: [['x', 'a\\cb']], body: 'aGk=', framing: 'nul' }]);
  });

  it('stops at a broken rule with its offset and status 2, after printing what came before', async () => {
    const result = await runCli(['decode'], { stdin: 'RECEIPT\nreceipt-id:1\n\n\0SEND\nx:a\\tb\n\n\0' });
    expect(result.code).toBe(2);
    expect(result.lines[0]).toMatchObject({ type: 'frame', command: 'RECEIPT' });
    expect(result.lines[1]).toMatchObject({ type: 'error', offset: 31, rule: 'undefined-escape' });
    expect(String(result.lines[1].message)).toContain('\\t');
  });

  it('reports diagnostics in lenient mode and goes on', async () => {
    const result = await runCli(['decode', '--lenient'], { stdin: 'SEND\nx:a\\tb\n\n\0' });
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ type: 'diagnostic', rule: 'undefined-escape', offset: 8 });
    expect(result.lines[1]).toMatchObject({ type: 'frame', headers: [['x', 'a\\tb']] });
  });

  it('treats input that ends inside a frame as an error', async () => {
    const result = await runCli(['decode'], { stdin: 'SEND\ndestination:/q\n\nabc' });
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([expect.objectContaining({ type: 'error', offset: 24, rule: 'truncated-frame' })]);
  });

  it('says what is wrong with its arguments and exits non-zero', async () => {
    const badVersion = await runCli(['decode', '--version', '2.0']);
    expect(badVersion.code).toBe(1);
    expect(badVersion.stderr).toContain('--version must be 1.0, 1.1 or 1.2');
    const missing = await runCli(['decode', '/no/such/file']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    const unknown = await runCli(['explode']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "explode"');
  });
});

describe('a reader that goes away', () => {
  it('ends the command quietly with status 0 when stdout is closed (`… | head`)', async () => {
    const frames = 'SEND\ndestination:/q\n\nbody\0'.repeat(200_000);
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-core/cli/main.ts'), 'decode', '-'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -n 1`: read the first output, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => undefined);
    child.stdin.end(frames);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
