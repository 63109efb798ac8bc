/** The capture index's interner: one id per distinct value, whatever order values come in (it remembers the last two). */
import { describe, expect, it } from 'vitest';
import { StringInterner } from '../../src-main/host/capture/string-interner';

describe('StringInterner', () => {
  it('gives each distinct value one id, alternating, repeated or new, and starts over when cleared', () => {
    const strings = new StringInterner();
    const fresh = (s: string) => [...s].join(''); // a new string each time, as the parser makes them
    const a = strings.id(fresh('/queue/a'));
    const json = strings.id(fresh('application/json'));
    expect(strings.id(fresh('/queue/a'))).toBe(a);
    expect(strings.id(fresh('application/json'))).toBe(json);
    const b = strings.id(fresh('/queue/b'));
    expect(new Set([a, json, b]).size).toBe(3);
    expect(strings.id(fresh('application/json'))).toBe(json);
    expect(strings.id(fresh('/queue/a'))).toBe(a);
    expect(strings.id(undefined)).toBe(0);
    expect([a, json, b].map((id) => strings.value(id))).toEqual(['/queue/a', 'application/json', '/queue/b']);

    strings.clear();
    const c = strings.id(fresh('/queue/c'));
    expect(strings.value(c)).toBe('/queue/c');
    // Values from before the clear are new again, not answered from memory.
    const again = strings.id(fresh('/queue/a'));
    expect(strings.value(again)).toBe('/queue/a');
    expect(again).not.toBe(c);
  });
});
