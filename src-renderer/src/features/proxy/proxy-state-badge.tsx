/** A proxy's state as a dot and a word (never colour alone), like a connection's. */
import type { ProxyView } from '../../../../src-core/api';

const WORDS: Record<ProxyView['state'], string> = { stopped: 'stopped', starting: 'starting', running: 'running', failed: 'failed' };

export function ProxyStateBadge({ state, id }: { state: ProxyView['state']; id?: string }) {
  return (
    <span className={`state proxy-state proxy-state-${state} state-compact`} id={id}>
      <span className="state-dot" aria-hidden="true" />
      <span className="state-word">{WORDS[state]}</span>
    </span>
  );
}
