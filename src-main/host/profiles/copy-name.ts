/** The name of a duplicate: "<name> (copy)", then "(copy 2)"... so that copies stay apart in the list. */
import { LIMITS } from '../../../src-core/api';

export function copyName(name: string, taken: readonly string[]): string {
  const names = new Set(taken);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    // Cut the original rather than the suffix: the name must stay within the contract's limit.
    const candidate = `${name.slice(0, LIMITS.name - suffix.length)}${suffix}`;
    if (!names.has(candidate)) return candidate;
  }
}
