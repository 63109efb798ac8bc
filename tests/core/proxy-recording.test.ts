/**
 * Recordings: every byte each side sent, with the frames read in them and what went out instead,
 * passcodes masked wherever they would appear; read back line by line with a clear error for a
 * damaged file; and replayed, byte for byte, as forwarded, or with edits.
 */
import { describe, expect, it } from 'vitest';
import { startSandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';
import { linesOf, readRecording, RecordingError, type RecordedConnection } from '../../src-core/proxy/recording-reader';
import { ProxyRecorder, type RecordingSink } from '../../src-core/proxy/recorder';
import { RecordingReplay } from '../../src-core/proxy/replay';
import { clientStream } from '../../src-core/proxy/replay-stream';
import { CONNECTED_12, frameText, loggedProxy, onCleanup, rawClient, rawUpstream, sleep } from './proxy-kit';

function memorySink(): RecordingSink & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return { lines, write: (line) => (lines.push(line), true), onDrain: () => undefined, text: () => lines.join('\n') + '\n' };
}

const CONNECT = frameText('CONNECT', [['accept-version', '1.2'], ['host', '/'], ['login', 'guest'], ['passcode', 'sesame-42']]);

describe('proxy recordings', () => {
  it('records every byte both ways, the frames in them, and never the passcode (even split across reads)', async () => {
    const upstream = await rawUpstream();
    const s = await loggedProxy({ upstream: upstream.url, rewriteConnect: { passcode: 'upstream-secret' } });
    const sink = memorySink();
    new ProxyRecorder(s.proxy, sink, { label: 'test' });
    const client = await rawClient(s.port);
    // The passcode's value arrives in two reads.
    const cut = CONNECT.indexOf('same');
    client.write(CONNECT.slice(0, cut));
    await sleep(30);
    client.write(CONNECT.slice(cut));
    const broker = await upstream.nextPeer();
    await broker.received.untilText('\0');
    const send = frameText('SEND', [['destination', '/q'], ['content-length', '3']], 'a\0b');
    broker.write(CONNECTED_12);
    client.write(send);
    await broker.received.untilText('a\0b');
    client.socket.end();
    await s.waitFor('close');

    const text = sink.text();
    expect(text).not.toContain('sesame');
    expect(text).not.toContain(Buffer.from('sesame').toString('base64').slice(0, 6));
    expect(text).not.toContain('upstream-secret');
    const recording = readRecording(linesOf(text));
    expect(recording.header).toMatchObject({ type: 'stomp-explorer-proxy-recording', version: 1, label: 'test', redacted: ['passcode'] });
    const [connection] = recording.connections;
    const stream = (direction: 'client-to-broker' | 'broker-to-client') => Buffer.concat(connection.chunks[direction].map((c) => c.bytes)).toString('latin1');
    expect(stream('client-to-broker')).toBe(CONNECT.replace('sesame-42', '*********') + send);
    expect(stream('broker-to-client')).toBe(CONNECTED_12);
    expect(connection.frames.map((f) => [f.seq, f.direction, f.command])).toEqual([
      [1, 'client-to-broker', 'CONNECT'],
      [2, 'broker-to-client', 'CONNECTED'],
      [3, 'client-to-broker', 'SEND'],
    ]);
    expect(connection.frames[0].headers).toContainEqual(['passcode', '*********']);
    expect(Buffer.from(connection.frames[2].body).toString('latin1')).toBe('a\0b');
    expect(connection.alterations).toMatchObject([{ seq: 1, action: 'rewritten' }]);
    expect(Buffer.from(connection.alterations[0].bytes).toString('latin1')).toContain('passcode:***************\n');
    expect(connection.closeReason).toBe('the client closed the connection');
    // Every frame line is also a capture message line.
    const frameLine = JSON.parse(sink.lines.find((l) => l.includes('"type":"frame"') && l.includes('SEND'))!);
    expect(frameLine).toMatchObject({ command: 'SEND', framing: 'content-length', bodyBase64: Buffer.from('a\0b').toString('base64'), receivedAtMs: expect.any(Number), destination: '/q' });
  });

  it('stops the proxy reading while the sink pushes back, and loses nothing', async () => {
    const upstream = await rawUpstream();
    const s = await loggedProxy({ upstream: upstream.url });
    let drain: () => void = () => undefined;
    let blocked = false;
    const lines: string[] = [];
    new ProxyRecorder(s.proxy, { write: (line) => (lines.push(line), !blocked), onDrain: (listener) => (drain = listener) }, {});
    const client = await rawClient(s.port);
    client.write(CONNECT);
    const broker = await upstream.nextPeer();
    await broker.received.untilText('\0');
    blocked = true;
    client.write(frameText('SEND', [['destination', '/q']], 'first'));
    await broker.received.untilText('first');
    client.write(frameText('SEND', [['destination', '/q']], 'second'));
    await sleep(100);
    expect(broker.received.text()).not.toContain('second');
    blocked = false;
    drain();
    await broker.received.untilText('second');
    const recording = readRecording(lines);
    expect(recording.connections[0].frames.map((f) => Buffer.from(f.body).toString())).toEqual(['', 'first', 'second']);
  });

  it('refuses a damaged recording with the line and what is wrong', () => {
    const header = JSON.stringify({ type: 'stomp-explorer-proxy-recording', version: 1 });
    const open = JSON.stringify({ type: 'open', connection: 1, atMs: 1, client: 'c', broker: 'b' });
    const bytes = (offset: number, text: string) => JSON.stringify({ type: 'bytes', connection: 1, direction: 'client-to-broker', atMs: 2, offset, base64: Buffer.from(text).toString('base64') });
    expect(() => readRecording([header, open, bytes(0, 'abc'), bytes(4, 'd')])).toThrow(/^line 4: bytes client-to-broker of connection 1 start at 4, but the ones before end at 3: the recording has a hole/);
    expect(() => readRecording([header, bytes(0, 'a')])).toThrow(/line 2: connection 1 was never opened/);
    expect(() => readRecording([header, open, '{nope'])).toThrow(/line 3: not valid JSON/);
    expect(() => readRecording([header, open, JSON.stringify({ type: 'bytes', connection: 1, direction: 'sideways', atMs: 1, offset: 0, base64: '' })])).toThrow(/line 3: direction/);
    expect(() => readRecording([JSON.stringify({ type: 'stomp-explorer-capture', version: 1 })])).toThrow(RecordingError);
    expect(() => readRecording([JSON.stringify({ type: 'stomp-explorer-proxy-recording', version: 2 })])).toThrow(/version 2 is not supported/);
    expect(() => readRecording([])).toThrow(/the file is empty/);
  });

  it('builds the client stream to replay: as sent, as forwarded, and with edits in place', () => {
    const one = frameText('SEND', [['destination', '/q']], 'one');
    const two = frameText('SEND', [['destination', '/q']], 'two');
    const three = frameText('SEND', [['destination', '/q']], 'three');
    const all = one + '\n' + two + three;
    const at = (s: string) => all.indexOf(s);
    const connection: RecordedConnection = {
      id: 1,
      client: 'c',
      broker: 'b',
      openedAt: 0,
      session: { version: '1.2', clientBeatsEvery: 0, brokerBeatsEvery: 0 },
      // Cut so that frame two spans two chunks.
      chunks: {
        'client-to-broker': [
          { offset: 0, atMs: 10, bytes: Buffer.from(all.slice(0, at(two) + 5), 'latin1') },
          { offset: at(two) + 5, atMs: 20, bytes: Buffer.from(all.slice(at(two) + 5), 'latin1') },
        ],
        'broker-to-client': [],
      },
      frames: [
        { seq: 1, direction: 'client-to-broker', offset: 0, size: one.length, atMs: 10, command: 'SEND', headers: [['destination', '/q']], body: Buffer.from('one'), framing: 'nul' },
        { seq: 2, direction: 'client-to-broker', offset: at(two), size: two.length, atMs: 20, command: 'SEND', headers: [['destination', '/q']], body: Buffer.from('two'), framing: 'nul' },
        { seq: 3, direction: 'client-to-broker', offset: at(three), size: three.length, atMs: 20, command: 'SEND', headers: [['destination', '/q']], body: Buffer.from('three'), framing: 'nul' },
      ],
      alterations: [{ seq: 1, direction: 'client-to-broker', offset: 0, size: one.length, action: 'corrupted', detail: '', bytes: Buffer.from('SEND\ndestination:/q\n\nUNE\0', 'latin1') }],
      diagnostics: [],
    };
    const text = (pieces: { bytes: Uint8Array }[]) => Buffer.concat(pieces.map((p) => p.bytes)).toString('latin1');
    expect(text(clientStream(connection))).toBe(all);
    expect(text(clientStream(connection, { use: 'forwarded' }))).toBe('SEND\ndestination:/q\n\nUNE\0\n' + two + three);
    const edited = clientStream(connection, {
      edits: new Map([
        [2, { kind: 'drop' as const }],
        [3, { kind: 'frame' as const, frame: { command: 'SEND', headers: [['destination', '/q'], ['x', 'a:b']], body: Buffer.from('3') } }],
      ]),
    });
    expect(text(edited)).toBe(one + '\n' + 'SEND\ndestination:/q\nx:a\\cb\n\n3\0');
    expect(edited.at(-1)!.atMs).toBe(20);
    expect(() => clientStream(connection, { edits: new Map([[9, { kind: 'drop' as const }]]) })).toThrow(/no frame 9/);
  });

  it('replays a recorded session against a broker, and with a SEND left out', async () => {
    const first = await startSandboxBroker({});
    onCleanup(() => first.close());
    const s = await loggedProxy({ upstream: first.url });
    const sink = memorySink();
    new ProxyRecorder(s.proxy, sink, {});
    const client = new StompClient({ uri: `tcp://127.0.0.1:${s.port}`, reconnect: false });
    await client.connect();
    for (const body of ['a', 'b', 'c']) await client.send('/queue/replayed', body, { receipt: true });
    await client.disconnect();
    await s.waitFor('close');

    const recording = readRecording(linesOf(sink.text()));
    const second = await startSandboxBroker({});
    onCleanup(() => second.close());
    const replay = new RecordingReplay(recording, { upstream: second.url, pacing: 'none', lingerMs: 200 });
    const frames: string[] = [];
    replay.on('frame', (e) => frames.push(`${e.direction === 'client-to-broker' ? '>' : '<'} ${e.frame.command}`));
    const [result] = await replay.run();
    expect(result).toMatchObject({ connection: 1, framesSent: 5, initiator: 'broker' });
    expect(frames.filter((f) => f.startsWith('>'))).toEqual(['> CONNECT', '> SEND', '> SEND', '> SEND', '> DISCONNECT']);
    expect(second.destinations().queues.find((q) => q.name === '/queue/replayed')?.depth).toBe(3);

    const sendB = recording.connections[0].frames.find((f) => f.command === 'SEND' && Buffer.from(f.body).toString() === 'b')!;
    const third = await startSandboxBroker({});
    onCleanup(() => third.close());
    await new RecordingReplay(recording, { upstream: third.url, pacing: 'none', lingerMs: 200, edits: new Map([[1, new Map([[sendB.seq, { kind: 'drop' as const }]])]]) }).run();
    expect(third.destinations().queues.find((q) => q.name === '/queue/replayed')?.depth).toBe(2);
  });
});
