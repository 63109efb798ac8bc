/**
 * Faults for every connection of a running proxy (and the ones to come), as Toxiproxy injects
 * them: latency (with jitter), a bandwidth limit, a cut after N frames, swallowed RECEIPTs, a
 * byte of the nth frame flipped; and the one-shot ones: corrupt the next frame, drop every
 * connection now. Out-of-range values are errors at the field, never clamped.
 */
import { useEffect, useState } from 'react';
import type { FaultSettingsView, ProxyDirection, ProxyDirectionScope, ProxyView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useProxies } from '../../stores/proxy-store';

interface Form {
  latency: string;
  jitter: string;
  latencyWay: ProxyDirectionScope;
  bandwidth: string;
  bandwidthWay: ProxyDirectionScope;
  dropAfter: string;
  dropWay: ProxyDirectionScope;
  swallowReceipts: boolean;
  corruptNth: string;
  corruptWay: ProxyDirection;
}

export function FaultsPanel({ proxy }: { proxy: ProxyView }) {
  const id = proxy.definition.id;
  const [form, setForm] = useState<Form>(formOf(proxy.faults));
  const [problems, setProblems] = useState<Partial<Record<keyof Form, string>>>({});
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  // Reset from the host only when the faults themselves change: every live update of the proxy
  // brings a new object, and must not wipe what the user is typing.
  const saved = JSON.stringify(proxy.faults);
  useEffect(() => setForm(formOf(JSON.parse(saved) as FaultSettingsView)), [saved]);
  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setNote(undefined);
  };
  const running = proxy.state === 'running';

  const apply = async (faults: FaultSettingsView) => {
    setError(undefined);
    try {
      await useProxies.getState().setFaults(id, faults);
      setNote(describe(faults));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const submit = () => {
    const found: Partial<Record<keyof Form, string>> = {};
    const whole = (key: keyof Form, min: number, max: number, what: string) => {
      const text = String(form[key]).trim();
      if (text === '') return undefined;
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < min || n > max) {
        found[key] = `${what} is a whole number from ${min} to ${max.toLocaleString()}.`;
        return undefined;
      }
      return n;
    };
    const latency = whole('latency', 0, 60_000, 'Latency (ms)');
    const jitter = whole('jitter', 0, 60_000, 'Jitter (ms)');
    const bandwidth = whole('bandwidth', 1, 10 * 1024 * 1024 * 1024, 'Bandwidth (bytes a second)');
    const dropAfter = whole('dropAfter', 1, 1_000_000_000, 'Drop after (frames)');
    const corruptNth = whole('corruptNth', 1, 1_000_000_000, 'Corrupt frame number');
    if (jitter !== undefined && latency === undefined) found.jitter = 'Jitter goes with a latency.';
    setProblems(found);
    if (Object.keys(found).length) return;
    void apply({
      latency: latency !== undefined ? { ms: latency, jitterMs: jitter, direction: form.latencyWay } : undefined,
      bandwidth: bandwidth !== undefined ? { bytesPerSecond: bandwidth, direction: form.bandwidthWay } : undefined,
      dropAfterFrames: dropAfter !== undefined ? { count: dropAfter, direction: form.dropWay } : undefined,
      swallowReceipts: form.swallowReceipts || undefined,
      corruptFrame: corruptNth !== undefined ? { nth: corruptNth, direction: form.corruptWay } : undefined,
    });
  };
  const oneShot = async (what: () => Promise<void>, done: string) => {
    setError(undefined);
    try {
      await what();
      setNote(done);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <form
      className="proxy-faults"
      aria-label="Faults"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="proxy-fault-grid">
        <NumberField label="Latency (ms)" value={form.latency} error={problems.latency} onChange={(latency) => update({ latency })} />
        <NumberField label="Jitter (ms)" value={form.jitter} error={problems.jitter} onChange={(jitter) => update({ jitter })} />
        <Way label="Latency direction" value={form.latencyWay} onChange={(latencyWay) => update({ latencyWay })} />
        <NumberField label="Bandwidth (bytes/s)" value={form.bandwidth} error={problems.bandwidth} onChange={(bandwidth) => update({ bandwidth })} />
        <Way label="Bandwidth direction" value={form.bandwidthWay} onChange={(bandwidthWay) => update({ bandwidthWay })} />
        <NumberField label="Drop after (frames)" value={form.dropAfter} error={problems.dropAfter} onChange={(dropAfter) => update({ dropAfter })} />
        <Way label="Count frames" value={form.dropWay} onChange={(dropWay) => update({ dropWay })} />
        <NumberField label="Corrupt frame number" value={form.corruptNth} error={problems.corruptNth} onChange={(corruptNth) => update({ corruptNth })} />
        <div className="field">
          <label htmlFor={`corrupt-way-${id}`}>Corrupt direction</label>
          <select id={`corrupt-way-${id}`} value={form.corruptWay} onChange={(e) => update({ corruptWay: e.target.value as ProxyDirection })}>
            <option value="client-to-broker">→ to broker</option>
            <option value="broker-to-client">← to client</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={form.swallowReceipts} onChange={(e) => update({ swallowReceipts: e.target.checked })} /> Swallow RECEIPTs
        </label>
      </div>
      <div className="proxy-actions-row">
        <button type="submit" className="small primary">
          Apply faults
        </button>
        <button type="button" className="small" onClick={() => void apply({})}>
          Clear faults
        </button>
        <span className="sep" aria-hidden="true">
          ·
        </span>
        <button type="button" className="small" disabled={!running} onClick={() => void oneShot(() => useProxies.getState().corruptNext(id, 'client-to-broker'), 'The next frame to the broker will have one byte flipped.')}>
          Corrupt next frame → broker
        </button>
        <button type="button" className="small" disabled={!running} onClick={() => void oneShot(() => useProxies.getState().corruptNext(id, 'broker-to-client'), 'The next frame to the client will have one byte flipped.')}>
          Corrupt next frame ← client
        </button>
        <button type="button" className="small proxy-danger" disabled={!running} onClick={() => void oneShot(() => useProxies.getState().drop(id), 'Every connection was dropped.')}>
          Drop all connections
        </button>
      </div>
      {note ? (
        <p className="muted" role="status">
          {note}
        </p>
      ) : null}
      <ErrorText error={error} />
    </form>
  );
}

function NumberField({ label, value, error, onChange }: { label: string; value: string; error: string | undefined; onChange(value: string): void }) {
  const id = `fault-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className={`field narrow${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} className="mono" inputMode="numeric" placeholder="off" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} />
      <ErrorText error={error} />
    </div>
  );
}

