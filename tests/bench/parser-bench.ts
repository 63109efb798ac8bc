/**
 * Parser throughput: the same generated MESSAGE stream, cut into 64 KiB chunks, through this
 * project's parser, the parser inside @stomp/stompjs and stompit's IncomingFrameStream, in one run.
 * Rounds are interleaved and the median is reported, because these machines are shared and noisy.
 */
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { bodyParts, StompParser } from '../../src-core/protocol/parser';
import { median, printTable } from './bench-stats';
// stompjs does not export its parser; it is the one its client runs on every incoming chunk.
import { Parser as StompJsParser } from '../../node_modules/@stomp/stompjs/esm6/parser.js';

const require = createRequire(import.meta.url);
const IncomingFrameStream = require('stompit/lib/IncomingFrameStream');

const CHUNK = 64 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Workload {
  name: string;
  frames: number;
  bytes: number;
  bodySize: number;
  chunks: Buffer[];
}

/** Each contender must have delivered every frame and every body byte. */
function check(w: Workload, frames: number, bodyBytes: number): number {
  if (bodyBytes !== w.frames * w.bodySize) throw new Error(`expected ${w.frames * w.bodySize} body bytes, got ${bodyBytes}`);
  return frames;
}

function workload(name: string, frames: number, bodySize: number): Workload {
  const body = Buffer.alloc(bodySize, 'x');
  const parts: Buffer[] = [];
  for (let i = 0; i < frames; i++) {
    const head =
      `MESSAGE\ndestination:/queue/bench\nmessage-id:ID\\cbench-host-1234\\c${i}\nsubscription:0\n` +
      `ack:ack-${i}\ncontent-type:text/plain\ncontent-length:${bodySize}\n\n`;
    parts.push(Buffer.from(head), body, Buffer.from([0, 10]));
  }
  const all = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  // Each chunk in memory of its own, as node:net's default reads (and so stompit's and stompjs's
  // sockets) hand them over. This client's own TCP reads are adjacent in one slab instead, where a
  // spanning body needs no join at all.
  for (let at = 0; at < all.length; at += CHUNK) chunks.push(Buffer.from(all.subarray(at, at + CHUNK)));
  return { name, frames, bytes: all.length, bodySize, chunks };
}

type Contender = (w: Workload) => Promise<number>;

/**
 * Ours, handing over each body either the way stompit does — as views of the chunks it arrived
 * in (`bodyParts`, no copy) — or as one array (`frame.body`: a spanning body is joined, one copy).
 */
function ours(joined: boolean): Contender {
  return async (w) => {
    const parser = new StompParser({ version: '1.2' });
    let frames = 0;
    let bytes = 0;
    for (const chunk of w.chunks)
      for (const event of parser.push(chunk)) {
        if (event.type !== 'frame') continue;
        frames++;
        if (joined) bytes += event.frame.body.length;
        else for (const part of bodyParts(event.frame)) bytes += part.length;
      }
    return check(w, frames, bytes);
  };
}

const stompjs: Contender = async (w) => {
  let frames = 0;
  let bytes = 0;
  const parser = new StompJsParser(
    (frame) => {
      frames++;
      bytes += frame.binaryBody?.length ?? 0;
    },
    () => undefined,
  );
  for (const chunk of w.chunks) parser.parseChunk(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length) as ArrayBuffer);
  return check(w, frames, bytes);
};

const stompit: Contender = (w) =>
  new Promise((resolve, reject) => {
    const stream = new IncomingFrameStream();
    stream.setVersion('1.2');
    let frames = 0;
    let bytes = 0;
    stream.on('data', (frame: NodeJS.ReadableStream) => {
      frame.on('data', (part: Buffer) => (bytes += part.length));
      frame.on('end', () => {
        if (++frames === w.frames) resolve(check(w, frames, bytes));
      });
    });
    stream.on('error', reject);
    Readable.from(w.chunks, { objectMode: false }).pipe(stream);
  });

const CONTENDERS: Record<string, Contender> = { 'stomp-explorer': ours(false), 'ours, joined body': ours(true), stompit, stompjs };

async function measure(w: Workload, contender: Contender): Promise<number> {
  const start = process.hrtime.bigint();
  const frames = await contender(w);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (frames !== w.frames) throw new Error(`expected ${w.frames} frames, got ${frames}`);
  return seconds;
}

async function run(w: Workload, skip: ReadonlySet<string> = new Set()): Promise<void> {
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(CONTENDERS)) if (!skip.has(name)) await measure(w, CONTENDERS[name]); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, contender] of Object.entries(CONTENDERS)) {
      if (skip.has(name)) continue;
      (times[name] ??= []).push(await measure(w, contender));
    }
  }
  const rows = Object.entries(times).flatMap(([name, t]) => {
    const seconds = median(t);
    return [{ name, value: w.frames / seconds, unit: 'frames/s', extra: `${((w.bytes / seconds) / 1e6).toFixed(0).padStart(6)} MB/s` }];
  });
  printTable(`${w.name}: ${w.frames} frames, ${(w.bytes / 1e6).toFixed(1)} MB in 64 KiB chunks (median of ${ROUNDS})`, rows, 'stomp-explorer');
}

await run(workload('100-byte bodies', 100_000, 100));
// stompjs parses byte by byte: a smaller count keeps its rounds within seconds.
await run(workload('64 KiB bodies', 2_000, 64 * 1024));
