/**
 * The Decoded viewer: a schema-aware body (protobuf, Avro, MessagePack, CBOR) as a tree, its
 * bytes beside it in the hex view; the selected node's bytes are marked there. What chose the
 * codec is said (content-type, the destination's mapping, or the user), and the user can read the
 * body another way. A body that does not decode says what is wrong and marks the byte.
 */
import { useEffect, useState } from 'react';
import type { SchemaCodecName, TreeNodeView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { useSchemas, type DecodeChoice, type Decoding } from '../../stores/schemas-store';
import { useUi } from '../../stores/ui-store';
import { useSchemaEncoder } from '../composer/schema-encoder-state';
import type { BodySource } from './body-source';
import { DecodedTree, rangeText } from './decoded-tree';
import './decoded-view.css';
import { HexView } from './hex-view';

const CODECS: SchemaCodecName[] = ['protobuf', 'avro', 'msgpack', 'cbor'];
const CHOSEN_BY = { request: 'as you chose', 'content-type': 'by its content-type', destination: "by the destination's mapping" } as const;

export function DecodedView({ source, decoding, captureId, seq }: { source: BodySource; decoding: Decoding | undefined; captureId: string; seq: number }) {
  const [selected, setSelected] = useState<TreeNodeView>();
  const choice = useSchemas((s) => s.decoding?.choice);
  const profileId = decoding && 'profileId' in decoding ? decoding.profileId : undefined;
  const schemas = useSchemas((s) => (profileId ? s.byProfile[profileId] : undefined));
  useEffect(() => {
    if (profileId && !useSchemas.getState().byProfile[profileId]) void useSchemas.getState().load(profileId);
  }, [profileId]);
  useEffect(() => setSelected(undefined), [captureId, seq, decoding]);

  if (!decoding || decoding.kind === 'loading') return <p className="muted body-empty">decoding…</p>;
  if (decoding.kind === 'failed') return <ErrorText error={decoding.error} />;
  const reread = (next: DecodeChoice) => void useSchemas.getState().decode({ captureId, seq }, { ...choice, ...next });
  if (decoding.kind === 'plain') {
    return (
      <div className="decoded-view">
        <div className="decoded-bar">
          <span className="decoded-what">No schema codec applies ({decoding.reason}).</span>
          <ReadAs value={choice?.codec} onChange={(codec) => reread({ codec })} />
        </div>
      </div>
    );
  }

  const codec = decoding.codec;
  const types = codec === 'protobuf' ? schemas?.messageTypes.protobuf : codec === 'avro' ? schemas?.messageTypes.avro : undefined;
  const errorRange = decoding.kind === 'error' && decoding.offset !== undefined ? { start: decoding.offset, end: decoding.offset + 1 } : undefined;
  const highlight = selected?.range ?? errorRange;

  return (
    <div className="decoded-view">
      <div className="decoded-bar">
        <span className="decoded-what" role="status">
          {codec}
          {decoding.messageType ? ` · ${decoding.messageType}` : ''} · chosen {CHOSEN_BY[decoding.chosenBy]}
          {decoding.kind === 'tree' ? ` · ${decoding.nodeCount.toLocaleString()} nodes` : ''}
        </span>
        <ReadAs value={choice?.codec} onChange={(next) => reread({ codec: next })} />
        {types ? (
          <label>
            Type{' '}
            <select aria-label="Message type" value={choice?.messageType ?? decoding.messageType ?? ''} onChange={(e) => reread({ codec, messageType: e.target.value || undefined })}>
              <option value="">{decoding.messageType ? '(from the message)' : 'choose…'}</option>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {decoding.kind === 'tree' && decoding.json ? (
          <button
            type="button"
            className="small"
            onClick={() => {
              useSchemaEncoder.getState().load({ codec, messageType: decoding.messageType, json: decoding.json });
              useUi.getState().setDock(true, 'composer');
            }}
          >
            Edit in composer
          </button>
        ) : null}
      </div>
      {decoding.kind === 'error' ? (
        <p className="error-text" role="alert">
          <span aria-hidden="true">⚠ </span>
          Not a valid {codec}
          {decoding.messageType ? ` ${decoding.messageType}` : ''}: {decoding.message}
        </p>
      ) : (
        decoding.notes.map((note) => (
          <p key={note} className="hint decoded-note-line">
            {note}
          </p>
        ))
      )}
      <div className="decoded-split">
        {decoding.kind === 'tree' ? (
          <div className="decoded-tree-wrap body-scroll">
            <DecodedTree root={decoding.root} selected={selected?.path} onSelect={setSelected} />
          </div>
        ) : null}
        <div className="decoded-hex">
          <p className="decoded-range mono" aria-live="polite">
            {selected ? `${selected.path || '(whole value)'} · ${rangeText(selected)}` : errorRange ? `the error is at byte ${errorRange.start}` : 'select a field to mark its bytes'}
          </p>
          <HexView source={source} highlight={highlight} />
        </div>
      </div>
    </div>
  );
}

function ReadAs({ value, onChange }: { value: SchemaCodecName | undefined; onChange(codec: SchemaCodecName | undefined): void }) {
  return (
    <label>
      Read as{' '}
      <select aria-label="Read as" value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as SchemaCodecName | undefined)}>
        <option value="">automatic</option>
        {CODECS.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
