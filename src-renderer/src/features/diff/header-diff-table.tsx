/** Headers side by side in the right side's wire order: each one same, changed, added or removed, and moved when its place changed. */
import { useState } from 'react';
import { useDiff } from '../../stores/diff-store';
import type { HeaderDiffRow } from './header-diff';

const WORDS: Record<HeaderDiffRow['status'], string> = { same: 'same', changed: 'changed', added: 'added', removed: 'removed' };

export function HeaderDiffTable() {
  const diff = useDiff((s) => s.headers);
  const sides = useDiff((s) => s.sides);
  const [showSame, setShowSame] = useState(true);
  if (!diff || !sides) return null;
  const rows = showSame ? diff.rows : diff.rows.filter((r) => r.status !== 'same' || r.moved);
  return (
    <div className="diff-headers">
      <label className="check">
        <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} /> Show unchanged headers
      </label>
      {sides.left.command !== sides.right.command ? (
        <p className="tone-warn">
          Command: {sides.left.command} against {sides.right.command}
        </p>
      ) : null}
      <table className="diff-table" aria-label="Header differences">
        <thead>
          <tr>
            <th scope="col">Header</th>
            <th scope="col">Left ({sides.left.label})</th>
            <th scope="col">Right ({sides.right.label})</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.name}\u0000${r.occurrence}`} className={`diff-row-${r.status}`}>
              <th scope="row" className="mono">
                {r.name}
                {r.occurrence > 1 ? <span className="muted"> (repeat {r.occurrence})</span> : null}
              </th>
              <td className="mono diff-value">{r.left ?? <span className="muted">—</span>}</td>
              <td className="mono diff-value">{r.right ?? <span className="muted">—</span>}</td>
              <td>
                <span className={`diff-status diff-status-${r.status}`}>{WORDS[r.status]}</span>
                {r.moved ? (
                  <span className="diff-status diff-status-moved">
                    moved {r.leftIndex} → {r.rightIndex}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">The headers are the same, in the same order.</p> : null}
    </div>
  );
}
