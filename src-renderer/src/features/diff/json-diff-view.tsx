/** The bodies as JSON structures: each path added, removed or changed, with both values. */
import { useDiff } from '../../stores/diff-store';

export function JsonDiffView() {
  const json = useDiff((s) => s.json);
  if (!json) return null;
  if (json.kind === 'none') return <p className="muted">No JSON diff: {json.why}.</p>;
  const { diff } = json;
  if (diff.entries.length === 0) return <p className="tone-ok">The JSON documents are structurally the same.</p>;
  return (
    <div>
      <p>
        {diff.counts.changed} changed, {diff.counts.added} added, {diff.counts.removed} removed
        {diff.truncated ? ' (stopped early: only the first differences are listed)' : ''}.
      </p>
      <table className="diff-table" aria-label="JSON differences">
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Difference</th>
            <th scope="col">Left</th>
            <th scope="col">Right</th>
          </tr>
        </thead>
        <tbody>
          {diff.entries.map((e, i) => (
            <tr key={i} className={`diff-row-${e.kind}`}>
              <th scope="row" className="mono">
                {e.path}
              </th>
              <td>
                <span className={`diff-status diff-status-${e.kind}`}>{e.kind}</span>
              </td>
              <td className="mono diff-value">{e.left ?? <span className="muted">—</span>}</td>
              <td className="mono diff-value">{e.right ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
