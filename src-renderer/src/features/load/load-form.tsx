/**
 * A load run's settings: which profile's broker, where, how fast, how long, how big, on how many
 * connections, with receipts, consuming (here or elsewhere), and an optional payload script. A
 * value out of range is an error at its field, never clamped.
 */
import { useState, type InputHTMLAttributes, type ReactElement } from 'react';
import type { MethodParams } from '../../../../src-core/api';
import { LOAD_API_LIMITS } from '../../../../src-core/api/schemas/load';
import { useProfiles } from '../../stores/profiles-store';

export interface LoadDraft {
  profileId: string;
  destination: string;
  rate: string;
  duration: string;
  size: string;
  connections: string;
  receipt: boolean;
  receiptEvery: string;
  consume: boolean;
  consumeDestination: string;
  script: string;
}

type Problems = Partial<Record<keyof LoadDraft, string>>;

export function checkDraft(d: LoadDraft): { input?: MethodParams<'load.start'>; problems: Problems } {
  const problems: Problems = {};
  const whole = (key: keyof LoadDraft, text: string, min: number, max: number, what: string) => {
    const n = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) problems[key] = `${what}: a whole number from ${min} to ${max.toLocaleString()}${text.trim() ? ` (not “${text.trim()}”)` : ''}`;
    return n;
  };
  if (!d.profileId) problems.profileId = 'Choose a profile: its broker, login and TLS settings are used.';
  if (!d.destination.trim()) problems.destination = 'A destination is required, e.g. /queue/load-test.';
  const rate = whole('rate', d.rate, 0, LOAD_API_LIMITS.rate, 'Rate');
  const seconds = Number(d.duration.trim());
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > LOAD_API_LIMITS.durationS) problems.duration = `Duration: seconds, more than 0 and at most ${LOAD_API_LIMITS.durationS.toLocaleString()}`;
  const size = whole('size', d.size, 0, LOAD_API_LIMITS.size, 'Body size');
  const connections = whole('connections', d.connections, 1, LOAD_API_LIMITS.connections, 'Connections');
  const receiptEvery = d.receipt ? whole('receiptEvery', d.receiptEvery, 1, 1_000_000, 'Receipt every') : 1;
  if (d.consume && !d.consumeDestination.trim()) problems.consumeDestination = 'Say where to consume (the same destination, or another).';
  if (Object.keys(problems).length) return { problems };
  return {
    problems,
    input: {
      profileId: d.profileId,
      destination: d.destination.trim(),
      rate,
      durationS: seconds,
      size,
      connections,
      receipt: d.receipt,
      receiptEvery,
      ...(d.consume ? { consume: { destination: d.consumeDestination.trim() } } : {}),
      ...(d.script.trim() ? { script: d.script } : {}),
    },
  };
}

export function LoadForm({ draft, onChange, problems }: { draft: LoadDraft; onChange(d: LoadDraft): void; problems: Problems }) {
  const profiles = useProfiles((s) => s.profiles);
  const [showScript, setShowScript] = useState(draft.script !== '');
  const set = (patch: Partial<LoadDraft>) => onChange({ ...draft, ...patch });
  const field = (key: keyof LoadDraft, label: string, input: ReactElement, hint?: string) => (
    <div className="load-field">
      <label htmlFor={`load-${key}`}>
        {label}
        {hint ? <span className="muted"> · {hint}</span> : null}
      </label>
      {input}
      {problems[key] ? (
        <p className="error-text field-error" id={`load-${key}-error`} role="alert">
          {problems[key]}
        </p>
      ) : null}
    </div>
  );
  const text = (key: 'destination' | 'rate' | 'duration' | 'size' | 'connections' | 'receiptEvery' | 'consumeDestination', extra: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input
      id={`load-${key}`}
      value={draft[key]}
      aria-invalid={problems[key] ? true : undefined}
      aria-describedby={problems[key] ? `load-${key}-error` : undefined}
      onChange={(e) => set({ [key]: e.target.value } as Partial<LoadDraft>)}
      {...extra}
    />
  );
  return (
    <div className="load-form">
      {field(
        'profileId',
        'Profile',
        <select id="load-profileId" value={draft.profileId} onChange={(e) => set({ profileId: e.target.value })}>
          <option value="">choose…</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>,
      )}
      {field('destination', 'Destination', text('destination', { className: 'mono', placeholder: '/queue/load-test' }))}
      {field('rate', 'Rate (msg/s)', text('rate', { inputMode: 'numeric' }), '0 = flat out')}
      {field('duration', 'Duration (s)', text('duration', { inputMode: 'decimal' }))}
      {field('size', 'Body size (bytes)', text('size', { inputMode: 'numeric' }))}
      {field('connections', 'Connections', text('connections', { inputMode: 'numeric' }))}
      <label className="check">
        <input type="checkbox" checked={draft.receipt} onChange={(e) => set({ receipt: e.target.checked })} /> Receipts
      </label>
      {draft.receipt ? field('receiptEvery', 'Receipt every', text('receiptEvery', { inputMode: 'numeric' }), 'messages (1 = each one)') : null}
      <label className="check">
        <input type="checkbox" checked={draft.consume} onChange={(e) => set({ consume: e.target.checked, consumeDestination: draft.consumeDestination || draft.destination })} /> Consume
      </label>
      {draft.consume ? field('consumeDestination', 'Consume from', text('consumeDestination', { className: 'mono' })) : null}
      <label className="check">
        <input type="checkbox" checked={showScript} onChange={(e) => (setShowScript(e.target.checked), e.target.checked ? undefined : set({ script: '' }))} /> Payload script
      </label>
      {showScript ? (
        <textarea
          className="mono load-script"
          aria-label="Load payload script"
          spellCheck={false}
          value={draft.script}
          placeholder={"(i, ctx) => ({ body: JSON.stringify({ n: i }), headers: { 'content-type': 'application/json' } })"}
          onChange={(e) => set({ script: e.target.value })}
        />
      ) : null}
    </div>
  );
}
