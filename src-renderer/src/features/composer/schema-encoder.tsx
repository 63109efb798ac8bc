/**
 * "Encode with a schema" in the composer: edit a value as JSON and send it as protobuf, Avro,
 * MessagePack or CBOR, encoded in the host with the connection's profile's schemas. Every wrong
 * field is listed with its path; choosing one selects it in the JSON.
 */
import { useEffect, useRef } from 'react';
import type { ConnectionView, SchemaCodecName } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { useSchemas } from '../../stores/schemas-store';
import { locatePath } from './json-path-locate';
import { useSchemaEncoder } from './schema-encoder-state';

const CODECS: SchemaCodecName[] = ['protobuf', 'avro', 'msgpack', 'cbor'];

export function SchemaEncoder({ connection }: { connection: ConnectionView | undefined }) {
  const state = useSchemaEncoder();
  const profileId = connection?.profileId;
  const schemas = useSchemas((s) => (profileId ? s.byProfile[profileId] : undefined));
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (profileId && state.open) void useSchemas.getState().load(profileId);
  }, [profileId, state.open]);
  // Checked as you type (debounced): the field errors follow the text.
  useEffect(() => {
    if (!profileId || !state.open || !state.json.trim()) return;
    const timer = setTimeout(() => void useSchemaEncoder.getState().check(profileId), 500);
    return () => clearTimeout(timer);
  }, [profileId, state.open, state.json, state.codec, state.messageType, state.avroSingleObject]);

  const types = state.codec === 'protobuf' ? schemas?.messageTypes.protobuf : state.codec === 'avro' ? schemas?.messageTypes.avro : undefined;
  const outcome = state.outcome?.json === state.json ? state.outcome : undefined;
  const select = (path: string) => {
    const at = locatePath(state.json, path);
    const el = textRef.current;
    if (!at || !el) return;
    el.focus();
    el.setSelectionRange(at.start, at.end);
  };

  return (
    <details className="composer-extra" aria-label="Encode with a schema" open={state.open} onToggle={(e) => state.patch({ open: (e.target as HTMLDetailsElement).open })}>
      <summary>Encode with a schema</summary>
      {!profileId ? <p className="hint">Connect a profile: its schemas encode the body.</p> : null}
      <div className="extra-row">
        <label>
          Encode as{' '}
          <select aria-label="Encode as" value={state.codec} onChange={(e) => state.patch({ codec: e.target.value as SchemaCodecName })}>
            {CODECS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        {types ? (
          <label>
            Type{' '}
            <select aria-label="Type to encode" value={state.messageType} onChange={(e) => state.patch({ messageType: e.target.value })}>
              <option value="">choose…</option>
              {types.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        ) : null}
        {state.codec === 'avro' ? (
          <label className="check">
            <input type="checkbox" checked={state.avroSingleObject} onChange={(e) => state.patch({ avroSingleObject: e.target.checked })} /> single-object encoding
          </label>
        ) : null}
        <span className="muted" role="status">
          {state.checking ? 'checking…' : outcome?.size !== undefined ? `${outcome.size} bytes` : ''}
        </span>
        <button type="button" className="small" disabled={!profileId || !state.json.trim()} onClick={() => profileId && void state.useAsBody(profileId)}>
          Use as body
        </button>
      </div>
      {types && types.length === 0 ? <p className="hint">This profile has no {state.codec} schemas yet: add .{state.codec === 'avro' ? 'avsc' : 'proto'} files in the Schemas tab.</p> : null}
      <textarea
        ref={textRef}
        className="mono body-input"
        aria-label="JSON to encode"
        aria-invalid={outcome && outcome.issues.length ? true : undefined}
        spellCheck={false}
        value={state.json}
        onChange={(e) => state.patch({ json: e.target.value })}
      />
      {outcome && outcome.issues.length ? (
        <ul className="field-issues" aria-label="Problems in the JSON">
          {outcome.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? (
                <button type="button" className="link mono" onClick={() => select(issue.path)}>
                  {issue.path}
                </button>
              ) : null}
              <span className="error-text">
                {issue.path ? ': ' : ''}
                {issue.message}
              </span>
            </li>
          ))}
        </ul>
      ) : outcome?.error && !outcome.issues.length ? (
        <ErrorText error={outcome.error} />
      ) : null}
      {state.note ? (
        <p className="note" role="status">
          {state.note}
        </p>
      ) : null}
    </details>
  );
}
