/**
 * The raw frame composer (dock tab "Raw frame"): a frame built byte by byte, the host's verdict on
 * exactly those bytes (strict and lenient parser, lint, what brokers refuse), then Send writes them
 * as they are and shows what the broker answered. Ctrl/Cmd+Enter sends.
 */
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../../../src-core/api';
import type { RawCheck } from '../../../../src-core/api/schemas/raw';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorText } from '../../components/error-text';
import { SuggestInput } from '../../components/suggest-input';
import { useRawComposer, waitMsOf, WAIT_MAX_S } from '../../stores/raw-composer-store';
import { RawAnswerView } from './raw-answer-view';
import { RawBody } from './raw-body';
import { RawBytesView } from './raw-bytes-view';
import { RawHeaders } from './raw-headers';
import { RawOptions } from './raw-options';
import { RawTemplatesMenu } from './raw-templates-menu';
import { RawVerdictView } from './raw-verdict-view';
import { COMMAND_SUGGESTIONS } from './raw-vocabulary';
import './raw-composer.css';

export function RawComposer({ connection }: { connection: ConnectionView | undefined }) {
  const command = useRawComposer((s) => s.command);
  const check = useRawComposer((s) => s.check);
  const checkError = useRawComposer((s) => s.checkError);
  const stale = useRawComposer((s) => s.checkedEdit !== s.edit);
  const sending = useRawComposer((s) => s.sending);
  const waitText = useRawComposer((s) => s.waitText);
  const note = useRawComposer((s) => s.note);
  const [confirming, setConfirming] = useState(false);
  const store = useRawComposer.getState();
  const live = connection?.state === 'connected';
  const connectionKey = connection ? `${connection.id}:${connection.state}:${connection.version ?? ''}` : undefined;
  useEffect(() => useRawComposer.getState().setConnection(connection?.id, connectionKey), [connection?.id, connectionKey]);
  useEffect(() => {
    void useRawComposer.getState().loadTemplates();
    void useRawComposer.getState().checkNow();
  }, []);

  const wait = waitMsOf(waitText);
  const bodyProblem = checkError && (checkError.details as { field?: string } | undefined)?.field === 'body' ? checkError.message : undefined;
  const cannotSend = !connection ? 'Open a connection to send raw bytes.' : !live ? `The connection is ${connection.state}: raw bytes need a live one.` : typeof wait === 'string' ? 'The wait is not valid.' : undefined;
  const problems = check ? trouble(check) : [];
  const send = async () => {
    if (cannotSend || sending) return;
    // The verdict that decides whether to ask is the one on the bytes about to go: a fresh one.
    if (useRawComposer.getState().checkedEdit !== useRawComposer.getState().edit) await store.checkNow();
    const fresh = useRawComposer.getState().check;
    if (!fresh) return;
    if (trouble(fresh).length > 0) setConfirming(true);
    else void store.send();
  };

  return (
    <div
      className="raw-composer"
      role="group"
      aria-label="Raw frame composer"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          void send();
        }
      }}
    >
      <div className="raw-col raw-col-frame">
        <div className="field raw-command">
          <label htmlFor="raw-command">Command</label>
          <SuggestInput id="raw-command" className="mono" value={command} spellCheck={false} onValueChange={(v) => store.patch({ command: v })} suggestions={COMMAND_SUGGESTIONS} />
        </div>
        <RawHeaders />
        <RawBody problem={bodyProblem} />
        <RawOptions negotiated={live ? connection?.version : undefined} />
      </div>
      <div className="raw-col raw-col-verdict">
        {check ? <RawVerdictView check={check} stale={stale} /> : null}
        {checkError && !bodyProblem ? <ErrorText error={`Cannot build these bytes: ${checkError.message}`} /> : null}
        <div className="raw-send-bar">
          <label className="inline-field">
            Wait for an answer up to{' '}
            <input
              className="num raw-wait"
              aria-label="Seconds to wait for the answer"
              inputMode="decimal"
              value={waitText}
              aria-invalid={typeof wait === 'string' ? true : undefined}
              onChange={(e) => store.patch({ waitText: e.target.value })}
            />{' '}
            s
          </label>
          <button type="button" className="primary" onClick={() => void send()} disabled={!!cannotSend || sending} title={cannotSend ?? 'Ctrl/Cmd+Enter'}>
            {sending ? 'Sending…' : 'Send bytes'}
          </button>
          <RawTemplatesMenu />
        </div>
        {typeof wait === 'string' ? <p className="error-text">The wait must be {wait} (at most {WAIT_MAX_S} s).</p> : null}
        {cannotSend ? <p className="muted">{cannotSend}</p> : null}
        <p className={`action-status ${note ? `tone-${note.ok ? 'ok' : 'bad'}` : ''}`} role="status">
          {note?.text ?? ''}
        </p>
        <RawAnswerView />
        {check ? <RawBytesView check={check} /> : null}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Send a frame the broker may refuse?"
        description={`${problems.join(' ')} The bytes go out exactly as shown.`}
        confirmLabel="Send anyway"
        onConfirm={() => store.send()}
      />
    </div>
  );
}

/** One short sentence per reason the frame is not clean, for the confirmation. */
function trouble(check: RawCheck): string[] {
  const out: string[] = [];
  if (check.strict.error) out.push(`The strict parser stops at byte ${check.strict.error.offset} (${check.strict.error.rule}).`);
  if (check.lint.length) out.push(`${check.lint.length} lint finding${check.lint.length === 1 ? '' : 's'} (${check.lint[0].rule} at byte ${check.lint[0].offset}).`);
  if (check.warnings.length) out.push(`${check.warnings.length} warning${check.warnings.length === 1 ? '' : 's'}.`);
  return out;
}
