/**
 * What can be done to the message: Ack and Nack (showing the header they will send, and how far a
 * cumulative ACK reaches), Replay, Edit & send, Copy, Save body, Resubmit to…
 */
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { MessageDetail } from '../../../../src-core/api';
import { download, safeFileName } from '../../lib/download';
import { decodeLenient } from '../../lib/bytes';
import { tooLargeFor, wholeBlob, wholeBody } from './body-source';
import { editAndSend, replay, settle } from '../../stores/message-actions';
import { useInspector } from '../../stores/inspector-store';
import { useMessages } from '../../stores/messages-store';
import { headersAsWireText } from '../../lib/header-text';
import { ReplayPreviewDialog, type RawMode } from './replay-preview-dialog';
import { ResubmitDialog } from './resubmit-dialog';
import { DiffButton } from '../diff/diff-button';

export function MessageActionsBar({ detail, bytes, offline, canReplay }: { detail: MessageDetail; bytes: Uint8Array; offline: boolean; canReplay: boolean }) {
  const preview = useInspector((s) => s.ackPreview);
  const previewError = useInspector((s) => s.ackPreviewError);
  const status = useInspector((s) => s.status);
  const selectedCount = useMessages((s) => s.selected.size);
  const [resubmitOpen, setResubmitOpen] = useState(false);
  const [rawMode, setRawMode] = useState<RawMode>();
  const pending = detail.ackState === 'pending';
  const many = selectedCount > 1 ? ` (${selectedCount})` : '';
  const setStatus = useInspector.getState().setStatus;
  const noAck = offline ? 'An imported capture has nothing to ack.' : pending ? undefined : `Nothing to settle: this message is ${detail.ackState === 'none' ? 'auto-acked' : detail.ackState}.`;

  const copy = (what: string, text: string) => {
    if (!navigator.clipboard) {
      setStatus({ ok: false, text: 'The clipboard is not available here (browser mode needs a secure context).' });
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setStatus({ ok: true, text: `Copied ${what}.` }),
      (e: Error) => setStatus({ ok: false, text: `Copy failed: ${e.message}` }),
    );
  };
  const copyBody = () => {
    const refusal = tooLargeFor(detail, 'copy');
    if (refusal) return setStatus({ ok: false, text: refusal });
    void wholeBody(detail, bytes).then(
      (body) => copy('the body', decodeLenient(body)),
      (e: Error) => setStatus({ ok: false, text: `Could not load the body: ${e.message}` }),
    );
  };
  const saveBody = async () => {
    const type = detail.contentType?.split(';')[0] ?? 'application/octet-stream';
    const ext = /json/.test(type) ? 'json' : /^text\//.test(type) ? 'txt' : /xml/.test(type) ? 'xml' : 'bin';
    // A large body reaches the inspector cut to its start: the rest is fetched page by page into a Blob.
    const body = await wholeBlob(detail, bytes, type).catch((e: Error) => {
      setStatus({ ok: false, text: `Could not load the body: ${e.message}` });
      return undefined;
    });
    if (!body) return;
    download(`${safeFileName(detail.messageId ?? `message-${detail.seq}`)}.${ext}`, body, type);
    setStatus({ ok: true, text: `Saved the body (${body.size.toLocaleString()} bytes).` });
  };

  return (
    <div className="actions">
      <div className="actions-row" role="toolbar" aria-label="Message actions">
        <button type="button" className="primary" onClick={() => void settle('ack')} disabled={!!noAck} title={noAck ?? 'A'}>
          Ack{many}
        </button>
        <button type="button" onClick={() => void settle('nack')} disabled={!!noAck} title={noAck ?? 'N'}>
          Nack{many}
        </button>
        <Menu.Root modal={false}>
          <Menu.Trigger className="button" disabled={!canReplay} title={canReplay ? 'R replays as captured' : 'Replay needs a live connection'}>
            Replay ▾
          </Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" sideOffset={4}>
              <Menu.Item className="menu-item" onSelect={() => void replay('as-captured')}>
                Replay as captured
              </Menu.Item>
              <Menu.Item className="menu-item" disabled={!detail.rawBase64} onSelect={() => setRawMode('raw')}>
                Replay byte for byte, as it travelled…
              </Menu.Item>
              <Menu.Item className="menu-item" disabled={!detail.rawBase64} onSelect={() => setRawMode('raw-clean')}>
                Replay byte for byte, without MESSAGE-only headers…
              </Menu.Item>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <button type="button" onClick={() => editAndSend(detail)}>
          Edit &amp; send
        </button>
        <DiffButton detail={detail} />
        <Menu.Root modal={false}>
          <Menu.Trigger className="button">Copy ▾</Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" sideOffset={4}>
              <Menu.Item className="menu-item" onSelect={() => copyBody()}>
                Copy body
              </Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => copy('the headers, escaped as on the wire', headersAsWireText(detail.headers))}>
                Copy headers
              </Menu.Item>
              <Menu.Item className="menu-item" disabled={!detail.messageId} onSelect={() => copy('the message ID', detail.messageId ?? '')}>
                Copy message ID
              </Menu.Item>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <button type="button" onClick={saveBody}>
          Save body
        </button>
        <button type="button" onClick={() => setResubmitOpen(true)} disabled={offline} title={offline ? 'An imported capture cannot be resubmitted' : undefined}>
          Resubmit to…
        </button>
      </div>
      {pending && preview ? (
        <div className="ack-preview">
          <span className="muted">Ack/Nack will send</span> <code className="mono">{preview.header.replace(/\n/g, '  ')}</code>
          {preview.covers.length > 1 ? (
            <span className="chip chip-warn">
              cumulative (client mode): settles {preview.covers.length} messages, #{preview.covers[0]}–#{preview.covers[preview.covers.length - 1]}
            </span>
          ) : null}
        </div>
      ) : null}
      {pending && previewError ? <p className="error-text">Cannot preview the ACK: {previewError.message}</p> : null}
      <div className={`action-status ${status ? `tone-${status.tone ?? (status.ok ? 'ok' : 'bad')}` : ''}`} role="status">
        {status?.text ?? ''}
        {status?.detail ? (
          <details>
            <summary>Broker’s full answer</summary>
            <pre className="mono">{status.detail}</pre>
          </details>
        ) : null}
      </div>
      <ReplayPreviewDialog mode={rawMode} source={{ captureId: detail.captureId, seq: detail.seq }} onClose={() => setRawMode(undefined)} />
      <ResubmitDialog open={resubmitOpen} onOpenChange={setResubmitOpen} from={detail.destination} />
    </div>
  );
}
