/**
 * The UI benchmark's outside parties, each a process of its own (run with tsx), talking JSON lines
 * on stdout:
 *
 *   produce DEST --rate R --seconds S --size B     publishes R msg/s of B bytes for S s, paced in
 *                                                   10 ms ticks; `{"type":"done","sent",...}` at the end
 *   produce DEST --bodies 10485760,104857600       publishes one message per listed size
 *   consume DEST --count N                          the bare client: subscribes (ack auto), counts to
 *                                                   N, reports its CPU-s and RSS
 *
 * Bodies are `m-<seq, 8 digits>-` then `x` up to the size, so a filter can find one message by its
 * number. The producer never uses the app's send path: it is this project's core client in a
 * process of its own, as another application on the network would be.
 */
import { parseArgs } from 'node:util';
import { StompClient } from '../../src-core/client';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    size: { type: 'string', default: '100' },
    bodies: { type: 'string' },
    count: { type: 'string', default: '0' },
    port: { type: 'string', default: '61613' },
    'content-type': { type: 'string', default: 'text/plain' },
  },
});
const [mode, destination] = positionals;
if ((mode !== 'produce' && mode !== 'consume') || !destination) throw new Error('usage: ui-bench-peer.ts produce|consume DESTINATION [options]');

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A body of `size` bytes that names its message: `m-00000042-xxxx…`. */
function numberedBody(seq: number, size: number): Buffer {
  const head = Buffer.from(`m-${String(seq).padStart(8, '0')}-`, 'latin1');
  const body = Buffer.alloc(Math.max(size, head.length), 'x');
  head.copy(body);
  return body;
}

const client = new StompClient({
  uri: `tcp://127.0.0.1:${values.port}`,
  login: 'guest',
  passcode: 'guest',
  host: '/',
  // The bare client beats like the app does (10 s both ways): RabbitMQ closes a consumer whose
  // socket stays backed up past its heart-beat check, and the baseline must run that risk too.
  heartBeat: mode === 'consume' ? [10_000, 10_000] : [0, 0],
  reconnect: false,
  // A broker holding a backlog (the app behind the producer) answers the last receipt late.
  receiptTimeout: 600_000,
});
await client.connect();

if (mode === 'consume') {
  const want = Number(values.count);
  let received = 0;
  const cpu0 = cpuSeconds();
  let first = 0;
  await client.subscribe(destination, () => {
    if (received === 0) first = Date.now();
    if (++received === want) {
      say({ type: 'done', received, firstAt: first, lastAt: Date.now(), cpuSeconds: cpuSeconds() - cpu0, rssBytes: process.memoryUsage().rss });
      void client.disconnect().then(() => process.exit(0));
    }
  });
  // A drop ends the count: with ack auto, what was in flight is gone (the bench reports the shortfall).
  client.on('disconnected', () => {
    if (received >= want) return;
    say({ type: 'done', received, dropped: true, firstAt: first, lastAt: Date.now(), cpuSeconds: cpuSeconds() - cpu0, rssBytes: process.memoryUsage().rss });
    process.exit(0);
  });
  say({ type: 'ready' });
  setInterval(() => say({ type: 'progress', received }), 1000).unref();
} else if (values.bodies) {
  const sizes = values.bodies.split(',').map(Number);
  for (const [i, size] of sizes.entries()) {
    // Text lines, so the Text view has something to show and to wrap.
    const line = Buffer.from(`line ${'-'.repeat(70)} of a large body\n`, 'latin1');
    const body = Buffer.alloc(size);
    for (let at = 0; at < size; at += line.length) line.copy(body, at, 0, Math.min(line.length, size - at));
    numberedBody(i, 12).copy(body);
    await client.send(destination, body, { receipt: true, headers: { 'content-type': values['content-type'] } });
    say({ type: 'sent', size });
  }
  say({ type: 'done', sent: sizes.length, at: Date.now() });
  await client.disconnect();
} else {
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const size = Number(values.size);
  const total = Math.round(rate * seconds);
  const template = numberedBody(0, size);
  const digits = Buffer.alloc(8);
  let sent = 0;
  const t0 = Date.now();
  say({ type: 'started', at: t0, total });
  let lastReport = t0;
  // The last message goes out with a receipt, below: the broker has them all when `done` is said.
  while (sent < total - 1) {
    const due = Math.min(total - 1, Math.floor(((Date.now() - t0) / 1000) * rate));
    let last: Promise<unknown> | undefined;
    for (; sent < due; sent++) {
      // One fresh buffer per message: the client may still hold the previous one in its write batch.
      const body = Buffer.from(template);
      digits.write(String(sent).padStart(8, '0'), 'latin1');
      digits.copy(body, 2);
      last = client.send(destination, body);
    }
    if (last) await last; // back-pressure: the socket took the tick's messages
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      say({ type: 'progress', sent, behind: Math.floor(((Date.now() - t0) / 1000) * rate) - sent });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await client.send(destination, numberedBody(total - 1, size), { receipt: true });
  const at = Date.now();
  say({ type: 'done', sent: total, at, seconds: (at - t0) / 1000 });
  await client.disconnect();
}
