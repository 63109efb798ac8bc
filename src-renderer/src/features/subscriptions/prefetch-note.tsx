/**
 * Why a subscription may have gone quiet: the broker stops delivering once `prefetch` messages wait
 * for an ack, so a list that stopped at 100 is the broker waiting, not an empty queue. Says so
 * (N unacked of prefetch P) and offers to ack them all, after a confirmation: acking takes the
 * messages off the broker for good.
 */
import { useState } from 'react';
import type { SubscriptionView } from '../../../../src-core/api';
import { request } from '../../api-client';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useMessages } from '../../stores/messages-store';

export function PrefetchNote({ connectionId, sub, rate }: { connectionId: string; sub: SubscriptionView; rate: number }) {
  const [confirm, setConfirm] = useState(false);
  const [note, setNote] = useState<string>();
  if (sub.ack === 'auto' || sub.unacked === 0) return note ? <p className="sub-note tone-ok">{note}</p> : null;
  const atLimit = sub.prefetch !== undefined && sub.unacked >= sub.prefetch;
  const stalled = atLimit || (sub.prefetch === undefined && rate === 0);
  const waitingText = atLimit
    ? `The broker is waiting for acks: ${sub.unacked.toLocaleString()} unacked of prefetch ${sub.prefetch!.toLocaleString()}. No more messages come until some are acked.`
    : `${sub.unacked.toLocaleString()} unacked${sub.prefetch !== undefined ? ` of prefetch ${sub.prefetch.toLocaleString()}` : ''}.`;
  return (
    <div className={`sub-note${atLimit ? ' is-warn' : ''}`} role={atLimit ? 'status' : undefined}>
      <span>{waitingText}</span>{' '}
      {stalled || sub.unacked > 0 ? (
        <button type="button" className="small" onClick={() => setConfirm(true)} aria-label={`Ack all ${sub.unacked} unacked on ${sub.destination}`}>
          Ack all {sub.unacked.toLocaleString()}
        </button>
      ) : null}
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Ack all ${sub.unacked.toLocaleString()} unacked ${sub.unacked === 1 ? 'message' : 'messages'} on ${sub.destination}?`}
        description={`The broker removes them from ${sub.destination} for good${sub.ack === 'client' ? ' (one cumulative ACK, client mode)' : ' (one ACK each, the last with a receipt)'}. The next messages then flow again.`}
        confirmLabel={`Ack ${sub.unacked.toLocaleString()} ${sub.unacked === 1 ? 'message' : 'messages'}`}
        danger
        onConfirm={async () => {
          const { acked } = await request('subscriptions.ackAll', { connectionId, subscriptionId: sub.id });
          setNote(`Acked ${acked.toLocaleString()} messages.`);
          if (useMessages.getState().captureId === sub.captureId) void useMessages.getState().reload();
        }}
      />
    </div>
  );
}
