/**
 * A flood: the outside producer publishes R msg/s of B bytes for S seconds to a queue the app is
 * subscribed to (ack auto), and, first, to a queue the bare client consumes: the baseline for the
 * host's CPU and memory. Then, on everything captured: a filter, a scroll to the top and down, and
 * an export, each measured.
 */
/** Code inside page.evaluate runs in the tab; Node's type-check has no DOM. */
declare const document: { querySelector(s: string): { textContent: string | null } | null; getElementById(id: string): { textContent: string | null } | null };
import type { Page } from '@playwright/test';
import { median } from './bench-stats';
import { openBrowser, openConnectedPage, Peer, startApp, subscribeAuto, uiCount, waitForCount, type BenchApp } from './ui-bench-app';
import { exportCapture } from './ui-bench-export';
import { processCpuSeconds, readTab, resetTab, RssSampler, tabHeapBytes } from './ui-bench-probes';
import { MB, type Report } from './ui-bench-report';

export interface FloodOptions {
  readonly rate: number;
  readonly seconds: number;
  readonly size: number;
  readonly baseline: boolean;
  readonly filter: boolean;
  readonly scroll: boolean;
  readonly export: boolean;
  /** The host's RSS at the end must stay under this (the million-message case). */
  readonly rssTargetMb?: number;
  /** Print RSS beside the capture's own accounting every this many seconds (the soak). */
  readonly rssEverySeconds?: number;
}

export interface BareFigures {
  readonly cpuPer100k: number;
  readonly rss: number;
  readonly catchUpMs: number;
}

export async function bareClient(queue: string, o: FloodOptions): Promise<BareFigures> {
  const total = Math.round(o.rate * o.seconds);
  const consumer = Peer.start(['consume', queue, '--count', String(total)]);
  let producer: Peer | undefined;
  try {
    await consumer.waitFor('ready', 30_000);
    producer = Peer.start(['produce', queue, '--rate', String(o.rate), '--seconds', String(o.seconds), '--size', String(o.size)]);
    const done = await producer.waitFor<{ at: number }>('done', (o.seconds + 300) * 1000);
    const result = await consumer.waitFor<{ received: number; dropped?: boolean; lastAt: number; cpuSeconds: number; rssBytes: number }>('done', 600_000);
    if (result.dropped) console.log(`  (the broker dropped the bare client after ${result.received.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} messages)`);
    return { cpuPer100k: (result.cpuSeconds / Math.max(1, result.received)) * 100_000, rss: result.rssBytes, catchUpMs: Math.max(0, result.lastAt - done.at) };
  } finally {
    consumer.kill();
    producer?.kill();
  }
}

export async function flood(report: Report, queue: string, o: FloodOptions, bare?: BareFigures): Promise<void> {
  const total = Math.round(o.rate * o.seconds);
  const app = await startApp();
  const browser = await openBrowser();
  let producer: Peer | undefined;
  try {
    const page = await openConnectedPage(browser, app);
    await subscribeAuto(page, queue);
    const cdp = await page.context().newCDPSession(page);
    const heap0 = await tabHeapBytes(cdp);
    const rss0 = (await new RssSampler(app.pid).start()).stop().last;
    const since = await resetTab(page);
    const cpu0 = processCpuSeconds(app.pid);
    const rss = new RssSampler(app.pid, 500).start();
    const soak = o.rssEverySeconds ? soakPrinter(app, o.rssEverySeconds) : undefined;
    producer = Peer.start(['produce', queue, '--rate', String(o.rate), '--seconds', String(o.seconds), '--size', String(o.size)]);
    const done = await producer.waitFor<{ at: number; seconds: number }>('done', (o.seconds + 300) * 1000);
    let catchUpMs: number;
    try {
      await waitForCount(page, total, 600_000);
      catchUpMs = Date.now() - done.at;
    } catch {
      catchUpMs = NaN;
      report.add({ what: 'UI count when giving up', value: await uiCount(page), unit: 'msgs', target: total, atLeast: true });
    }
    const cpu = processCpuSeconds(app.pid) - cpu0;
    const tab = await readTab(page, since);
    const memory = rss.stop();
    const soakSamples = soak?.stop();
    const capture = (await app.api.call('captures.list', {})).captures.find((c) => c.destination === queue);
    const stats = capture ? { count: capture.count, inMemory: capture.bytesInMemory, onDisk: capture.bytesOnDisk } : undefined;

    // A drop with ack auto loses what was in flight: the run says whether one happened.
    const { connections } = await app.api.call('connections.list', {});
    const drops = connections.flatMap((c) => (c as { history?: { kind: string; text: string }[] }).history?.filter((h) => h.kind === 'dropped') ?? []);
    if (connections.some((c) => 'history' in c)) {
      report.add({ what: 'connection drops during the run', value: drops.length, unit: '', target: 0, over: 'worst', note: drops.map((d) => d.text).join('; ').slice(0, 200) || undefined });
    }
    report.add({ what: 'producer rate achieved', value: total / done.seconds, unit: 'msg/s', target: o.rate * 0.95, atLeast: true });
    report.add({ what: 'messages captured', value: stats?.count ?? NaN, unit: 'msgs', target: total, atLeast: true });
    report.add({ what: 'UI caught up after the producer stopped', value: catchUpMs / 1000, unit: 's', target: 2, over: 'worst', baseline: bare ? bare.catchUpMs / 1000 : undefined });
    report.add({ what: 'frame interval p95', value: tab.frameP95, unit: 'ms', target: 34, note: `p50 ${tab.frameP50.toFixed(1)} ms, max ${Math.round(tab.frameMax)} ms, ${tab.frames} frames in ${tab.seconds.toFixed(0)} s` });
    report.add({ what: 'longest task', value: tab.longTaskMaxMs, unit: 'ms', target: 100, over: 'worst', note: `${tab.longTasks} long tasks, ${(tab.longTaskTotalMs / 1000).toFixed(2)} s in all` });
    report.add({ what: 'host CPU per 100k messages', value: (cpu / total) * 100_000, unit: 'CPU-s', target: bare ? bare.cpuPer100k * 2 : undefined, baseline: bare?.cpuPer100k });
    report.add({
      what: 'host RSS at the end (peak)',
      value: memory.last / MB,
      unit: 'MB',
      target: o.rssTargetMb,
      baseline: bare ? bare.rss / MB : undefined,
      note: `peak ${Math.round(memory.peak / MB)} MB, ${Math.round(rss0 / MB)} MB before`,
    });
    if (stats) report.add({ what: 'capture: in memory / on disk', value: stats.inMemory / MB, unit: 'MB', note: `${(stats.onDisk / MB).toFixed(0)} MB spilled to disk` });
    if (soakSamples) reportSoak(report, soakSamples);
    report.add({ what: 'tab JS heap after GC', value: (await tabHeapBytes(cdp)) / MB, unit: 'MB', note: `${(heap0 / MB).toFixed(1)} MB before` });

    if (o.filter) await measureFilter(report, page, total);
    if (o.scroll) await measureScroll(report, page);
    if (o.export && capture) await exportCapture(report, app, capture.id, total);
  } finally {
    producer?.kill();
    await browser.close();
    await app.stopAll();
  }
}

