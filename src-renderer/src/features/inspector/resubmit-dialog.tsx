/** Moves the selected messages to another destination (e.g. back from a DLQ), in one transaction. */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { SuggestInput } from '../../components/suggest-input';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { errorText } from '../../lib/errors';
import { resubmit, targetSeqs } from '../../stores/message-actions';

export function ResubmitDialog({ open, onOpenChange, from }: { open: boolean; onOpenChange(open: boolean): void; from: string | undefined }) {
  const [to, setTo] = useState('');
  const seen = useSubscriptions((s) => s.seenDestinations);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const count = open ? targetSeqs().length : 0;
  useEffect(() => {
    if (!open) return;
    setError(undefined);
    // From a dead-letter queue, suggest the queue the message came from.
    const guess = from?.replace(/^\/queue\/(ActiveMQ\.)?DLQ\.?/i, '/queue/').replace(/\.?DLQ$/i, '');
    setTo(guess && guess !== from ? guess : '');
  }, [open, from]);
  const submit = async () => {
    if (!to.trim()) {
      setError('Type the destination to move the messages to, e.g. /queue/orders.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await resubmit(to.trim());
      onOpenChange(false);
    } catch (e) {
      setError(`Resubmit failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Resubmit ${count} message${count === 1 ? '' : 's'}`}
      description="Sends a copy of each to the new destination and acks the original, in one transaction."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="resubmit-to">Resubmit to</label>
          <SuggestInput id="resubmit-to" className="mono" value={to} onValueChange={setTo} suggestions={seen} placeholder="/queue/orders" autoFocus />
        </div>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Resubmit
          </button>
        </div>
      </form>
    </Dialog>
  );
}
