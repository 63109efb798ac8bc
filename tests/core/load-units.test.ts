/** The load generator's parts without a broker: percentiles, sequence tracking, pacing, options. */
import { describe, expect, it } from 'vitest';
import { checkLoadOptions, LatencyHistogram, LoadOptionsError, LoadPacer, SeqTracker, type LoadOptions } from '../../src-core/load';

describe('LatencyHistogram', () => {
  it('percentiles within 1.6 % of the exact ones, never below', () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = Math.exp(Math.sin(i) * 6) * 3; // 0.007 ms .. 1200 ms, spread over many octaves
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1];
      const got = h.quantile(q);
      expect(got).toBeGreaterThanOrEqual(Math.floor(exact * 1000) / 1000);
      expect(got).toBeLessThanOrEqual(exact * 1.016 + 0.001);
    }
    expect(h.percentiles()!.max).toBeCloseTo(values.at(-1)!, 3);
  });

  it('is exact below 128 µs, clamps negatives to 0, and adds up', () => {
    const a = new LatencyHistogram();
    [0.001, 0.05, 0.127, -3].forEach((v) => a.record(v));
    expect(a.quantile(0.25)).toBe(0);
    expect(a.quantile(0.5)).toBe(0.001);
    expect(a.quantile(1)).toBe(0.127);
    const b = new LatencyHistogram();
    b.record(40 * 60 * 1000); // beyond the top: clamped, not lost
    a.add(b);
    expect(a.count).toBe(5);
    expect(a.percentiles()!.max).toBeGreaterThan(2_000_000);
    expect(new LatencyHistogram().percentiles()).toBeNull();
  });
});

describe('SeqTracker', () => {
  it('counts first arrivals, duplicates and numbers never sent', () => {
    const t = new SeqTracker();
    expect([t.mark(0, 10), t.mark(9, 10), t.mark(0, 10), t.mark(10, 10), t.mark(-1, 10), t.mark(NaN, 10)]).toEqual([true, true, false, false, false, false]);
    expect({ distinct: t.distinct, duplicated: t.duplicated, invalid: t.invalid }).toEqual({ distinct: 2, duplicated: 1, invalid: 3 });
  });

  it('grows for a million sequence numbers', () => {
    const t = new SeqTracker();
    for (let i = 999_999; i >= 0; i -= 3) t.mark(i, 1_000_000);
    expect(t.distinct).toBe(333_334);
  });
});

describe('LoadPacer', () => {
  it('sends exactly rate × duration messages, on schedule, and reports its lateness', async () => {
    const sentAt: number[] = [];
    const pacer = new LoadPacer({ rate: 2000, durationMs: 500, maxInFlight: 1000 }, () => sentAt.push(performance.now()), () => 0);
    const started = performance.now();
    await pacer.run();
    expect(pacer.sent).toBe(1000);
    expect(pacer.notSent).toBe(0);
    // Message k is never sent before it is due.
    sentAt.forEach((t, k) => expect(t - started).toBeGreaterThanOrEqual(k * 0.5 - 0.01));
    const late = pacer.late.percentiles()!;
    expect(pacer.late.count).toBe(1000);
    expect(late.p50).toBeGreaterThanOrEqual(0);
  });

  it('waits when too many sends are unsettled and goes on when woken', async () => {
    let inFlight = 0;
    const pacer: LoadPacer = new LoadPacer({ rate: 0, durationMs: 300, maxInFlight: 5 }, () => {
      inFlight++;
      setTimeout(() => {
        inFlight--;
        pacer.wakeUp();
      }, 10);
    }, () => inFlight);
    await pacer.run();
    expect(pacer.sent).toBeGreaterThan(20);
    // At most 5 at a time, each 10 ms: no more than 5 per 10 ms could have gone.
    expect(pacer.sent).toBeLessThanOrEqual(5 * (300 / 10) + 5);
  });

  it('stops at once when stopped, and says how many were due but not sent', async () => {
    const pacer = new LoadPacer({ rate: 1000, durationMs: 10_000, maxInFlight: 100 }, () => undefined, () => 0);
    setTimeout(() => pacer.stop(), 100);
    await pacer.run();
    expect(pacer.sent).toBeGreaterThan(50);
    expect(pacer.sent).toBeLessThan(1000);
    expect(pacer.notSent).toBe(10_000 - pacer.sent);
  });

  it('a send that throws ends the run with that error', async () => {
    const pacer = new LoadPacer({ rate: 0, durationMs: 1000, maxInFlight: 10 }, (k) => {
      if (k === 3) throw new Error('payload script failed on message 3');
    }, () => 0);
    await expect(pacer.run()).rejects.toThrow('payload script failed on message 3');
  });
});

describe('load options', () => {
  const base: LoadOptions = { client: { uri: 'tcp://127.0.0.1:1' }, destination: '/queue/x', rate: 100, durationMs: 1000, size: 10, connections: 1, receipt: false };
  it.each([
    [{ rate: -1 }, 'rate', /the rate .* from 0 to 1,000,000, not -1/],
    [{ rate: 1.5 }, 'rate', /whole number/],
    [{ durationMs: 0 }, 'durationMs', /duration/],
    [{ size: 2 ** 40 }, 'size', /body size/],
    [{ connections: 0 }, 'connections', /connections/],
    [{ destination: '' }, 'destination', /destination is required/],
  ] as [Partial<LoadOptions>, string, RegExp][])('%j is refused, naming %s', (patch, field, message) => {
    try {
      checkLoadOptions({ ...base, ...patch });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(LoadOptionsError);
      expect((error as LoadOptionsError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
    }
  });
});