function Way({ label, value, onChange }: { label: string; value: ProxyDirectionScope; onChange(value: ProxyDirectionScope): void }) {
  const id = `fault-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ProxyDirectionScope)}>
        <option value="both">both ways</option>
        <option value="client-to-broker">→ to broker</option>
        <option value="broker-to-client">← to client</option>
      </select>
    </div>
  );
}

function formOf(f: FaultSettingsView): Form {
  return {
    latency: f.latency ? String(f.latency.ms) : '',
    jitter: f.latency?.jitterMs ? String(f.latency.jitterMs) : '',
    latencyWay: f.latency?.direction ?? 'both',
    bandwidth: f.bandwidth ? String(f.bandwidth.bytesPerSecond) : '',
    bandwidthWay: f.bandwidth?.direction ?? 'both',
    dropAfter: f.dropAfterFrames ? String(f.dropAfterFrames.count) : '',
    dropWay: f.dropAfterFrames?.direction ?? 'both',
    swallowReceipts: f.swallowReceipts === true,
    corruptNth: f.corruptFrame ? String(f.corruptFrame.nth) : '',
    corruptWay: f.corruptFrame?.direction ?? 'client-to-broker',
  };
}

/** The faults in force, in words. */
export function describe(f: FaultSettingsView): string {
  const parts: string[] = [];
  if (f.latency) parts.push(`latency ${f.latency.ms} ms${f.latency.jitterMs ? ` ± ${f.latency.jitterMs}` : ''}`);
  if (f.bandwidth) parts.push(`${f.bandwidth.bytesPerSecond.toLocaleString()} B/s`);
  if (f.dropAfterFrames) parts.push(`drop after ${f.dropAfterFrames.count} frames`);
  if (f.swallowReceipts) parts.push('RECEIPTs swallowed');
  if (f.corruptFrame) parts.push(`frame ${f.corruptFrame.nth} ${f.corruptFrame.direction === 'client-to-broker' ? '→' : '←'} corrupted`);
  return parts.length ? `Faults on: ${parts.join(', ')}.` : 'No faults.';
}
