/**
 * A proxied frame in full, with the same inspector parts as a captured message (imported, not
 * copied): headers as on the wire (escape chips from the raw bytes), the framing line, the body as
 * text, hex or base64; plus what only the proxy knows: the frame's own bytes (a diagnostic's byte
 * marked in the hex), the rules it broke, and what went out instead when the proxy altered it.
 */
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageDetail, ProxyFrameDetail } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { base64ToBytes } from '../../lib/bytes';
import { formatTime } from '../../lib/format';
import { useProxies } from '../../stores/proxy-store';
import { Base64View } from '../inspector/base64-view';
import { BodySource } from '../inspector/body-source';
import '../inspector/body-view.css';
import { FramingLine } from '../inspector/framing-line';
import { HeadersTable } from '../inspector/headers-table';
import { HexView } from '../inspector/hex-view';
import { TextView } from '../inspector/text-view';

type View = 'text' | 'hex' | 'base64' | 'raw' | 'altered';

export function FrameInspector({ logId, actions }: { logId: string; actions?: (detail: ProxyFrameDetail) => ReactNode }) {
  const selected = useProxies((s) => (s.selected?.logId === logId ? s.selected : undefined));
  const detail = useProxies((s) => (s.detail?.logId === logId && s.selected?.seq === s.detail.seq ? s.detail : undefined));
  const error = useProxies((s) => s.detailError);
  return (
    <section className="pane inspector proxy-inspector" aria-labelledby={`proxy-inspector-h-${logId}`}>
      <div className="pane-toolbar">
        <h2 className="pane-title" id={`proxy-inspector-h-${logId}`}>
          Frame
        </h2>
        {detail ? (
          <span className="muted mono">
            #{detail.seq} · connection {detail.connection} · {detail.direction === 'client-to-broker' ? '→ to broker' : '← to client'} · {formatTime(detail.at)}
          </span>
        ) : null}
      </div>
      <ErrorText error={selected && error ? `Cannot load frame #${selected.seq}: ${error.message}` : undefined} />
      {!detail ? (
        selected ? null : (
          <EmptyState title="No frame selected">
            <p>Pick a frame in the log (Enter or a click) to see its headers, framing and bytes.</p>
          </EmptyState>
        )
      ) : (
        <FrameDetail key={`${detail.logId}:${detail.seq}`} detail={detail} actions={actions} />
      )}
    </section>
  );
}

function FrameDetail({ detail, actions }: { detail: ProxyFrameDetail; actions?: (detail: ProxyFrameDetail) => ReactNode }) {
  const body = useMemo(() => (detail.bodyBase64 !== undefined ? base64ToBytes(detail.bodyBase64) : undefined), [detail]);
  const raw = useMemo(() => (detail.rawBase64 !== undefined ? base64ToBytes(detail.rawBase64) : undefined), [detail]);
  const altered = useMemo(() => (detail.alteredBase64 !== undefined ? base64ToBytes(detail.alteredBase64) : undefined), [detail]);
  const [view, setView] = useState<View>(detail.diagnostics.length && raw ? 'raw' : 'text');
  const [mark, setMark] = useState<number | undefined>(detail.diagnostics[0] ? detail.diagnostics[0].offset - detail.offset : undefined);
  const asMessage = useMemo(() => messageOf(detail), [detail]);
  const views: { value: View; label: string }[] = [
    { value: 'text', label: 'Text' },
    { value: 'hex', label: 'Hex' },
    { value: 'base64', label: 'Base64' },
    ...(raw ? [{ value: 'raw' as View, label: 'Whole frame' }] : []),
    ...(altered ? [{ value: 'altered' as View, label: 'Sent instead' }] : []),
  ];
  const bytes = view === 'raw' ? raw : view === 'altered' ? altered : body;
  const source = useMemo(() => (bytes ? new BodySource(undefined, bytes.length, bytes) : undefined), [bytes]);
  useEffect(() => () => source?.dispose(), [source]);
  const hexView: View[] = ['hex', 'raw', 'altered'];

  return (
    <div className="inspector-scroll">
      <div className="proxy-frame-facts">
        {detail.status ? <span className={`chip proxy-status-chip status-${detail.status}`}>{detail.status}</span> : null}
        <span className="muted">
          stream bytes {detail.offset}–{detail.offset + detail.size - 1} ({detail.size.toLocaleString()} bytes on the wire)
        </span>
        {actions?.(detail)}
      </div>
      {detail.diagnostics.length ? (
        <ul className="proxy-diagnostics" aria-label="Diagnostics of this frame">
          {detail.diagnostics.map((d, i) => (
            <li key={i}>
              <button
                type="button"
                className="proxy-link"
                onClick={() => {
                  setView('raw');
                  setMark(d.offset - detail.offset);
                }}
              >
                ⚠ {d.rule}
              </button>{' '}
              at byte {d.offset} (byte {d.offset - detail.offset} of the frame): {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      {detail.alteredDetail ? <p className="hint">What went out instead: {detail.alteredDetail}</p> : null}
      <HeadersTable detail={asMessage} />
      <FramingLine detail={asMessage} bodyBytes={detail.bodySize} />
      <div className="body-viewer">
        <div className="body-toolbar">
          <ToggleGroup.Root type="single" className="segmented" aria-label="Frame bytes as" value={view} onValueChange={(v) => v && setView(v as View)}>
            {views.map((v) => (
              <ToggleGroup.Item key={v.value} value={v.value} className="segment" aria-label={v.label}>
                {v.label}
              </ToggleGroup.Item>
            ))}
          </ToggleGroup.Root>
        </div>
        {!source ? (
          <p className="muted body-empty">The log let this frame's bytes go (it keeps the newest within its memory budget); a recording keeps them all.</p>
        ) : hexView.includes(view) ? (
          <HexView source={source} highlight={view === 'raw' && mark !== undefined ? { start: mark, end: mark + 1 } : undefined} />
        ) : view === 'base64' ? (
          <Base64View source={source} onCopied={() => undefined} />
        ) : (
          <TextView source={source} />
        )}
      </div>
    </div>
  );
}

/** The frame in the shape the shared inspector parts read. */
function messageOf(detail: ProxyFrameDetail): MessageDetail {
  const header = (name: string) => detail.headers.find(([n]) => n === name)?.[1];
  return {
    captureId: detail.logId,
    seq: detail.seq,
    receivedAt: detail.at,
    destination: header('destination'),
    messageId: header('message-id'),
    size: detail.size,
    contentType: header('content-type'),
    redelivered: header('redelivered') === 'true',
    ackState: 'none',
    preview: '',
    binary: false,
    command: detail.command,
    headers: detail.headers,
    bodyBase64: detail.bodyBase64 ?? '',
    framing: detail.framing,
    rawBase64: detail.rawBase64,
    bodySize: detail.bodySize,
  };
}
