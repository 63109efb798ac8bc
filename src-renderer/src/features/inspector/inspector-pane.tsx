/** The inspector: headers in wire order, how the body was framed, the body, and the actions. */
import { useEffect, useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { base64ToBytes } from '../../lib/bytes';
import { formatTime } from '../../lib/format';
import { useInspector } from '../../stores/inspector-store';
import { useMessages } from '../../stores/messages-store';
import { BodyViewer } from './body-viewer';
import { FramingLine } from './framing-line';
import { HeadersTable } from './headers-table';
import { MessageActionsBar } from './message-actions-bar';

export function InspectorPane({ offline, canReplay }: { offline: boolean; canReplay: boolean }) {
  const captureId = useMessages((s) => s.captureId);
  const focusSeq = useMessages((s) => s.focusSeq);
  const detail = useInspector((s) => s.detail);
  const loading = useInspector((s) => s.loading);
  const error = useInspector((s) => s.error);
  useEffect(() => useInspector.getState().show(captureId !== undefined && focusSeq !== undefined ? { captureId, seq: focusSeq } : undefined), [captureId, focusSeq]);
  const bytes = useMemo(() => (detail ? base64ToBytes(detail.bodyBase64) : new Uint8Array()), [detail]);
  const setStatus = useInspector.getState().setStatus;

  return (
    <section className="pane inspector" aria-labelledby="inspector-h" data-pane="inspector" tabIndex={-1}>
      <div className="pane-toolbar">
        <h2 className="pane-title" id="inspector-h">
          Inspector
        </h2>
        {detail ? (
          <span className="muted mono">
            #{detail.seq} · {formatTime(detail.receivedAt)}
          </span>
        ) : null}
        {loading ? <span className="muted">loading…</span> : null}
      </div>
      <ErrorText error={error ? `Cannot load message #${focusSeq}: ${error.message}` : undefined} />
      {!detail ? (
        focusSeq === undefined ? (
          <EmptyState title="No message selected">
            <p>Pick a message in the list (↑/↓ or J/K) to see its headers and body.</p>
          </EmptyState>
        ) : null
      ) : (
        <div className="inspector-scroll">
          <MessageActionsBar detail={detail} bytes={bytes} offline={offline} canReplay={canReplay} />
          <HeadersTable detail={detail} />
          <FramingLine detail={detail} bodyBytes={detail.bodySize ?? bytes.length} />
          <BodyViewer bytes={bytes} contentType={detail.contentType} onCopied={(text) => setStatus({ ok: true, text })} />
        </div>
      )}
    </section>
  );
}