/** Filters for one message by its number, three times: the time until "1 match" shows. */
async function measureFilter(report: Report, page: Page, total: number): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Filter messages' });
  const times: number[] = [];
  const since = await resetTab(page);
  for (const fraction of [0.1, 0.5, 0.9]) {
    const seq = Math.floor(total * fraction);
    await box.fill(`m-${String(seq).padStart(8, '0')}-`);
    const t0 = Date.now();
    await box.press('Enter');
    await waitForCount(page, 1, 120_000, 'matches');
    times.push(Date.now() - t0);
    await box.fill('');
    await box.press('Enter');
    await waitForCount(page, total, 120_000);
  }
  const tab = await readTab(page, since);
  report.add({ what: `filter over all ${total.toLocaleString('en-US')} (median of 3)`, value: median(times) / 1000, unit: 's', target: 1, note: `runs ${times.map((t) => (t / 1000).toFixed(2)).join(' / ')} s` });
  report.add({ what: 'longest task while filtering', value: tab.longTaskMaxMs, unit: 'ms', target: 100, note: `${tab.longTasks} long tasks` });
}

/** Jumps to the first message (Home), then pages down 30 times: rows must load, the tab stay smooth. */
async function measureScroll(report: Report, page: Page): Promise<void> {
  const grid = page.getByRole('grid', { name: 'Messages' });
  await grid.focus();
  const since = await resetTab(page);
  const t0 = Date.now();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.getElementById('msg-row-0')?.textContent?.includes('m-00000000-') ?? false, undefined, { polling: 50, timeout: 60_000 });
  const firstRowMs = Date.now() - t0;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(30);
  }
  await page.mouse.move(700, 500);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(30);
  }
  const tab = await readTab(page, since);
  report.add({ what: 'scroll: Home shows the first message in', value: firstRowMs / 1000, unit: 's', target: 1 });
  report.add({ what: 'scroll: frame interval p95', value: tab.frameP95, unit: 'ms', target: 34 });
  report.add({ what: 'scroll: longest task', value: tab.longTaskMaxMs, unit: 'ms', target: 100, note: `${tab.longTasks} long tasks` });
}

interface SoakSample {
  readonly seconds: number;
  readonly rss: number;
  readonly held: number;
}

/** The soak's memory line every few seconds: RSS beside what the capture says it holds. */
function soakPrinter(app: BenchApp, everySeconds: number): { stop(): SoakSample[] } {
  const t0 = Date.now();
  const samples: SoakSample[] = [];
  const timer = setInterval(() => {
    void app.api.call('captures.list', {}).then(({ captures }) => {
      const held = captures.reduce((a, c) => a + c.bytesInMemory, 0);
      const count = captures.reduce((a, c) => a + c.count, 0);
      const rss = new RssSampler(app.pid).start().stop().last;
      samples.push({ seconds: (Date.now() - t0) / 1000, rss, held });
      console.log(
        `    t=${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s  ${count.toLocaleString('en-US').padStart(10)} msgs  RSS ${(rss / MB).toFixed(0).padStart(4)} MB  capture in memory ${(held / MB).toFixed(0).padStart(4)} MB  RSS − capture ${((rss - held) / MB).toFixed(0).padStart(4)} MB`,
      );
    });
  }, everySeconds * 1000);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

/** Memory beyond the capture's own accounting, from the second minute to the end: flat means ~0. */
function reportSoak(report: Report, samples: readonly SoakSample[]): void {
  const settled = samples.filter((s) => s.seconds >= 120);
  if (settled.length < 2) return;
  const first = settled[0];
  const last = settled[settled.length - 1];
  const growth = (last.rss - last.held - (first.rss - first.held)) / MB;
  report.add({
    what: 'soak: RSS beyond the capture, growth',
    value: growth,
    unit: 'MB',
    target: 32,
    note: `${((first.rss - first.held) / MB).toFixed(0)} MB at ${first.seconds.toFixed(0)} s → ${((last.rss - last.held) / MB).toFixed(0)} MB at ${last.seconds.toFixed(0)} s; RSS ${(first.rss / MB).toFixed(0)} → ${(last.rss / MB).toFixed(0)} MB`,
  });
}
