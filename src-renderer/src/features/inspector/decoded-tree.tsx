/**
 * A decoded body's tree (protobuf, Avro, MessagePack, CBOR), like the JSON tree, where selecting a
 * node marks its bytes in the hex view beside it. Each node says its type, and its byte range or
 * why it has none.
 */
import { useState } from 'react';
import type { TreeNodeView } from '../../../../src-core/api';
import { MoreChildren, useChildLimit } from './tree-limit';

export function DecodedTree({ root, selected, onSelect }: { root: TreeNodeView; selected: string | undefined; onSelect(node: TreeNodeView): void }) {
  return (
    <ul className="decoded-tree mono" role="tree" aria-label="Decoded body">
      <TreeItem node={root} name={root.type ?? 'value'} depth={0} selected={selected} onSelect={onSelect} />
    </ul>
  );
}

function TreeItem({ node, name, depth, selected, onSelect }: { node: TreeNodeView; name: string; depth: number; selected: string | undefined; onSelect(node: TreeNodeView): void }) {
  const children = node.children ?? [];
  const branch = children.length > 0;
  const [open, setOpen] = useState(depth < 3);
  const [limit, more] = useChildLimit();
  const isSelected = selected === node.path && node.kind !== 'more';
  return (
    <li role="treeitem" aria-expanded={branch ? open : undefined} aria-selected={isSelected} className={`decoded-item${isSelected ? ' is-selected' : ''}`}>
      {branch ? (
        <button type="button" className="json-toggle" aria-label={`${open ? 'Collapse' : 'Expand'} ${name}`} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
      ) : null}
      {/* The button's text is its accessible name: key and value (or size); type and note follow it. */}
      <button type="button" className="decoded-node" title={rangeText(node)} onClick={() => onSelect(node)}>
        <span className="json-key">{name}</span>
        {node.value !== undefined ? (
          <>
            <span className="json-colon">: </span>
            <span className={`decoded-${node.kind}`}>{display(node)}</span>
            {node.truncated ? <span className="muted"> …</span> : null}
          </>
        ) : branch ? (
          <span className="muted"> {node.kind === 'array' ? `[${node.count ?? children.length}]` : `{${node.count ?? children.length}}`}</span>
        ) : null}
      </button>
      {node.type && depth > 0 ? <span className="decoded-type"> {node.type}</span> : null}
      {node.note ? <span className="decoded-note"> · {node.note}</span> : null}
      {branch && open ? (
        <ul role="group">
          {children.slice(0, limit).map((child, i) => (
            <TreeItem key={`${child.path}#${i}`} node={child} name={nameOf(child)} depth={depth + 1} selected={selected} onSelect={onSelect} />
          ))}
          <MoreChildren shown={limit} total={children.length} onMore={more} />
        </ul>
      ) : null}
    </li>
  );
}

function nameOf(node: TreeNodeView): string {
  if (node.kind === 'more') return `… ${node.count ?? ''} more`;
  if (typeof node.key === 'number') return `[${node.key}]`;
  return node.key ?? '';
}

function display(node: TreeNodeView): string {
  if (node.kind === 'string' || node.kind === 'enum') return typeof node.value === 'string' && node.kind === 'string' ? JSON.stringify(node.value) : String(node.value);
  return String(node.value);
}

export function rangeText(node: TreeNodeView): string {
  if (!node.range) return node.noRange ? `no byte range: ${node.noRange}` : 'no byte range';
  const { start, end } = node.range;
  return `bytes ${start}–${end - 1} (${end - start} byte${end - start === 1 ? '' : 's'})${node.valueRange && (node.valueRange.start !== start || node.valueRange.end !== end) ? `, value ${node.valueRange.start}–${node.valueRange.end - 1}` : ''}`;
}
