import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureViewSchema } from '../../src-core/api';
import { createFrame, type Header } from '../../src-core/protocol/frame';
import { CaptureImportError, CaptureRegistry, exportCaptureLines, type CaptureStore } from '../../src-main/host/capture';

let dir: string;
let registry: CaptureRegistry;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capture-ndjson-'));
  registry = new CaptureRegistry({ directory: dir, memoryBudgetBytes: 256 * 1024 });
});

afterEach(() => {
  registry.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const BINARY = new Uint8Array([0, 0xff, 0x00, 0x0a, 0x80, 0x00, 0x41]);
const REPEATED: Header[] = [
  ['destination', '/queue/a'],
  ['x-dup', 'first'],
  ['x-dup', 'second'],
  ['colon', 'a:b'],
  ['spaced', '  kept  '],
  ['nl', 'line\nbreak'],
  ['content-length', String(BINARY.length)],
];

function fill(store: CaptureStore, n: number): void {
  for (let i = 0; i < n; i++) {
    const binary = i % 2 === 0;
    store.append({
      connectionId: 'c1',
      subscriptionId: 's1',
      receivedAt: 1_700_000_000_123 + i,
      frame: { ...createFrame('MESSAGE', binary ? REPEATED : [['destination', '/queue/a'], ['n', String(i)]], binary ? BINARY : `text ${i} ${'y'.repeat(i * 37)}`), framing: binary ? 'content-length' : 'nul' },
      raw: i % 3 === 0 ? new Uint8Array([...new TextEncoder().encode(`MESSAGE\n\n`), ...BINARY, 0]) : undefined,
    });
  }
}

describe('NDJSON export and import', () => {
  it('writes a header line, then one line per message with the documented fields', async () => {
    const store = registry.create({ label: 'orders', connectionId: 'c1', subscriptionId: 's1', destination: '/queue/a' });
    fill(store, 3);
    const lines: string[] = [];
    for await (const line of exportCaptureLines(store, () => Date.UTC(2024, 0, 2, 3, 4, 5))) lines.push(line);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0])).toEqual({
      type: 'stomp-explorer-capture',
      version: 1,
      label: 'orders',
      exportedAt: '2024-01-02T03:04:05.000Z',
      count: 3,
      connectionId: 'c1',
      subscriptionId: 's1',
      destination: '/queue/a',
    });
    const first = JSON.parse(lines[1]);
    expect(first).toEqual({
      seq: 0,
      connectionId: 'c1',
      subscriptionId: 's1',
      destination: '/queue/a',
      receivedAt: new Date(1_700_000_000_123).toISOString(),
      receivedAtMs: 1_700_000_000_123,
      command: 'MESSAGE',
      headers: REPEATED,
      bodyBase64: Buffer.from(BINARY).toString('base64'),
      framing: 'content-length',
      rawBase64: expect.any(String),
    });
    expect(JSON.parse(lines[2]).rawBase64).toBeUndefined();
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('round-trips byte for byte, spilled messages included, repeated headers kept', async () => {
    const source = registry.create({ label: 'orders', connectionId: 'c1', subscriptionId: 's1' });
    fill(source, 300);
    expect(source.bytesOnDisk).toBeGreaterThan(0);
    const text = await registry.exportText(source.id);
    const copy = await registry.import(text);
    expect(copy.view()).toMatchObject({ label: 'orders', count: 300, offline: true, connectionId: 'c1', subscriptionId: 's1', destination: '/queue/a' });
    expect(captureViewSchema.parse(copy.view())).toEqual(copy.view());
    for (let seq = 0; seq < 300; seq++) {
      const a = source.get(seq)!;
      const b = copy.get(seq)!;
      expect({ ...b, captureId: a.captureId }).toEqual(a);
    }
    // And exporting the copy gives the same lines but for the header.
    const again = await registry.exportText(copy.id);
    expect(again.split('\n').slice(1)).toEqual(text.split('\n').slice(1));
  });

  it('round-trips a body of many MiB', async () => {
    const source = registry.create({ label: 'big' });
    const body = new Uint8Array(16 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 131) & 0xff;
    source.append({ receivedAt: 0, frame: createFrame('MESSAGE', [['content-length', String(body.length)]], body) });
    const copy = await registry.import(await registry.exportText(source.id));
    expect(Buffer.from(copy.message(0)!.body).equals(Buffer.from(body))).toBe(true);
  });

  it('makes an imported capture browsable and searchable like a live one', async () => {
    const source = registry.create({ label: 'x' });
    fill(source, 20);
    const copy = await registry.import(await registry.exportText(source.id), { label: 'from file' });
    expect(copy.label).toBe('from file');
    expect((await copy.list(0, 5)).items.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(await copy.search('x-dup:second')).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(await copy.search('re:^text 1\\d ')).toEqual([11, 13, 15, 17, 19]);
    expect(copy.summary(0)).toMatchObject({ preview: 'binary · 7 B', binary: true, destination: '/queue/a' });
  });

  it('imports from a stream of byte chunks, CRLF line ends and blank lines too', async () => {
    const source = registry.create({ label: 'x' });
    fill(source, 5);
    const text = (await registry.exportText(source.id)).replaceAll('\n', '\r\n\r\n');
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const copy = await registry.import(Readable.from(chunks));
    expect(copy.count).toBe(5);
    expect(copy.get(4)!.bodyBase64).toBe(source.get(4)!.bodyBase64);
  });

  it('accepts a hand-written file with only the required fields', async () => {
    const file = [
      '{"type":"stomp-explorer-capture","version":1}',
      '{"receivedAt":"2024-05-06T07:08:09.010Z","command":"MESSAGE","headers":[["destination","/topic/t"]],"bodyBase64":"aGk=","framing":"nul"}',
    ].join('\n');
    const copy = await registry.import(file);
    expect(copy.view()).toMatchObject({ label: 'Imported capture', count: 1, destination: undefined });
    expect(copy.summary(0)).toMatchObject({ receivedAt: Date.UTC(2024, 4, 6, 7, 8, 9, 10), preview: 'hi', destination: '/topic/t' });
  });

  describe('reports the first bad line with its number', () => {
    const header = '{"type":"stomp-explorer-capture","version":1}';
    const good = '{"receivedAtMs":1,"command":"MESSAGE","headers":[],"bodyBase64":"","framing":"nul"}';
    const cases: [string, string[], string][] = [
      ['an empty file', [], 'line 1: the file is empty'],
      ['a file of another kind', ['{"type":"something-else"}'], 'line 1: not a STOMP Explorer capture'],
      ['a newer version', ['{"type":"stomp-explorer-capture","version":2}'], 'line 1: capture file version 2 is not supported (this version reads 1)'],
      ['broken JSON', [header, good, '{"receivedAtMs":1,'], 'line 3: not valid JSON'],
      ['a header that is not a pair', [header, good, good, good.replace('"headers":[]', '"headers":[["a","b"],["c"]]')], 'line 4: headers[1]: must be a [name, value] pair of strings'],
      ['bad base64', [header, good.replace('"bodyBase64":""', '"bodyBase64":"abc!"')], 'line 2: bodyBase64: is not base64'],
      ['an unknown framing', [header, good.replace('"nul"', '"eof"')], 'line 2: framing:'],
      ['no time', [header, good.replace('"receivedAtMs":1,', '')], 'line 2: receivedAt: needs receivedAtMs (a number) or receivedAt (an ISO date)'],
      ['a bad date', [header, good.replace('"receivedAtMs":1', '"receivedAt":"yesterday"')], 'line 2: receivedAt: needs receivedAtMs'],
      ['a missing command', [header, good.replace('"command":"MESSAGE",', '')], 'line 2: command:'],
      ['a truncated file', ['{"type":"stomp-explorer-capture","version":1,"count":3}', good, good], 'line 4: the header line announces 3 messages but the file holds 2'],
    ];
    for (const [what, lines, message] of cases) {
      it(`: ${what}`, async () => {
        const before = registry.captures().length;
        const error = await registry.import(lines.join('\n')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CaptureImportError);
        expect((error as Error).message.startsWith(message)).toBe(true);
        // Nothing half-imported is left behind.
        expect(registry.captures()).toHaveLength(before);
      });
    }

    it('counts blank lines, as an editor does', async () => {
      await expect(registry.import(`${header}\n\n${good}\n\nnot json\n`)).rejects.toThrow(/^line 5: not valid JSON/);
    });
  });
});
