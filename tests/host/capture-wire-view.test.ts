/**
 * The wire log's line for a frame is built for every frame in and out, at 10,000 a second, and
 * the log keeps 100,000 of them: it holds each as one JSON string of its own (never slices keeping
 * the parser's strings alive, never ten objects a line for the collector), masks a CONNECT's
 * passcode, and previews from the body's first bytes only (issue 15).
 */
import { describe, expect, it } from 'vitest';
import { createFrame, type Header } from '../../src-core/protocol/frame';
import { FrameBytesStore } from '../../src-main/host/connections/frame-bytes-store';
import { WireLog } from '../../src-main/host/connections/wire-log';
import { receivedFrameView, wirePreview, wireView } from '../../src-main/host/connections/wire-view';
import { StompParser } from '../../src-core/protocol/parser';
import type { StompVersion } from '../../src-core/protocol/spec';

const frameEntry = (command: string, headers: Header[], body: string | Uint8Array = '') =>
  ({ direction: 'in', kind: 'frame', at: 1, frame: createFrame(command, headers, body), size: 42 }) as const;

describe('wire log lines', () => {
  it('keep the headers in wire order with repeats; the log holds each line as one string of its own', () => {
    const headers: Header[] = [['destination', '/queue/a'], ['x', '1'], ['x', '2'], ['message-id', 'T_sub-0@@session-abcdefghijkl@@7']];
    const entry = frameEntry('MESSAGE', headers, 'hello');
    const view = wireView(entry, 0);
    const expected = { seq: 0, at: 1, direction: 'in', kind: 'frame', command: 'MESSAGE', headers: structuredClone(headers), size: 42, preview: 'hello' };
    expect(view).toEqual(expected);
    const log = new WireLog(10);
    log.append(view);
    // One object per line for the collector, not one per header: nothing refers to the frame's arrays.
    expect(typeof (log as unknown as { views: { at(seq: number): unknown } }).views.at(0)).toBe('string');
    headers[0] = ['destination', '/queue/changed'];
    expect(log.page(0, 1)[0].entry).toEqual(expected);
    expect(log.filteredPage({ commands: ['MESSAGE'] }, 0, 10)).toEqual({ total: 1, entries: [expected] });
  });

  it('mask the passcode of CONNECT and STOMP, and only there', () => {
    for (const command of ['CONNECT', 'STOMP']) {
      const view = wireView({ ...frameEntry(command, [['login', 'guest'], ['passcode', 'secret']]), direction: 'out' }, 0);
      expect(view.headers).toEqual([['login', 'guest'], ['passcode', '••••••']]);
    }
    expect(wireView(frameEntry('MESSAGE', [['passcode', 'kept']]), 0).headers).toEqual([['passcode', 'kept']]);
  });

  it("preview from the body's first bytes: its own characters, or binary with the whole size", () => {
    expect(wirePreview(Buffer.from('a\tb\nc'))).toBe('a␉b␊c');
    const large = Buffer.alloc(4 * 1024 * 1024, 'y');
    large[3 * 1024 * 1024] = 0; // a NUL far past the start does not make it binary here
    expect(wirePreview(large)).toBe(`${'y'.repeat(120)}…`);
    expect(wirePreview(Uint8Array.of(0, 1, 2, 255))).toBe('binary · 4 B');
    expect(wirePreview(Buffer.concat([Buffer.from([0]), large]))).toBe('binary · 4.0 MiB');
    expect(wireView(frameEntry('RECEIPT', [['receipt-id', 'r1']]), 0).preview).toBeUndefined();
  });

  it('keep heart-beats and diagnostics small', () => {
    expect(wireView({ direction: 'out', kind: 'heartbeat', at: 5 }, 3)).toEqual({ seq: 3, at: 5, direction: 'out', kind: 'heartbeat' });
    const diagnostic = wireView({ direction: 'in', kind: 'diagnostic', at: 5, diagnostic: { rule: 'invalid-utf8', offset: 9, message: 'bad byte' } } as never, 4);
    expect(diagnostic.diagnostic).toBe('bad byte (byte 9, invalid-utf8)');
  });
});

