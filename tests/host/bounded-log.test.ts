import { describe, expect, it } from 'vitest';
import { BoundedLog } from '../../src-main/host/connections/bounded-log';

describe('BoundedLog', () => {
  it('keeps the newest capacity entries, numbered for the life of the log, across many wraps', () => {
    const log = new BoundedLog<string>(5);
    for (let i = 0; i < 23; i++) expect(log.append(`e${i}`)).toBe(i);
    expect(log.total).toBe(23);
    expect(log.at(17)).toBeUndefined();
    expect(log.at(18)).toBe('e18');
    expect(log.at(22)).toBe('e22');
    expect(log.at(23)).toBeUndefined();
    expect(log.page(0, 100).map((e) => e.seq)).toEqual([18, 19, 20, 21, 22]);
    expect(log.page(19, 2)).toEqual([
      { seq: 19, entry: 'e19' },
      { seq: 20, entry: 'e20' },
    ]);
    expect(log.tail(3).map((e) => e.entry)).toEqual(['e20', 'e21', 'e22']);
    expect(log.tail(50).length).toBe(5);
  });

  it('replaces only entries it still keeps', () => {
    const log = new BoundedLog<string>(3);
    for (let i = 0; i < 7; i++) log.append(`e${i}`);
    log.set(2, 'gone');
    log.set(5, 'changed');
    log.set(9, 'future');
    expect(log.page(0, 10).map((e) => e.entry)).toEqual(['e4', 'changed', 'e6']);
    expect(log.total).toBe(7);
  });

  it('before it fills, pages hold only what was appended', () => {
    const log = new BoundedLog<number>(100);
    log.append(1);
    log.append(2);
    expect(log.page(0, 10)).toEqual([
      { seq: 0, entry: 1 },
      { seq: 1, entry: 2 },
    ]);
    expect(log.at(-1)).toBeUndefined();
  });

  it('writes in place once full: no array is copied or replaced, however long it runs', () => {
    const log = new BoundedLog<number>(1000);
    const slots = () => (log as unknown as { slots: unknown[] }).slots;
    for (let i = 0; i < 1000; i++) log.append(i);
    const full = slots();
    expect(Array.isArray(full)).toBe(true);
    for (let i = 1000; i < 10_000; i++) log.append(i);
    expect(slots()).toBe(full);
    expect(full.length).toBe(1000);
    expect(log.at(9_999)).toBe(9_999);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedLog(0)).toThrow(/positive integer/);
    expect(() => new BoundedLog(1.5)).toThrow(/positive integer/);
  });
});
