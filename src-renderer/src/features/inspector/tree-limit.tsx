/** A tree node lists its first children, then more on request: a node with 100,000 children stays quick to open. */
import { useState } from 'react';

/** Children shown when a node opens, and five times that more per click. */
export const CHILD_LIMIT = 200;

export function useChildLimit(): [number, () => void] {
  const [limit, setLimit] = useState(CHILD_LIMIT);
  return [limit, () => setLimit((l) => l + CHILD_LIMIT * 5)];
}

/** The "show N more of M" item after the children shown, when some are not. */
export function MoreChildren({ shown, total, onMore }: { shown: number; total: number; onMore(): void }) {
  if (total <= shown) return null;
  return (
    <li>
      <button type="button" className="link" onClick={onMore}>
        show {Math.min(CHILD_LIMIT * 5, total - shown)} more of {total - shown}
      </button>
    </li>
  );
}
