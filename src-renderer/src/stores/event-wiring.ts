/** Routes host events to the stores that own them. Started once, after the bridge is up. */
import { on } from '../api-client';
import { useCaptures } from './captures-store';
import { useConnections } from './connections-store';
import { useMessages } from './messages-store';
import { useProfiles } from './profiles-store';
import { useReceipts } from './receipts-store';
import { useSends } from './sends-store';
import { useSubscriptions } from './subscriptions-store';
import { useWire } from './wire-store';

export function wireEvents(): () => void {
  const stops = [
    on('connection.changed', ({ connection }) => {
      useConnections.getState().upsert(connection);
      useSubscriptions.getState().noteConnection(connection);
    }),
    on('connection.removed', ({ connectionId }) => {
      useConnections.getState().removed(connectionId);
      useWire.getState().forget(connectionId);
    }),
    on('profiles.changed', ({ profiles }) => useProfiles.getState().replace(profiles)),
    on('captures.changed', ({ captures }) => {
      useCaptures.getState().replace(captures);
      // A capture cleared (or gone) under the list: start it again from what the host has.
      const { captureId, filter, total } = useMessages.getState();
      const current = captures.find((c) => c.id === captureId);
      if (captureId && current && !filter && current.count < total) useMessages.getState().reload();
    }),
    on('messages.captured', (payload) => useMessages.getState().captured(payload)),
    on('wire.appended', (payload) => useWire.getState().appended(payload)),
    on('receipts.changed', ({ connectionId }) => useReceipts.getState().changed(connectionId)),
    on('broker.error', (payload) => useConnections.getState().brokerError(payload)),
    on('send.progress', (payload) => useSends.getState().progress(payload)),
  ];
  return () => stops.forEach((stop) => stop());
}
