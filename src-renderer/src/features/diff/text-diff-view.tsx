/** The bodies as text, line by line (jsdiff): removed lines marked −, added +, the rest as context. */
import { useDiff, TEXT_BYTES } from '../../stores/diff-store';

/** Lines drawn at most: a diff of two large texts is read in the hex view, not scrolled here. */
const MAX_LINES = 3000;

export function TextDiffView() {
  const text = useDiff((s) => s.text);
  if (!text) return <p className="muted">Comparing the texts…</p>;
  if (text.kind === 'none') return <p className="muted">No text diff: {text.why}.</p>;
  const lines: { sign: '+' | '−' | ' '; text: string; kind: string }[] = [];
  for (const change of text.changes) {
    const sign = change.added ? '+' : change.removed ? '−' : ' ';
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const parts = change.value.endsWith('\n') ? change.value.slice(0, -1).split('\n') : change.value.split('\n');
    for (const part of parts) {
      if (lines.length >= MAX_LINES) break;
      lines.push({ sign, text: part, kind });
    }
  }
  const changed = text.changes.some((c) => c.added || c.removed);
  return (
    <div>
      {text.cut ? <p className="muted">Compared as text: the first {TEXT_BYTES / 1024} KiB of each body.</p> : null}
      {!changed ? <p className="tone-ok">The texts are the same.</p> : null}
      <pre className="mono diff-text" role="region" aria-label="Text differences" tabIndex={0}>
        {lines.map((l, i) => (
          <span key={i} className={`diff-line diff-line-${l.kind}`}>
            <span className="diff-sign" aria-hidden="true">
              {l.sign}
            </span>
            {l.kind === 'same' ? null : <span className="sr-only">{l.kind}: </span>}
            {l.text}
            {'\n'}
          </span>
        ))}
      </pre>
      {lines.length >= MAX_LINES ? <p className="muted">Only the first {MAX_LINES} lines are shown.</p> : null}
    </div>
  );
}
