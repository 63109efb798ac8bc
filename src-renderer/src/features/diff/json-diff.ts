/**
 * Two JSON values compared by structure: every path added, removed or changed (a changed type
 * counts as changed), arrays index by index. Bounded: at most MAX_ENTRIES entries listed and
 * MAX_NODES values visited, beyond which it says it stopped.
 */

export interface JsonDiffEntry {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** Short renderings of the values (a container says what it holds). */
  readonly left?: string;
  readonly right?: string;
}

export interface JsonDiff {
  readonly entries: readonly JsonDiffEntry[];
  /** Entries found beyond those listed, or the walk stopped at its node budget. */
  readonly truncated: boolean;
  readonly counts: { readonly added: number; readonly removed: number; readonly changed: number };
}

const MAX_ENTRIES = 1000;
const MAX_NODES = 200_000;
const SHOWN = 80;

export function diffJson(left: unknown, right: unknown): JsonDiff {
  const entries: JsonDiffEntry[] = [];
  const counts = { added: 0, removed: 0, changed: 0 };
  let nodes = 0;
  let truncated = false;
  const push = (entry: JsonDiffEntry) => {
    counts[entry.kind]++;
    if (entries.length < MAX_ENTRIES) entries.push(entry);
    else truncated = true;
  };
  // An explicit stack: deep documents must not overflow the call stack.
  // Items are pairs to compare or entries already found, so entries come out in document order.
  const stack: ([unknown, unknown, string] | JsonDiffEntry)[] = [[left, right, '$']];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (!Array.isArray(item)) {
      push(item);
      continue;
    }
    const [a, b, path] = item;
    if (++nodes > MAX_NODES) {
      truncated = true;
      break;
    }
    const ta = typeOf(a);
    const tb = typeOf(b);
    if (ta !== tb) {
      push({ path, kind: 'changed', left: render(a), right: render(b) });
    } else if (ta === 'object') {
      const oa = a as Record<string, unknown>;
      const ob = b as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(oa), ...Object.keys(ob)])];
      // Pushed in reverse so entries come out in key order.
      for (const key of keys.reverse()) {
        const sub = childPath(path, key);
        if (!(key in ob)) stack.push({ path: sub, kind: 'removed', left: render(oa[key]) });
        else if (!(key in oa)) stack.push({ path: sub, kind: 'added', right: render(ob[key]) });
        else stack.push([oa[key], ob[key], sub]);
      }
    } else if (ta === 'array') {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = Math.max(xa.length, xb.length) - 1; i >= 0; i--) {
        const sub = `${path}[${i}]`;
        if (i >= xb.length) stack.push({ path: sub, kind: 'removed', left: render(xa[i]) });
        else if (i >= xa.length) stack.push({ path: sub, kind: 'added', right: render(xb[i]) });
        else stack.push([xa[i], xb[i], sub]);
      }
    } else if (a !== b) {
      push({ path, kind: 'changed', left: render(a), right: render(b) });
    }
  }
  return { entries, truncated, counts };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function childPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function render(value: unknown): string {
  const type = typeOf(value);
  if (type === 'object') return `{…} (${Object.keys(value as object).length} keys)`;
  if (type === 'array') return `[…] (${(value as unknown[]).length} items)`;
  const text = JSON.stringify(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}
