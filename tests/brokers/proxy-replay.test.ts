/**
 * A recording made by the CLI proxy (stomp.py producing to RabbitMQ) replayed by the CLI against
 * ActiveMQ: the same client bytes, the passcode given again (recordings never hold it), every body
 * byte-exact at the other broker; and replayed with one SEND left out.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../core/cli-kit';
import { brokers } from './brokers';
import { proxyFor, stomppy, testBodies } from './proxy-kit';
import { ACTIVEMQ, connectedClient, Inbox, onCleanup, queueName, RABBITMQ } from './support/client-kit';

it('records stomp.py through the proxy and replays it, byte for byte and with a frame dropped, at another broker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-replay-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'producer.ndjson');
  // One queue name for both brokers: the replay sends exactly what was recorded.
  const destination = queueName(RABBITMQ, 'proxy-replay');
  const { cli, port } = await proxyFor(RABBITMQ, ['--record', file]);
  const bodies = testBodies().slice(0, 5);
  await stomppy(['produce', '127.0.0.1', String(port), '/', destination], JSON.stringify(bodies.map((b) => b.toString('base64'))));
  await cli.waitForLine((l) => l.type === 'close');
  expect(await cli.stop()).toBe(0);
  expect(readFileSync(file, 'utf8')).not.toContain(`passcode:${brokers.passcode}`);

  const consumer = await connectedClient(ACTIVEMQ);
  const inbox = new Inbox();
  await consumer.subscribe(destination, inbox.handler, { ack: 'client-individual', receipt: true });
  const replay = await runCli(['replay', file, '--to', ACTIVEMQ.uri, '--passcode', brokers.passcode, '--fast', '--linger', '300'], { timeoutMs: 30_000 });
  expect(replay.code, replay.stderr).toBe(0);
  const got = await inbox.waitFor(bodies.length);
  got.forEach((m, i) => expect(Buffer.from(m.body).equals(bodies[i]), `body ${i}`).toBe(true));
  const sends = replay.lines.filter((l) => l.type === 'frame' && l.command === 'SEND');
  expect(sends).toHaveLength(bodies.length);

  // Again without the third SEND (named by its seq in the recording).
  const recordedSeq = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"frame"') && l.includes('"command":"SEND"'))
    .map((l) => JSON.parse(l).seq as number)[2];
  const dropped = await runCli(['replay', file, '--to', ACTIVEMQ.uri, '--passcode', brokers.passcode, '--fast', '--linger', '300', '--drop-frame', String(recordedSeq)], { timeoutMs: 30_000 });
  expect(dropped.code, dropped.stderr).toBe(0);
  const more = await inbox.waitFor(bodies.length * 2 - 1);
  expect(more.slice(bodies.length).map((m) => Buffer.from(m.body).length)).toEqual(bodies.filter((_, i) => i !== 2).map((b) => b.length));
});
