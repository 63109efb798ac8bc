/** Creates or edits a profile: every connection setting, checked as the user types. */
import { useEffect, useState, type ReactNode } from 'react';
import type { BrokerPreset } from '../../../../src-core/api';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { toUiError } from '../../lib/errors';
import { PRESET_LABELS, PRESETS } from '../../lib/presets';
import { useConnections } from '../../stores/connections-store';
import { useProfiles } from '../../stores/profiles-store';
import { draftOf, inputOf, problemsFromDetails, type ProfileDraft, type Version } from './profile-form';
import { UriField } from './uri-field';

export function ProfileEditorDialog() {
  const editing = useProfiles((s) => s.editing);
  const profile = useProfiles((s) => (s.editing && s.editing !== 'new' ? s.profiles.find((p) => p.id === s.editing) : undefined));
  const [draft, setDraft] = useState<ProfileDraft>(draftOf(undefined));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!editing) return;
    setDraft(draftOf(profile));
    setProblems({});
    setError(undefined);
    // Reset only when another profile is opened, not when this one changes under us.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing]);

  const sandbox = draft.preset === 'sandbox' && !!profile?.builtIn;
  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = async (connect: boolean) => {
    const built = inputOf(draft, !!profile);
    if ('problems' in built) {
      setProblems(built.problems);
      setError('Some fields need attention (marked below).');
      return;
    }
    setBusy(true);
    setError(undefined);
    setProblems({});
    try {
      const saved = profile ? await useProfiles.getState().update(profile.id, built.input) : await useProfiles.getState().create(built.input);
      useProfiles.getState().closeEditor();
      if (connect) await useConnections.getState().open(saved.id).catch(() => undefined);
    } catch (e) {
      const ui = toUiError(e);
      setProblems(problemsFromDetails(ui.details));
      setError(`${profile ? 'Saving' : 'Creating'} the profile failed: ${ui.message}`);
    } finally {
      setBusy(false);
    }
  };

  const toggleVersion = (v: Version, on: boolean) =>
    set('versions', on ? ([...new Set([...draft.versions, v])].sort() as Version[]) : draft.versions.filter((x) => x !== v));

  return (
    <Dialog
      open={!!editing}
      onOpenChange={(open) => !open && useProfiles.getState().closeEditor()}
      title={profile ? `Edit profile ${profile.name}` : 'New profile'}
      wide
    >
      <form
        className="profile-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <Field id="profile-name" label="Name" problem={problems.name}>
          <input id="profile-name" value={draft.name} onChange={(e) => set('name', e.target.value)} autoFocus placeholder="ActiveMQ staging" />
        </Field>
        <UriField value={draft.uri} onChange={(v) => set('uri', v)} disabled={sandbox} />
        <ErrorText error={problems.uri} />
        <div className="field-row">
          <Field id="profile-login" label="Login">
            <input id="profile-login" value={draft.login} onChange={(e) => set('login', e.target.value)} autoComplete="off" />
          </Field>
          <Field id="profile-passcode" label="Passcode" hint={profile?.hasPasscode ? 'A passcode is saved; type to replace it.' : 'Stored encrypted; never shown again.'}>
            <input
              id="profile-passcode"
              type="password"
              value={draft.passcode}
              placeholder={profile?.hasPasscode && !draft.clearPasscode ? 'saved' : ''}
              autoComplete="new-password"
              onChange={(e) => set('passcode', e.target.value)}
            />
          </Field>
        </div>
        {profile?.hasPasscode ? (
          <label className="check">
            <input type="checkbox" checked={draft.clearPasscode} onChange={(e) => set('clearPasscode', e.target.checked)} /> Clear the saved passcode
          </label>
        ) : null}
        <div className="field-row">
          <Field id="profile-host" label="Virtual host" hint="The CONNECT host header (RabbitMQ vhost, e.g. /).">
            <input id="profile-host" value={draft.host} onChange={(e) => set('host', e.target.value)} placeholder="(broker default)" />
          </Field>
          <Field id="profile-preset" label="Broker preset" hint="Destination completion and header suggestions.">
            <select id="profile-preset" value={draft.preset} onChange={(e) => set('preset', e.target.value as BrokerPreset)} disabled={sandbox}>
              {PRESETS.filter((p) => p !== 'sandbox' || sandbox).map((p) => (
                <option key={p} value={p}>
                  {PRESET_LABELS[p]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="field-row">
          <legend>STOMP versions offered</legend>
          {(['1.0', '1.1', '1.2'] as Version[]).map((v) => (
            <label key={v} className="check">
              <input type="checkbox" checked={draft.versions.includes(v)} onChange={(e) => toggleVersion(v, e.target.checked)} /> {v}
            </label>
          ))}
          <ErrorText error={problems.versions} />
        </fieldset>
        <div className="field-row">
          <Field id="profile-hb-send" label="Send heart-beats every (ms)" hint="0 turns them off.">
            <input id="profile-hb-send" type="number" min={0} step={1000} value={draft.heartSend} onChange={(e) => set('heartSend', e.target.value)} />
          </Field>
          <Field id="profile-hb-expect" label="Expect heart-beats every (ms)">
            <input id="profile-hb-expect" type="number" min={0} step={1000} value={draft.heartExpect} onChange={(e) => set('heartExpect', e.target.value)} />
          </Field>
        </div>
        <ErrorText error={problems.heartBeat} />
        {sandbox ? null : (
          <fieldset>
            <legend>TLS (ssl:// and wss://)</legend>
            <div className="field-row">
              <Field id="profile-ca" label="CA file">
                <input id="profile-ca" className="mono" value={draft.caFile} onChange={(e) => set('caFile', e.target.value)} placeholder="/etc/ssl/broker-ca.pem" />
              </Field>
              <Field id="profile-servername" label="SNI host" hint="Sent in the TLS handshake; defaults to the broker host.">
                <input id="profile-servername" value={draft.servername} onChange={(e) => set('servername', e.target.value)} />
              </Field>
            </div>
            <div className="field-row">
              <Field id="profile-cert" label="Client certificate file">
                <input id="profile-cert" className="mono" value={draft.certFile} onChange={(e) => set('certFile', e.target.value)} />
              </Field>
              <Field id="profile-key" label="Client key file">
                <input id="profile-key" className="mono" value={draft.keyFile} onChange={(e) => set('keyFile', e.target.value)} />
              </Field>
            </div>
            <label className="check">
              <input type="checkbox" checked={draft.verify} onChange={(e) => set('verify', e.target.checked)} /> Verify the broker certificate
            </label>
            {!draft.verify ? (
              <p className="warning" role="note">
                <span aria-hidden="true">⚠ </span>Verification off: anyone on the network path can pretend to be this broker. Use only for a test broker with a
                self-signed certificate; the profile is marked "unverified".
              </p>
            ) : null}
            <ErrorText error={problems.tls} />
          </fieldset>
        )}
        <Field id="profile-color" label="Colour">
          <input id="profile-color" type="color" value={draft.color} onChange={(e) => set('color', e.target.value)} />
        </Field>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => useProfiles.getState().closeEditor()}>
            Cancel
          </button>
          <button type="button" onClick={() => void save(true)} disabled={busy}>
            Save and connect
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Field({ id, label, hint, problem, children }: { id: string; label: string; hint?: string; problem?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !problem ? <p className="hint">{hint}</p> : null}
      <ErrorText error={problem} />
    </div>
  );
}
