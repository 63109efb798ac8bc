import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrame, type Header } from '../../src-core/protocol/frame';
import { CaptureRegistry, FilterError, parseFilter, type CaptureStore } from '../../src-main/host/capture';

let dir: string;
let registry: CaptureRegistry;
let store: CaptureStore;

const MESSAGES: { headers: Header[]; body: string | Uint8Array }[] = [
  /* 0 */ { headers: [['destination', '/queue/orders'], ['message-id', 'ID:abc-1'], ['content-type', 'application/json']], body: '{"order": 17, "status": "NEW"}' },
  /* 1 */ { headers: [['destination', '/queue/orders'], ['message-id', 'ID:abc-2'], ['priority', '9']], body: 'plain text Shipped' },
  /* 2 */ { headers: [['destination', '/topic/prices'], ['message-id', 'ID:xyz-3'], ['Priority', '4']], body: new Uint8Array([0, 1, 0x6f, 0x72, 0x64, 0x65, 0x72, 2]) },
  /* 3 */ { headers: [['destination', '/topic/prices'], ['message-id', 'ID:xyz-4'], ['x-trace', 'a:b:c']], body: 'order 42 cancelled' },
  /* 4 */ { headers: [['destination', '/queue/ünïcode'], ['message-id', 'ID:u-5']], body: 'größe Ω' },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capture-filter-'));
  registry = new CaptureRegistry({ directory: dir });
  store = registry.create({ label: 'filters' });
  MESSAGES.forEach(({ headers, body }, i) => store.append({ receivedAt: i, frame: createFrame('MESSAGE', headers, body) }));
});

afterAll(() => {
  registry.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function seqs(filter: string): Promise<number[]> {
  const page = await store.list(0, 100, filter);
  expect(page.total).toBe(page.items.length);
  return page.items.map((s) => s.seq);
}

describe('filter syntax', () => {
  it('matches everything when empty or blank', async () => {
    expect(await seqs('')).toEqual([0, 1, 2, 3, 4]);
    expect(await seqs('   ')).toEqual([0, 1, 2, 3, 4]);
    expect(parseFilter(undefined)).toBeUndefined();
  });

  it('finds plain text in bodies and headers, ignoring case', async () => {
    expect(await seqs('shipped')).toEqual([1]);
    expect(await seqs('ORDER')).toEqual([0, 1, 2, 3]); // 1 by its destination; 2 inside a binary body
    expect(await seqs('/topic/')).toEqual([2, 3]);
    expect(await seqs('GRÖSSE')).toEqual([]); // case folding is per character, not German ß rules
    expect(await seqs('größe')).toEqual([4]);
    expect(await seqs('ünïcode')).toEqual([4]);
    expect(await seqs('no such thing')).toEqual([]);
  });

  it('matches plain text against headers as name:value lines', async () => {
    expect(await seqs('"destination:/queue/orders"')).toEqual([0, 1]);
    expect(await seqs('"ID:xyz"')).toEqual([2, 3]);
  });

  it('takes re: as a regular expression over headers and body', async () => {
    expect(await seqs('re:order \\d+')).toEqual([3]);
    expect(await seqs('re:"order":\\s*17')).toEqual([0]);
    expect(await seqs('re:^message-id:ID:abc-\\d$')).toEqual([0, 1]);
    expect(await seqs('re:SHIPPED')).toEqual([]);
    expect(await seqs('re:(?i)SHIPPED')).toEqual([1]);
    expect(await seqs('re:Ω$')).toEqual([4]);
  });

  it('takes name:value as a header whose value contains value', async () => {
    expect(await seqs('destination:orders')).toEqual([0, 1]);
    expect(await seqs('message-id:ID:xyz')).toEqual([2, 3]);
    expect(await seqs('priority:9')).toEqual([1]);
    expect(await seqs('priority:')).toEqual([1, 2]); // present, in any case
    expect(await seqs('x-trace:a:b')).toEqual([3]);
    expect(await seqs('content-type:JSON')).toEqual([0]);
    expect(await seqs('status:NEW')).toEqual([]); // a body field is not a header
  });

  it('rejects an invalid regular expression with a message naming the problem', async () => {
    await expect(store.list(0, 10, 're:order(')).rejects.toThrow(FilterError);
    await expect(store.list(0, 10, 're:order(')).rejects.toThrow('invalid regular expression /order(/: Unterminated group');
    expect(() => parseFilter('re:[a-')).toThrow(/invalid regular expression \/\[a-\/: Unterminated character class/);
    expect(() => parseFilter('re:')).toThrow(/re: needs a regular expression/);
    expect(() => parseFilter('re:*')).toThrow(/Nothing to repeat/);
  });

  it('turns a regex that overflows on a huge body into a FilterError', async () => {
    const local = registry.create({ label: 'huge' });
    local.append({ receivedAt: 0, frame: createFrame('MESSAGE', [], 'ab'.repeat(4 * 1024 * 1024)) });
    await expect(local.list(0, 10, 're:^(a|b)*c')).rejects.toThrow('regular expression /^(a|b)*c/ could not run on a 8388608-byte body');
    registry.remove(local.id);
  });

  it('pages through matches and counts them all', async () => {
    const page = await store.list(2, 1, 'order');
    expect(page).toMatchObject({ total: 4, items: [{ seq: 2 }] });
    expect(await store.search('destination:prices')).toEqual([2, 3]);
  });

  it('extends a remembered filter with messages that arrived since', async () => {
    const local = registry.create({ label: 'tail' });
    const add = (body: string) => local.append({ receivedAt: 0, frame: createFrame('MESSAGE', [['destination', '/q']], body) });
    add('alpha');
    add('beta');
    expect((await local.list(0, 10, 'alpha')).total).toBe(1);
    add('alpha two');
    expect((await local.list(0, 10, 'alpha')).items.map((s) => s.seq)).toEqual([0, 2]);
    expect((await local.list(0, 10, 'beta')).total).toBe(1);
    expect((await local.list(0, 10, 'alpha')).total).toBe(2);
  });
});
