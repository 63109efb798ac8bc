/**
 * The diff's comparisons on their own (no browser: the renderer's pure modules, run by the same
 * runner as the UI tests that use them): headers paired by occurrence with moves found, JSON by
 * structure within a budget, bodies byte by byte in pages with bounded memory and a stop.
 */
import { expect, test } from '@playwright/test';
import { diffHeaders } from '../../src-renderer/src/features/diff/header-diff';
import { diffBodies, PAGE, type BodyReader } from '../../src-renderer/src/features/diff/hex-diff';
import { diffJson } from '../../src-renderer/src/features/diff/json-diff';

function reader(bytes: Uint8Array, reads: number[] = []): BodyReader {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      reads.push(length);
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
  };
}

test.describe('header diff', () => {
  test('pairs repeated headers by occurrence: changed, added, removed, in the right side’s order', () => {
    const d = diffHeaders(
      [['destination', '/q'], ['x', '1'], ['x', '2'], ['gone', 'g']],
      [['destination', '/q'], ['x', '1'], ['x', 'two'], ['x', '3'], ['new', 'n']],
    );
    expect(d.rows.map((r) => [r.name, r.occurrence, r.status, r.left, r.right])).toEqual([
      ['destination', 1, 'same', '/q', '/q'],
      ['x', 1, 'same', '1', '1'],
      ['x', 2, 'changed', '2', 'two'],
      ['gone', 1, 'removed', 'g', undefined],
      ['x', 3, 'added', undefined, '3'],
      ['new', 1, 'added', undefined, 'n'],
    ]);
    expect(d).toMatchObject({ changed: 1, added: 2, removed: 1, moved: 0 });
  });

  test('marks a header whose place among the common ones changed as moved, with both positions', () => {
    const d = diffHeaders(
      [['a', '1'], ['b', '2'], ['c', '3']],
      [['b', '2'], ['c', '3'], ['a', '1']],
    );
    expect(d.moved).toBe(1);
    expect(d.rows.find((r) => r.name === 'a')).toMatchObject({ status: 'same', moved: true, leftIndex: 1, rightIndex: 3 });
    expect(d.rows.filter((r) => r.moved).map((r) => r.name)).toEqual(['a']);
  });

  test('1000 headers in reverse order: all but one moved, found in n log n (a reversal is the slow case of a line diff)', () => {
    const headers = Array.from({ length: 1000 }, (_, i) => [`h${i}`, String(i)] as [string, string]);
    const d = diffHeaders(headers, [...headers].reverse());
    expect(d).toMatchObject({ changed: 0, added: 0, removed: 0, moved: 999 });
  });
});

test.describe('JSON structural diff', () => {
  test('lists paths added, removed and changed (a changed type too), arrays by index, odd keys quoted', () => {
    const d = diffJson({ a: 1, b: [1, 2], c: { d: 'x', 'e f': true }, g: null, t: 1 }, { a: 2, b: [1, 2, 3], c: { d: 'x' }, h: [], t: '1' });
    expect(d.entries).toEqual([
      { path: '$.a', kind: 'changed', left: '1', right: '2' },
      { path: '$.b[2]', kind: 'added', right: '3' },
      { path: '$.c["e f"]', kind: 'removed', left: 'true' },
      { path: '$.g', kind: 'removed', left: 'null' },
      { path: '$.t', kind: 'changed', left: '1', right: '"1"' },
      { path: '$.h', kind: 'added', right: '[…] (0 items)' },
    ]);
    expect(d.counts).toEqual({ added: 2, removed: 2, changed: 2 });
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }).entries).toEqual([]);
  });

  test('a document nested 100 000 deep does not overflow the stack, and a huge one stops at its budget', () => {
    let left: unknown = 1;
    let right: unknown = 2;
    for (let i = 0; i < 100_000; i++) {
      left = { n: left };
      right = { n: right };
    }
    const deep = diffJson(left, right);
    expect(deep.entries).toHaveLength(1);
    expect(deep.entries[0].path.startsWith('$.n.n.n')).toBe(true);
    const wide = diffJson(Array.from({ length: 300_000 }, (_, i) => i), Array.from({ length: 300_000 }, (_, i) => i + 1));
    expect(wide.truncated).toBe(true);
    expect(wide.entries.length).toBe(1000);
  });
});

test.describe('byte diff', () => {
  test('finds the first differing byte and each run, a run across a page boundary as one, and the longer body’s tail', async () => {
    const size = PAGE * 2 + 100;
    const a = new Uint8Array(size).fill(7);
    const b = new Uint8Array(size + 10).fill(7);
    b[5] = 1;
    for (let i = PAGE - 3; i < PAGE + 3; i++) b[i] = 9;
    const readsA: number[] = [];
    const d = await diffBodies(reader(a, readsA), reader(b));
    expect(d.done).toBe(true);
    expect(d.firstDifference).toBe(5);
    expect(d.runs).toEqual([
      { offset: 5, length: 1 },
      { offset: PAGE - 3, length: 6 },
      { offset: size, length: 10, onlyIn: 'right' },
    ]);
    expect(d.runCount).toBe(3);
    expect(d.differingBytes).toBe(1 + 6 + 10);
    // Read a page at a time, never more.
    expect(Math.max(...readsA)).toBeLessThanOrEqual(PAGE);
    // The rows around each run, both sides, for display: the run's row starts at a multiple of 16.
    expect(d.contexts.get(5)).toMatchObject({ start: 0 });
    expect(d.contexts.get(5)!.right[5]).toBe(1);
  });

  test('lists at most 2000 runs but counts them all, and stops when asked', async () => {
    const a = new Uint8Array(10_000);
    const b = new Uint8Array(10_000);
    for (let i = 0; i < b.length; i += 2) b[i] = 1;
    const d = await diffBodies(reader(a), reader(b));
    expect(d.runs.length).toBe(2000);
    expect(d.runCount).toBe(5000);
    const controller = new AbortController();
    controller.abort();
    const stopped = await diffBodies(reader(new Uint8Array(PAGE * 3)), reader(new Uint8Array(PAGE * 3)), { signal: controller.signal });
    expect(stopped).toMatchObject({ done: false, compared: 0 });
  });

  test('identical bodies: no difference', async () => {
    const bytes = new TextEncoder().encode('same body');
    expect(await diffBodies(reader(bytes), reader(bytes.slice()))).toMatchObject({ done: true, firstDifference: undefined, runCount: 0 });
  });
});
