/** A connection state as a coloured dot plus a word: never colour alone. */
import type { ConnectionState } from '../../../src-core/api';

const WORDS: Record<ConnectionState | 'idle', string> = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnecting: 'disconnecting',
  disconnected: 'disconnected',
  failed: 'failed',
  idle: 'idle',
};

export function stateWord(state: ConnectionState | 'idle'): string {
  return WORDS[state];
}

export function StateBadge({ state, id, compact }: { state: ConnectionState | 'idle'; id?: string; compact?: boolean }) {
  const word = WORDS[state];
  return (
    <span className={`state state-${state}${compact ? ' state-compact' : ''}`} id={id}>
      <span className="state-dot" aria-hidden="true" />
      <span className="state-word">{compact ? word : word[0].toUpperCase() + word.slice(1)}</span>
    </span>
  );
}
