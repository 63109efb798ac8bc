/**
 * The proxy under benchmark, in a process of its own as users run it: the core proxy with an
 * observer that reads every frame event (as the app's host does), or, with --cli, the `proxy`
 * command printing its JSON lines (to wherever stdout goes: /dev/null in the benchmark).
 *
 *   tsx tests/bench/proxy-bench-serve.ts UPSTREAM_URI PORT
 * Prints {"port":N} on stderr once listening; runs until SIGTERM.
 */
import { startStompProxy } from '../../src-core/proxy';
import { bodyParts } from '../../src-core/protocol/parser';

const [upstream, port] = process.argv.slice(2);
const proxy = await startStompProxy({ listen: { host: '127.0.0.1', port: Number(port) }, upstream });
let frames = 0;
let bodyBytes = 0;
proxy.on('frame', ({ frame }) => {
  frames++;
  for (const part of bodyParts(frame)) bodyBytes += part.length;
});
process.stderr.write(JSON.stringify({ port: proxy.address.port }) + '\n');
process.once('SIGTERM', () => {
  void proxy.close().then(() => {
    process.stderr.write(JSON.stringify({ frames, bodyBytes }) + '\n');
    process.exit(0);
  });
});
