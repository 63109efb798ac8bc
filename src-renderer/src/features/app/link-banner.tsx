/** Browser mode: when the link to the host drops, say so (requests wait until it is back). */
import { useEffect, useState } from 'react';
import { linkState, onLinkState } from '../../api-client';
import type { BridgeState } from '../../bridge';

export function LinkBanner() {
  const [state, setState] = useState<BridgeState>(() => linkState());
  useEffect(() => onLinkState(setState), []);
  if (state.status === 'open' || state.status === 'connecting') return null;
  return (
    <div className="link-banner" role="alert">
      {state.status === 'reconnecting'
        ? `Lost the link to the STOMP Explorer host; reconnecting${state.attempt ? ` (attempt ${state.attempt})` : ''}… Actions wait until it is back.`
        : `The link to the STOMP Explorer host is closed${state.error ? `: ${state.error.message}` : ''}. Reload the page to reconnect.`}
    </div>
  );
}