describe("the wire log's kept bytes", () => {
  it('keep the newest within the budget and the window, in constant work per frame', () => {
    const log = new WireLog(1000, 64 * 1024);
    const store = (log as unknown as { bytes: FrameBytesStore }).bytes;
    const raw = [new Uint8Array(300)];
    for (let i = 0; i < 20_000; i++) log.append({ seq: log.total, at: 0, direction: 'in', kind: 'frame' }, raw);
    // Within the budget (64 KiB of 300-byte frames) and within the capacity: the newest kept, the oldest gone.
    expect(store.count).toBe(Math.floor((64 * 1024) / 300));
    expect(log.frameBytes(19_999)).toBeDefined();
    expect(log.frameBytes(19_999 - store.count)).toBeUndefined();
    // The window: a log of 10 lines keeps no bytes for the 11th from the end, whatever the budget.
    const small = new WireLog(10, 1024 * 1024);
    for (let i = 0; i < 25; i++) small.append({ seq: small.total, at: 0, direction: 'in', kind: 'frame' }, [Uint8Array.of(i)]);
    expect([...small.frameBytes(24)!]).toEqual([24]);
    expect([...small.frameBytes(15)!]).toEqual([15]);
    expect(small.frameBytes(14)).toBeUndefined();
    // Room for where frames lie grows with the log: a connection that saw a few frames holds a few KB of it.
    const fresh = new WireLog();
    fresh.appendReceived(1, [Uint8Array.from([77, 10, 10, 0])], '1.2');
    expect((fresh as unknown as { bytes: { seqs: Float64Array } }).bytes.seqs.length).toBe(1024);
    expect((fresh as unknown as { receivedAt: Float64Array }).receivedAt.length).toBe(1024);
  });

  it('reads into the memory of frames let go: a flood of 64 KiB frames allocates a few slabs, not a buffer each', () => {
    const store = new FrameBytesStore(4 * 1024 * 1024, 100_000);
    const buffers = new Set<ArrayBufferLike>();
    for (let seq = 0; seq < 2000; seq++) {
      const frame = new Uint8Array(64 * 1024).fill(seq & 0xff);
      store.keep(seq, [frame.subarray(0, 1000), frame.subarray(1000)]);
      buffers.add(store.get(seq)!.buffer);
    }
    // 4 MiB of 64 KiB frames is 64 frames in 4 or 5 slabs, and two spares: never 2000 buffers.
    expect(buffers.size).toBeLessThanOrEqual(8);
    expect(store.count).toBe(64);
    expect(store.heldBytes).toBe(64 * 64 * 1024);
    // What is kept reads back exactly, including frames in reused slabs.
    for (let seq = 2000 - 64; seq < 2000; seq++) expect(store.get(seq)!.every((b) => b === (seq & 0xff))).toBe(true);
    expect(store.get(2000 - 65)).toBeUndefined();
  });

  it('keeps frames over a quarter of a slab in memory of their own, and refuses one over the budget', () => {
    const store = new FrameBytesStore(1024 * 1024, 100);
    store.keep(0, [new Uint8Array(300 * 1024).fill(7)]);
    expect(store.get(0)!.byteLength).toBe(300 * 1024);
    expect(store.get(0)!.buffer.byteLength).toBe(300 * 1024);
    store.keep(1, [new Uint8Array(2 * 1024 * 1024)]);
    expect(store.get(1)).toBeUndefined();
    expect(store.get(0)).toBeDefined();
  });
});

