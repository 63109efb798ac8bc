/**
 * Exporting a whole capture over the contract, as the UI's "Export NDJSON" does: page by page
 * with `captures.exportPage` where the host has it (the UI appends each page to a Blob), the
 * one-string `captures.export` otherwise (older hosts). Measured: time, bytes, lines, and the
 * host's RSS peak over what it was before (a paged export keeps it flat).
 */
import type { BenchApp } from './ui-bench-app';
import { RssSampler } from './ui-bench-probes';
import { MB, type Report } from './ui-bench-report';

export async function exportCapture(report: Report, app: BenchApp, captureId: string, total: number): Promise<void> {
  const rss = new RssSampler(app.pid, 100).start();
  const before = rss.samples[0].rss;
  const t0 = Date.now();
  let bytes = 0;
  let lines = 0;
  let how: string;
  let failure: string | undefined;
  try {
    let cursor: string | undefined;
    how = 'captures.exportPage, 4 MiB pages';
    for (;;) {
      let page;
      try {
        page = await app.api.call('captures.exportPage', cursor ? { captureId, cursor } : { captureId });
      } catch (error) {
        if (cursor || !/unknown method/i.test((error as Error).message)) throw error;
        how = 'captures.export (one string over the bridge)';
        const { ndjson } = await app.api.call('captures.export', { captureId });
        bytes = Buffer.byteLength(ndjson);
        lines = countLines(ndjson);
        break;
      }
      bytes += Buffer.byteLength(page.ndjson);
      lines += countLines(page.ndjson);
      if (page.done || !page.next) break;
      cursor = page.next;
    }
  } catch (error) {
    how = 'failed';
    failure = (error as Error).message.slice(0, 200);
  }
  const seconds = (Date.now() - t0) / 1000;
  const memory = rss.stop();
  report.add({
    what: `export of all (${how})`,
    value: failure ? NaN : seconds,
    unit: 's',
    note: failure ?? `${(bytes / MB).toFixed(0)} MB, ${lines.toLocaleString('en-US')} lines (${total.toLocaleString('en-US')} messages + header), ${(bytes / MB / seconds).toFixed(0)} MB/s`,
  });
  report.add({ what: 'export: host RSS peak over before', value: (memory.peak - before) / MB, unit: 'MB', target: 64, note: `before ${(before / MB).toFixed(0)} MB, peak ${(memory.peak / MB).toFixed(0)} MB` });
  report.add({ what: 'export: every message exported', value: failure ? 0 : lines - 1, unit: 'lines', target: total, atLeast: true });
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
