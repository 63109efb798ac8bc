/**
 * Counts the nodes a decoder builds. Past the limit a decoder still walks the rest of the body
 * (so errors and ranges stay honest) but summarises what it skips as one `more` node.
 */
import type { DecodeLimits, TreeNode } from './tree';

export class NodeBudget {
  built = 0;
  skipped = 0;

  constructor(readonly limits: DecodeLimits) {}

  /** True while another node may be built. */
  take(): boolean {
    if (this.built >= this.limits.maxNodes) {
      this.skipped++;
      return false;
    }
    this.built++;
    return true;
  }

  /** The `more` node closing a container whose last `count` children were left out. */
  static more(path: string, count: number, start: number | undefined, end: number | undefined): TreeNode {
    return {
      path,
      kind: 'more',
      count,
      note: `${count} more not shown (node limit reached)`,
      ...(start !== undefined && end !== undefined ? { range: { start, end } } : { noRange: 'not tracked past the node limit' }),
    };
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes as spaced hex for display, cut after `max` bytes. */
export function hexPreview(bytes: Uint8Array, max: number): { value: string; truncated: boolean } {
  const shown = bytes.length > max ? bytes.subarray(0, max) : bytes;
  let out = '';
  for (let i = 0; i < shown.length; i++) out += (i ? ' ' : '') + HEX[shown[i]];
  return { value: out, truncated: bytes.length > max };
}
