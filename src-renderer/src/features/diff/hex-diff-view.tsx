/**
 * The bodies byte by byte: where the first difference is, and each differing run with its offset
 * and length, drawn as the left and right rows around it (differing bytes marked). Runs are listed
 * a hundred at a time.
 */
import { useState } from 'react';
import { asciiOf } from '../../lib/bytes';
import { formatBytes } from '../../lib/format';
import { useDiff } from '../../stores/diff-store';
import type { DiffRun, RunContext } from './hex-diff';

const SHOWN = 100;

export function offsetText(offset: number): string {
  return `byte ${offset.toLocaleString()} (0x${offset.toString(16).padStart(8, '0')})`;
}

export function HexDiffView() {
  const hex = useDiff((s) => s.hex);
  const sides = useDiff((s) => s.sides);
  const [shown, setShown] = useState(SHOWN);
  if (!hex || !sides) return <p className="muted">Comparing the bytes…</p>;
  const longer = Math.max(hex.leftSize, hex.rightSize);
  return (
    <div className="diff-hex">
      <p>
        {hex.done ? `Compared all ${formatBytes(longer)}` : `Compared ${formatBytes(hex.compared)} of ${formatBytes(longer)}…`}
        {hex.firstDifference === undefined ? (hex.done ? ': the bodies are identical.' : '.') : `: first difference at ${offsetText(hex.firstDifference)}.`}
      </p>
      {hex.runCount > hex.runs.length ? <p className="muted">{hex.runCount.toLocaleString()} differing runs; the first {hex.runs.length.toLocaleString()} are listed.</p> : null}
      <ol className="diff-runs" aria-label="Differing bytes">
        {hex.runs.slice(0, shown).map((run) => (
          <li key={run.offset} className="diff-run">
            <p className="diff-run-head">
              <strong>{runText(run)}</strong>
              {run.onlyIn ? <span className="muted"> only the {run.onlyIn} body has these bytes</span> : null}
            </p>
            {hex.contexts.get(run.offset) ? <RunRows context={hex.contexts.get(run.offset)!} run={run} /> : null}
          </li>
        ))}
      </ol>
      {hex.runs.length > shown ? (
        <button type="button" className="small" onClick={() => setShown(shown + SHOWN)}>
          Show {Math.min(SHOWN, hex.runs.length - shown)} more runs
        </button>
      ) : null}
    </div>
  );
}

function runText(run: DiffRun): string {
  const end = run.offset + run.length - 1;
  return run.length === 1 ? `${offsetText(run.offset)}, 1 byte` : `bytes ${run.offset.toLocaleString()}–${end.toLocaleString()} (0x${run.offset.toString(16).padStart(8, '0')}), ${run.length.toLocaleString()} bytes`;
}

function RunRows({ context, run }: { context: RunContext; run: DiffRun }) {
  const rows: number[] = [];
  for (let at = 0; at < Math.max(context.left.length, context.right.length); at += 16) rows.push(at);
  return (
    <div className="diff-hex-rows mono">
      {rows.map((at) => (
        <div key={at}>
          <HexRow label="L" offset={context.start + at} bytes={context.left.subarray(at, at + 16)} other={context.right.subarray(at, at + 16)} run={run} />
          <HexRow label="R" offset={context.start + at} bytes={context.right.subarray(at, at + 16)} other={context.left.subarray(at, at + 16)} run={run} />
        </div>
      ))}
    </div>
  );
}

function HexRow({ label, offset, bytes, other, run }: { label: string; offset: number; bytes: Uint8Array; other: Uint8Array; run: DiffRun }) {
  const cells = Array.from(bytes, (b, i) => ({ b, differs: b !== other[i], at: offset + i }));
  return (
    <div className="diff-hex-row">
      <span className="diff-hex-side">
        <span aria-hidden="true">{label}</span>
        <span className="sr-only">{label === 'L' ? 'left' : 'right'}</span>
      </span>
      <span className="diff-hex-offset">{offset.toString(16).padStart(8, '0')}</span>
      <span className="diff-hex-bytes">
        {cells.map((c) => (
          <span key={c.at} className={c.differs ? 'diff-byte is-diff' : 'diff-byte'} title={c.differs ? `byte ${c.at}` : undefined}>
            {c.b.toString(16).padStart(2, '0')}
          </span>
        ))}
      </span>
      <span className="diff-hex-ascii">
        {cells.map((c) => (
          <span key={c.at} className={c.differs ? 'is-diff' : undefined}>
            {asciiOf(c.b)}
          </span>
        ))}
      </span>
    </div>
  );
}
