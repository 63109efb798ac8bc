/**
 * One wire-log frame in full: its headers in wire order, and its exact bytes on demand, as text
 * with every line end and control byte shown (escapes as they travelled: `\c` stays `\c`) and as
 * hex + ASCII with offsets. A CONNECT's passcode is masked; bytes the log no longer keeps say so.
 */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useEffect, useMemo, useState } from 'react';
import type { WireEntryView } from '../../../../src-core/api';
import { errorText } from '../../lib/errors';
import { formatBytes, formatTime } from '../../lib/format';
import { frameSegments } from '../../lib/frame-text';
import { BodySource } from '../inspector/body-source';
import { HexView } from '../inspector/hex-view';
import type { FrameBytes, WireSource } from './wire-source';

type View = 'headers' | 'text' | 'hex';

export function WireFrameDetail({ entry, source, onClose }: { entry: WireEntryView; source: WireSource; onClose(): void }) {
  const [view, setView] = useState<View>('headers');
  const [bytes, setBytes] = useState<FrameBytes>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setBytes(undefined);
    setError(undefined);
    if (view === 'headers') return;
    let live = true;
    source.bytes(entry).then(
      (b) => live && setBytes(b),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [entry.seq, view, source]);
  const hexSource = useMemo(() => (bytes?.bytes ? new BodySource(undefined, bytes.bytes.length, bytes.bytes) : undefined), [bytes]);

  return (
    <aside className="wire-detail mono" aria-label={`Frame ${entry.seq}`}>
      <div className="wire-detail-head">
        <strong>
          {entry.direction === 'out' ? '→' : '←'} {entry.command ?? entry.kind}
        </strong>
        <span className="muted">{formatTime(entry.at)}</span>
        {entry.size !== undefined ? <span className="muted">{formatBytes(entry.size)}</span> : null}
        {entry.broker ? <span className="muted">{entry.broker}</span> : null}
        <ToggleGroup.Root type="single" className="segmented" aria-label="Frame view" value={view} onValueChange={(v) => v && setView(v as View)}>
          <ToggleGroup.Item value="headers" className="segment">
            Headers
          </ToggleGroup.Item>
          <ToggleGroup.Item value="text" className="segment">
            Bytes as text
          </ToggleGroup.Item>
          <ToggleGroup.Item value="hex" className="segment">
            Hex
          </ToggleGroup.Item>
        </ToggleGroup.Root>
        <button type="button" className="icon-button" aria-label="Close frame details" onClick={onClose}>
          ×
        </button>
      </div>
      {view === 'headers' ? (
        <>
          {(entry.headers ?? []).map(([n, v], i) => (
            <div key={i} className="wire-detail-h">
              <span className="hname">{n}</span>:{v}
            </div>
          ))}
          {entry.preview ? <pre className="wire-detail-body">{entry.preview}</pre> : null}
        </>
      ) : error ? (
        <p className="error-text" role="alert">
          Cannot read the frame's bytes: {error}
        </p>
      ) : !bytes ? (
        <p className="muted">Loading the bytes…</p>
      ) : !bytes.kept || !bytes.bytes ? (
        <p className="muted">Its bytes are no longer kept: the log keeps the newest 64 MiB of frames.</p>
      ) : (
        <>
          <p className="muted">
            {bytes.bytes.length.toLocaleString()} bytes exactly as they travelled{bytes.masked ? ' (the passcode masked)' : ''}
          </p>
          {view === 'text' ? <FrameText bytes={bytes.bytes} /> : hexSource ? <div className="wire-hex">{<HexView source={hexSource} />}</div> : null}
        </>
      )}
    </aside>
  );
}

function FrameText({ bytes }: { bytes: Uint8Array }) {
  const { segments, omitted } = useMemo(() => frameSegments(bytes), [bytes]);
  return (
    <pre className="frame-preview" aria-label="Frame bytes as text" tabIndex={0}>
      {segments.map((seg, i) =>
        seg.mark ? (
          <span key={i} className="byte-mark">
            {seg.text}
          </span>
        ) : (
          seg.text
        ),
      )}
      {omitted ? `\n… ${omitted.toLocaleString()} more bytes` : ''}
    </pre>
  );
}