describe('a MESSAGE received, kept as its bytes alone', () => {
  /** Frames as a broker sends them, parsed as the client parses them (leniently): the line wireView makes of each, and its bytes. */
  function received(version: StompVersion, bytes: Uint8Array) {
    const parser = new StompParser({ version, strict: false });
    return parser.push(bytes).flatMap((event) => {
      if (event.type !== 'frame') return [];
      const raw = bytes.slice(event.frame.offset, event.frame.offset + event.frame.size);
      const entry = { direction: 'in', kind: 'frame', at: 5, frame: event.frame, size: event.frame.size, broker: 'tcp://b:61613' } as const;
      return [{ raw, view: wireView(entry, 0) }];
    });
  }
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['1.2', 'MESSAGE\ndestination:/queue/a\nmessage-id:1\nsubscription:0\ncontent-length:5\n\nhello\0'],
    ['1.2', 'MESSAGE\r\ndestination:/queue/a\\cb\\nc\\\\d\r\nx:é\r\n\r\nno length, text\0'],
    ['1.1', 'MESSAGE\ndestination:/queue/a\\cb\nrepeat:1\nrepeat:2\n\n{"json": [1, 2]}\0'],
    ['1.0', 'MESSAGE\ndestination: /queue/spaces \nbroken\n\nbody\0'],
    ['1.2', 'MESSAGE\ndestination:/queue/a\nbad:\\q escape\ncontent-length:3\n\n\x00\x01\x02\x00'],
    ['1.2', 'MESSAGE\ndestination:/queue/empty\n\n\0'],
    ['1.2', 'MESSAGE\ndestination:/queue/short-length\ncontent-length:2\n\nabcdef\0'],
  ] as const)('STOMP %s: the line parsed again from the bytes is the line of the parsed frame', (version, text) => {
    const bytes = utf8(text);
    const [{ raw, view }] = received(version, bytes);
    expect(receivedFrameView(raw, 0, 5, version)).toEqual({ ...view, broker: undefined });
    const log = new WireLog(10);
    const seq = log.appendReceived(5, [raw.subarray(0, 3), raw.subarray(3)], version, 'tcp://b:61613');
    expect(log.page(seq, 1)[0].entry).toEqual(view);
    expect([...log.frameBytes(seq)!]).toEqual([...raw]);
  });

  it('bytes with no blank line (never the parser\'s) are refused, and the log shows what it can', () => {
    expect(() => receivedFrameView(utf8('MESSAGE\ndestination:/q\0'), 0, 5, '1.2')).toThrow(/no blank line/);
    const log = new WireLog(10);
    const seq = log.appendReceived(5, [utf8('MESSAGE\ndestination:/q\0')], '1.2');
    expect(log.page(seq, 1)[0].entry).toEqual({ seq, at: 5, direction: 'in', kind: 'frame', command: 'MESSAGE', size: 23 });
  });

  it('is written as its line once the budget lets its bytes go, and filters read either kind alike', () => {
    const log = new WireLog(100, 2048);
    const frames = Array.from({ length: 20 }, (_, i) => received('1.2', utf8(`MESSAGE\ndestination:/queue/${i % 2 ? 'odd' : 'even'}\nmessage-id:${i}\n\n${'x'.repeat(200)}${i}\0`))[0]);
    for (const { raw } of frames) log.appendReceived(5, [raw], '1.2', 'tcp://b:61613');
    log.append({ seq: log.total, at: 6, direction: 'out', kind: 'heartbeat' });
    // The oldest frames' bytes are gone (2 KiB holds 8 of them); every line still reads the same.
    expect(log.frameBytes(0)).toBeUndefined();
    expect(log.frameBytes(19)).toBeDefined();
    expect(log.page(0, 20).map((p) => p.entry)).toEqual(frames.map((f, seq) => ({ ...f.view, seq })));
    const odd = log.filteredPage({ destination: '/queue/odd' }, 0, 100);
    expect(odd.total).toBe(10);
    expect(odd.entries.map((e) => e.headers!.find(([n]) => n === 'message-id')![1])).toEqual(['1', '3', '5', '7', '9', '11', '13', '15', '17', '19']);
  });
});
