/**
 * A proxy's definition: where it listens (loopback unless allowed otherwise, with the reason
 * why that matters), which profile it forwards to (its URI, credentials and TLS), and whether
 * it records. Errors sit under their field.
 */
import { useEffect, useState } from 'react';
import type { ProxyDefinitionInput } from '../../../../src-core/api';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { toUiError } from '../../lib/errors';
import { useProfiles } from '../../stores/profiles-store';
import { proxyById, useProxies } from '../../stores/proxy-store';
import { useWorkspace } from '../../stores/workspace-store';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

interface Form {
  name: string;
  listenHost: string;
  listenPort: string;
  allowRemote: boolean;
  upstreamProfileId: string;
  record: boolean;
}

export function ProxyEditorDialog() {
  const editing = useProxies((s) => s.editing);
  const profiles = useProfiles((s) => s.profiles);
  const [form, setForm] = useState<Form>(blank(''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (editing === undefined) return;
    const existing = editing === 'new' ? undefined : proxyById(editing)?.definition;
    setForm(existing ? { ...existing, listenPort: String(existing.listenPort) } : blank(profiles.find((p) => p.preset !== 'sandbox')?.id ?? profiles[0]?.id ?? ''));
    setErrors({});
    setError(undefined);
  }, [editing, profiles]);

  const close = () => useProxies.getState().openEditor(undefined);
  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const remote = !LOOPBACK.test(form.listenHost.trim());

  const save = async () => {
    const problems: Record<string, string> = {};
    const port = Number(form.listenPort);
    if (!form.name.trim()) problems.name = 'A name is required.';
    if (!/^\d{1,5}$/.test(form.listenPort.trim()) || port > 65535) problems.listenPort = 'A port is a number from 0 to 65535 (0 picks a free one).';
    if (!form.upstreamProfileId) problems.upstreamProfileId = 'Pick the profile of the broker to forward to.';
    if (remote && !form.allowRemote) problems.allowRemote = `${form.listenHost} is not a loopback address: allow it explicitly, or listen on 127.0.0.1.`;
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const input: ProxyDefinitionInput = { name: form.name.trim(), listenHost: form.listenHost.trim(), listenPort: port, allowRemote: form.allowRemote, upstreamProfileId: form.upstreamProfileId, record: form.record };
    setSaving(true);
    setError(undefined);
    try {
      const store = useProxies.getState();
      const saved = editing === 'new' ? await store.create(input) : await store.update(editing as string, input);
      close();
      useWorkspace.getState().show({ kind: 'proxy', id: saved.definition.id });
    } catch (e) {
      const ui = toUiError(e);
      const field = (ui.details as { issues?: { path: string; message: string }[] } | undefined)?.issues?.[0];
      if (field) setErrors({ [field.path.replace(/^proxy\./, '')]: field.message });
      setError(ui.message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={editing !== undefined} onOpenChange={(open) => !open && close()} title={editing === 'new' ? 'New proxy' : 'Edit proxy'} description="Point a producer (or any client) at the listen address; everything is forwarded byte for byte to the upstream profile's broker.">
      <form
        className="proxy-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="Name" error={errors.name} id="proxy-name">
          <input id="proxy-name" value={form.name} onChange={(e) => update({ name: e.target.value })} aria-invalid={errors.name ? true : undefined} />
        </Field>
        <div className="field-row">
          <Field label="Listen host" error={undefined} id="proxy-host">
            <input id="proxy-host" className="mono" value={form.listenHost} onChange={(e) => update({ listenHost: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="Listen port" error={errors.listenPort} id="proxy-port" narrow>
            <input id="proxy-port" className="mono" inputMode="numeric" value={form.listenPort} onChange={(e) => update({ listenPort: e.target.value })} aria-invalid={errors.listenPort ? true : undefined} />
          </Field>
        </div>
        {remote ? (
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={form.allowRemote} onChange={(e) => update({ allowRemote: e.target.checked })} aria-invalid={errors.allowRemote ? true : undefined} />
              Allow listening on a non-loopback address
            </label>
            <p className="hint proxy-warning">Anyone who can reach {form.listenHost || 'this address'} talks to the broker through this proxy, with the upstream profile's credentials, and everything they send is shown here.</p>
            <ErrorText error={errors.allowRemote} />
          </div>
        ) : null}
        <Field label="Upstream profile" error={errors.upstreamProfileId} id="proxy-upstream">
          <select id="proxy-upstream" value={form.upstreamProfileId} onChange={(e) => update({ upstreamProfileId: e.target.value })} aria-invalid={errors.upstreamProfileId ? true : undefined}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.uri})
              </option>
            ))}
          </select>
        </Field>
        <p className="hint">The proxy logs in upstream with that profile's login and passcode (the client's CONNECT is rewritten: the one frame the proxy re-serializes) and uses its TLS settings.</p>
        <label className="check">
          <input type="checkbox" checked={form.record} onChange={(e) => update({ record: e.target.checked })} /> Record every run (passcodes are never written)
        </label>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save proxy'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Field({ label, error, id, narrow, children }: { label: string; error: string | undefined; id: string; narrow?: boolean; children: React.ReactNode }) {
  return (
    <div className={`field${narrow ? ' narrow' : ''}${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <ErrorText error={error} />
    </div>
  );
}

function blank(upstreamProfileId: string): Form {
  return { name: '', listenHost: '127.0.0.1', listenPort: '61700', allowRemote: false, upstreamProfileId, record: false };
}
