/**
 * What the UI benchmark measures, outside and inside the tab:
 *   - the host process: RSS and CPU seconds from /proc, sampled on a timer for peaks;
 *   - the tab: frame intervals (requestAnimationFrame) and long tasks (PerformanceObserver
 *     `longtask`), recorded by a script installed before the app's own, and its JS heap through
 *     the DevTools protocol after a collection.
 */
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';

/** Code inside page.evaluate runs in the tab; Node's type-check has no DOM. */
declare const window: unknown;

/** sysconf(_SC_CLK_TCK) is 100 on every Linux Node runs on. */
const CLOCK_TICKS = 100;

export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** RSS sampled every `everyMs` while running: the peak, the last value, and the series. */
export class RssSampler {
  readonly samples: { at: number; rss: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 250,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  stop(): { peak: number; last: number } {
    clearInterval(this.timer);
    this.sample();
    return { peak: Math.max(...this.samples.map((s) => s.rss)), last: this.samples[this.samples.length - 1].rss };
  }

  private sample(): void {
    try {
      this.samples.push({ at: Date.now(), rss: processRssBytes(this.pid) });
    } catch {
      // the process is gone; the caller finds out otherwise
    }
  }
}

/** Installed before the app's scripts: every frame interval and long task from then on. */
const PAGE_PROBE = `
(() => {
  const b = (window.__bench = { frames: [], longtasks: [], last: 0 });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const tick = (t) => {
    const s = window.__bench;
    if (s.last) s.frames.push(t - s.last);
    s.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
`;

export interface TabFigures {
  readonly seconds: number;
  readonly frames: number;
  readonly frameP50: number;
  readonly frameP95: number;
  readonly frameMax: number;
  readonly longTasks: number;
  readonly longTaskTotalMs: number;
  readonly longTaskMaxMs: number;
}

export async function installPageProbe(page: Page): Promise<void> {
  await page.addInitScript(PAGE_PROBE);
}

/** Starts a new recording window (what came before is dropped). */
export async function resetTab(page: Page): Promise<number> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; longtasks: number[][]; last: number } }).__bench;
    b.frames = [];
    b.longtasks = [];
    b.last = 0;
    return performance.now();
  });
}

export async function readTab(page: Page, since: number): Promise<TabFigures> {
  const { frames, longtasks, now } = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; longtasks: number[][] } }).__bench;
    return { frames: b.frames, longtasks: b.longtasks, now: performance.now() };
  });
  const tasks = longtasks.filter(([start]) => start >= since - 1).map(([, duration]) => duration);
  return {
    seconds: (now - since) / 1000,
    frames: frames.length,
    frameP50: percentile(frames, 0.5),
    frameP95: percentile(frames, 0.95),
    frameMax: frames.length ? Math.max(...frames) : NaN,
    longTasks: tasks.length,
    longTaskTotalMs: tasks.reduce((a, b) => a + b, 0),
    longTaskMaxMs: tasks.length ? Math.max(...tasks) : 0,
  };
}

/** The tab's JS heap after a full collection, in bytes. */
export async function tabHeapBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
