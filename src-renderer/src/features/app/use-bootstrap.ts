/** Connects the bridge, wires host events to the stores, and loads what the host already has. */
import { useEffect, useState } from 'react';
import { connectBridge } from '../../api-client';
import { errorText } from '../../lib/errors';
import { useCaptures } from '../../stores/captures-store';
import { useComposer } from '../../stores/composer-store';
import { useConnections } from '../../stores/connections-store';
import { wireEvents } from '../../stores/event-wiring';
import { useProfiles } from '../../stores/profiles-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { useWorkspace } from '../../stores/workspace-store';

export type BootState = { phase: 'starting' } | { phase: 'ready' } | { phase: 'failed'; message: string };

let stopEvents: (() => void) | undefined;

export function useBootstrap(): { state: BootState } {
  const [state, setState] = useState<BootState>({ phase: 'starting' });
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        await connectBridge();
        stopEvents ??= wireEvents();
        await Promise.all([
          useProfiles.getState().load(),
          useConnections.getState().load(),
          useCaptures.getState().load(),
          useComposer.getState().loadTemplates(),
        ]);
        const { order, byId } = useConnections.getState();
        for (const id of order) useSubscriptions.getState().noteConnection(byId[id]);
        if (!useWorkspace.getState().active && order.length) useWorkspace.getState().show({ kind: 'connection', id: order[order.length - 1] });
        if (live) setState({ phase: 'ready' });
      } catch (error) {
        if (live) setState({ phase: 'failed', message: errorText(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return { state };
}
