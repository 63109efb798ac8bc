/**
 * "Build messages with a script" in the composer: a payload script `(i, ctx) => ({ body, headers })`
 * makes each message of a send (from a counter, the time, random data, a template), previewed
 * before sending. It runs in the host's sandbox; the send is confirmed by receipts as any other.
 */
import type { ConnectionView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { formatBytes } from '../../lib/format';
import { useSends } from '../../stores/sends-store';
import { countProblem, usePayloadScript } from './payload-script-state';

export function PayloadScriptPanel({ connection }: { connection: ConnectionView | undefined }) {
  const state = usePayloadScript();
  const sending = useSends((s) => (connection ? s.running[connection.id] !== undefined : false));
  const problem = countProblem(state.countText);
  const connected = connection?.state === 'connected';
  return (
    <details className="composer-extra" aria-label="Build messages with a script" open={state.open} onToggle={(e) => state.patch({ open: (e.target as HTMLDetailsElement).open })}>
      <summary>Build messages with a script</summary>
      <p className="hint">
        A function of <code>i</code> (0, 1, 2…) and <code>ctx</code> (<code>count</code>, <code>destination</code>, <code>now</code>) returning <code>{'{ body, headers }'}</code>. It runs in a sandbox: no
        files, network or host; at most 1 s and 64 MiB per batch. The destination, receipt and transaction are the composer’s; its headers go on every message.
      </p>
      <textarea className="mono body-input" aria-label="Payload script" spellCheck={false} value={state.source} onChange={(e) => state.patch({ source: e.target.value })} />
      <div className="extra-row">
        <label>
          Messages{' '}
          <input
            className="narrow-input"
            aria-label="Messages to build"
            inputMode="numeric"
            value={state.countText}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => state.patch({ countText: e.target.value })}
          />
        </label>
        <button type="button" className="small" onClick={() => void state.runPreview()} disabled={state.previewing || !state.source.trim()}>
          {state.previewing ? 'Previewing…' : 'Preview'}
        </button>
        <button type="button" className="small" onClick={() => connection && void state.send(connection.id)} disabled={!connected || sending || !!problem || !state.source.trim()}>
          Send with script
        </button>
      </div>
      {problem ? <ErrorText error={problem} /> : null}
      {state.confirming ? (
        <div className="confirm-inline" role="alert">
          Send {Number(state.countText).toLocaleString()} scripted messages?{' '}
          <button type="button" className="small primary" onClick={() => connection && void state.send(connection.id)}>
            Send them
          </button>{' '}
          <button type="button" className="small" onClick={() => state.patch({ confirming: false })}>
            Not now
          </button>
        </div>
      ) : null}
      <ErrorText error={state.error} />
      {state.preview ? (
        <ol className="script-preview" aria-label="Preview of the first messages" start={0}>
          {state.preview.map((m) => (
            <li key={m.index}>
              <span className="mono muted">
                #{m.index} · {formatBytes(m.size)}
                {m.headers.length ? ` · ${m.headers.map(([n, v]) => `${n}:${v}`).join(' · ')}` : ''}
              </span>
              <pre className="mono">{m.text ?? `(binary, base64) ${m.bodyBase64.slice(0, 200)}${m.bodyBase64.length > 200 ? '…' : ''}`}</pre>
            </li>
          ))}
        </ol>
      ) : null}
    </details>
  );
}
