/** A large send, seen coming: how many messages, how many bytes, where, on which connection; Cancel or Send. */
import { Dialog } from '../../components/dialog';
import { formatBytes } from '../../lib/format';
import { useComposer } from '../../stores/composer-store';
import { useConnections } from '../../stores/connections-store';

export function ConfirmSendDialog() {
  const pending = useComposer((s) => s.confirm);
  const name = useConnections((s) => (pending ? s.byId[pending.connectionId]?.profileName : undefined));
  if (!pending) return null;
  const count = pending.copies.toLocaleString();
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && void useComposer.getState().confirmSend(false)}
      title={`Send ${count} messages?`}
      description={`${count} ${pending.copies === 1 ? 'message' : 'messages'} (${formatBytes(pending.totalBytes)} of bodies) to ${pending.destination} on ${name ?? 'this connection'}. You can cancel while it runs; the result says exactly how many went out.`}
    >
      <div className="dialog-actions">
        <button type="button" onClick={() => void useComposer.getState().confirmSend(false)}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void useComposer.getState().confirmSend(true)}>
          Send {count} messages
        </button>
      </div>
    </Dialog>
  );
}
