/**
 * Replays a recording's client side against a broker (a profile: its URI, credentials and TLS;
 * a recording never holds a passcode): byte for byte as the client sent it, or as the proxy
 * forwarded it, at the recorded pace or as fast as the broker takes it, with the frames marked
 * for leaving out or editing. The replay opens as a log of its own.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useProfiles } from '../../stores/profiles-store';
import { useProxies, type ReplayInput } from '../../stores/proxy-store';
import { useWorkspace } from '../../stores/workspace-store';

export function ReplayDialog({ recordingId, label, edits, open, onClose }: { recordingId: string | undefined; label: string; edits?: ReplayInput['edits']; open: boolean; onClose(): void }) {
  const profiles = useProfiles((s) => s.profiles);
  const [profileId, setProfileId] = useState('');
  const [use, setUse] = useState<'sent' | 'forwarded'>('sent');
  const [pacing, setPacing] = useState<'original' | 'none'>('original');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open && !profiles.some((p) => p.id === profileId)) setProfileId(profiles.find((p) => p.preset !== 'sandbox')?.id ?? profiles[0]?.id ?? '');
  }, [open, profiles, profileId]);

  const replay = async () => {
    if (!recordingId) return;
    setBusy(true);
    setError(undefined);
    try {
      const log = await useProxies.getState().replay({ recordingId, profileId, use, pacing, edits: edits ?? [] });
      onClose();
      useWorkspace.getState().show({ kind: 'proxy', id: log.id });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title={`Replay ${label}`} description="Sends what the recorded client sent, again, to the broker of a profile; the broker's answers are shown, not compared (message ids differ).">
      <form
        className="proxy-form"
        onSubmit={(e) => {
          e.preventDefault();
          void replay();
        }}
      >
        <div className="field">
          <label htmlFor="replay-profile">Against the broker of</label>
          <select id="replay-profile" value={profileId} onChange={(e) => setProfileId(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.uri})
              </option>
            ))}
          </select>
        </div>
        <fieldset className="proxy-radios">
          <legend>Bytes to send</legend>
          <label className="check">
            <input type="radio" name="replay-use" checked={use === 'sent'} onChange={() => setUse('sent')} /> As the client sent them (byte for byte)
          </label>
          <label className="check">
            <input type="radio" name="replay-use" checked={use === 'forwarded'} onChange={() => setUse('forwarded')} /> As the proxy forwarded them (its edits, drops and faults included)
          </label>
        </fieldset>
        <fieldset className="proxy-radios">
          <legend>Pace</legend>
          <label className="check">
            <input type="radio" name="replay-pace" checked={pacing === 'original'} onChange={() => setPacing('original')} /> As recorded
          </label>
          <label className="check">
            <input type="radio" name="replay-pace" checked={pacing === 'none'} onChange={() => setPacing('none')} /> As fast as the broker takes them
          </label>
        </fieldset>
        <p className="hint">
          {edits?.length ? `${edits.length} frame(s) marked to leave out or edit.` : 'No frames marked: every client frame goes.'} The CONNECT is rewritten with the profile's login and passcode.
        </p>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !profileId}>
            {busy ? 'Starting…' : 'Replay'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
