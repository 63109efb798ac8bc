/**
 * Byte-for-byte replay, seen before it is sent: the exact bytes (every line, CR, NUL shown by name),
 * the header lines left out when cleaned, and why a broker would refuse them. Send writes exactly
 * these bytes; the outcome appears beside the message's actions.
 */
import { useEffect, useState } from 'react';
import type { MethodResult } from '../../../../src-core/api';
import { request } from '../../api-client';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { base64ToBytes } from '../../lib/bytes';
import { errorText } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { frameSegments } from '../../lib/frame-text';
import { replay } from '../../stores/message-actions';

export type RawMode = 'raw' | 'raw-clean';

export function ReplayPreviewDialog({ mode, source, onClose }: { mode: RawMode | undefined; source: { captureId: string; seq: number }; onClose(): void }) {
  const [preview, setPreview] = useState<MethodResult<'messages.replayPreview'>>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    if (!mode) return;
    let live = true;
    request('messages.replayPreview', { source, mode }).then(
      (p) => live && setPreview(p),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [mode, source.captureId, source.seq]);
  if (!mode) return null;
  const bytes = preview ? base64ToBytes(preview.bytesBase64) : undefined;
  const visible = bytes ? frameSegments(bytes) : undefined;
  const title = mode === 'raw' ? 'Replay byte for byte, as it travelled' : 'Replay byte for byte, without MESSAGE-only headers';
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title} description="These exact bytes will be written to the connection. No receipt can be asked without changing them: the result says “not confirmed” unless the broker answers ERROR." wide>
      <ErrorText error={error} />
      {preview && bytes && visible ? (
        <>
          <p className="muted">
            {formatBytes(bytes.length)} · command SEND
            {preview.removed.length ? ` · left out: ${preview.removed.join(', ')}` : ''}
          </p>
          {preview.warnings.map((w) => (
            <p key={w} className="chip-warn warning-line" role="note">
              ⚠ {w}
            </p>
          ))}
          <pre className="mono frame-preview" aria-label="Bytes to send" tabIndex={0}>
            {visible.segments.map((seg, i) =>
              seg.mark ? (
                <span key={i} className="byte-mark">
                  {seg.text}
                </span>
              ) : (
                seg.text
              ),
            )}
            {visible.omitted ? `\n… ${visible.omitted.toLocaleString()} more bytes of body` : ''}
          </pre>
        </>
      ) : !error ? (
        <p className="muted">Loading the bytes…</p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!preview}
          onClick={() => {
            onClose();
            void replay(mode);
          }}
        >
          Send {bytes ? formatBytes(bytes.length) : ''}
        </button>
      </div>
    </Dialog>
  );
}
