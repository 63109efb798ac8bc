/** A collapsible JSON tree; clicking a key copies its path (e.g. $.order.items[2].sku). */
import { useState } from 'react';
import { MoreChildren, useChildLimit } from './tree-limit';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function JsonTree({ value, onCopyPath }: { value: unknown; onCopyPath(path: string): void }) {
  return (
    <ul className="json-tree mono" aria-label="Body as JSON">
      <JsonNode name="$" path="$" value={value as Json} depth={0} onCopyPath={onCopyPath} />
    </ul>
  );
}

function JsonNode({ name, path, value, depth, onCopyPath }: { name: string; path: string; value: Json; depth: number; onCopyPath(path: string): void }) {
  const container = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2);
  const [limit, more] = useChildLimit();
  const key = (
    <button type="button" className="json-key" onClick={() => onCopyPath(path)} title={`Copy path ${path}`} aria-label={`${name}: copy path ${path}`}>
      {name}
    </button>
  );
  if (!container) {
    return (
      <li className="json-leaf">
        {key}
        <span className="json-colon">: </span>
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <li className="json-branch">
      <button type="button" className="json-toggle" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${name}`} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {key}
      <span className="json-colon">: </span>
      <span className="muted">{summary}</span>
      {open ? (
        <ul>
          {entries.slice(0, limit).map(([k, v]) => (
            <JsonNode
              key={k}
              name={Array.isArray(value) ? `[${k}]` : k}
              path={Array.isArray(value) ? `${path}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`}
              value={v}
              depth={depth + 1}
              onCopyPath={onCopyPath}
            />
          ))}
          <MoreChildren shown={limit} total={entries.length} onMore={more} />
        </ul>
      ) : null}
    </li>
  );
}

function Scalar({ value }: { value: Json }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  return <span className="json-bool">{String(value)}</span>;
}
