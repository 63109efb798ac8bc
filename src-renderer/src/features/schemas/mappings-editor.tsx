/**
 * Destination → codec and message type: how a message without a telling content-type is read.
 * `*` matches any run of characters; the first row that matches wins.
 */
import { useEffect, useState } from 'react';
import type { DestinationMappingView, SchemaCodecName, SchemaSetView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import type { UiError } from '../../lib/errors';
import { useSchemas } from '../../stores/schemas-store';

const CODECS: SchemaCodecName[] = ['protobuf', 'avro', 'msgpack', 'cbor'];

export function MappingsEditor({ view }: { view: SchemaSetView }) {
  const [rows, setRows] = useState<DestinationMappingView[]>(view.mappings);
  const [error, setError] = useState<UiError>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setRows(view.mappings), [view.mappings]);
  const set = (i: number, patch: Partial<DestinationMappingView>) => {
    setSaved(false);
    setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  };
  const save = async () => {
    const clean = rows.map((r) => ({ destination: r.destination.trim(), codec: r.codec, ...(r.messageType ? { messageType: r.messageType } : {}) }));
    const problem = await useSchemas.getState().setMappings(view.profileId, clean);
    setError(problem);
    setSaved(!problem);
  };
  return (
    <section aria-label="Destination mappings">
      <h4>Destinations</h4>
      <p className="hint">A message whose content-type does not name a codec is read by the first row matching its destination (* matches anything).</p>
      <table className="mappings">
        <thead>
          <tr>
            <th>Destination</th>
            <th>Codec</th>
            <th>Message type</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const types = row.codec === 'protobuf' ? view.messageTypes.protobuf : row.codec === 'avro' ? view.messageTypes.avro : [];
            return (
              <tr key={i}>
                <td>
                  <input aria-label={`Destination ${i + 1}`} className="mono" value={row.destination} placeholder="/queue/orders.*" onChange={(e) => set(i, { destination: e.target.value })} />
                </td>
                <td>
                  <select aria-label={`Codec ${i + 1}`} value={row.codec} onChange={(e) => set(i, { codec: e.target.value as SchemaCodecName, messageType: undefined })}>
                    {CODECS.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {types.length ? (
                    <select aria-label={`Message type ${i + 1}`} value={row.messageType ?? ''} onChange={(e) => set(i, { messageType: e.target.value || undefined })}>
                      <option value="">{row.codec === 'avro' ? '(from single-object header)' : 'choose…'}</option>
                      {types.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  ) : (
                    <span className="muted">{row.codec === 'msgpack' || row.codec === 'cbor' ? 'schemaless' : 'no types yet'}</span>
                  )}
                </td>
                <td>
                  <button type="button" className="icon-button" aria-label={`Remove mapping ${i + 1}`} onClick={() => (setSaved(false), setRows(rows.filter((_, k) => k !== i)))}>
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="extra-row">
        <button type="button" className="small" onClick={() => (setSaved(false), setRows([...rows, { destination: '', codec: 'protobuf' }]))}>
          Add mapping
        </button>
        <button type="button" className="small primary" onClick={() => void save()} disabled={rows.some((r) => !r.destination.trim())}>
          Save mappings
        </button>
        {saved ? (
          <span className="note" role="status">
            Saved.
          </span>
        ) : null}
      </div>
      <ErrorText error={error} />
    </section>
  );
}
