/** A decoded scalar (from @msgpack/msgpack or cbor-x) as a tree node's kind and display value. */
import { hexPreview } from './node-budget';
import type { TreeNode } from './tree';

export function leafFields(value: unknown, maxBytesShown: number, floatHint: boolean): Pick<TreeNode, 'kind' | 'value' | 'truncated' | 'note'> {
  if (value === null || value === undefined) return { kind: 'null', value: null, ...(value === undefined ? { note: 'undefined' } : {}) };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'bigint') return { kind: 'integer', value: value.toString() };
  if (typeof value === 'number') {
    const shown = Number.isFinite(value) ? value : String(value);
    return { kind: floatHint || !Number.isInteger(value) ? 'float' : 'integer', value: shown };
  }
  if (value instanceof Uint8Array) {
    const { value: hex, truncated } = hexPreview(value, maxBytesShown);
    return { kind: 'bytes', value: hex, truncated, note: `${value.length} bytes` };
  }
  if (value instanceof Date) return { kind: 'string', value: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString(), note: 'a date' };
  return { kind: 'string', value: String(value) };
}
