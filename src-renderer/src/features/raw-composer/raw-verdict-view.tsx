/**
 * The verdict on the exact bytes Send will write: the strict parser (the first rule broken, at its
 * byte), the lenient parser (what it reads past), the lint, and the warnings for what brokers
 * refuse. Words and symbols, never colour alone.
 */
import type { RawCheck, RawVerdict } from '../../../../src-core/api/schemas/raw';
import { formatBytes } from '../../lib/format';

export function RawVerdictView({ check, stale }: { check: RawCheck; stale: boolean }) {
  return (
    <section className={`raw-verdict${stale ? ' is-stale' : ''}`} aria-label="Verdict" aria-busy={stale}>
      <p className="raw-verdict-head">
        <strong>{check.size.toLocaleString()} bytes</strong> ({formatBytes(check.headLength)} head, {formatBytes(check.bodyLength)} body) · judged as STOMP {check.version}{' '}
        <span className="muted">({check.versionFrom === 'connection' ? "the connection's negotiated version" : 'no live connection: the version chosen'})</span>
      </p>
      <ul className="raw-verdict-list">
        <VerdictLine label="Strict parser" verdict={check.strict} />
        <VerdictLine label="Lenient parser" verdict={check.lenient} />
        {check.lint.map((l, i) => (
          <li key={`lint-${i}`} className="tone-warn">
            <span aria-hidden="true">⚠ </span>Lint: <code className="mono">{l.rule}</code> at byte {l.offset}: {l.message}
          </li>
        ))}
      </ul>
      {check.warnings.length > 0 ? (
        <ul className="raw-warnings" aria-label="Warnings">
          {check.warnings.map((w, i) => (
            <li key={i} className="tone-warn">
              <span aria-hidden="true">⚠ </span>
              {w.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="tone-ok raw-no-warnings">
          <span aria-hidden="true">✓ </span>No warnings: nothing here that brokers are known to refuse.
        </p>
      )}
    </section>
  );
}

function VerdictLine({ label, verdict }: { label: string; verdict: RawVerdict }) {
  const frames = verdict.frames.map((f) => `${f.command || '(empty command)'}, ${f.bodyLength}-byte body (${f.framing === 'content-length' ? 'content-length' : 'ended at NUL'})`).join('; ');
  const read = verdict.frameCount === 0 ? 'no complete frame' : `${verdict.frameCount} frame${verdict.frameCount === 1 ? '' : 's'}: ${frames}${verdict.frameCount > verdict.frames.length ? '…' : ''}`;
  if (verdict.error) {
    return (
      <li className="tone-bad">
        <span aria-hidden="true">✗ </span>
        {label}: <code className="mono">{verdict.error.rule}</code> at byte {verdict.error.offset}: {verdict.error.message}
        {verdict.frameCount > 0 ? <span className="muted"> (before it, {read})</span> : null}
      </li>
    );
  }
  if (verdict.diagnosticCount > 0) {
    const first = verdict.diagnostics[0];
    return (
      <li className="tone-warn">
        <span aria-hidden="true">⚠ </span>
        {label}: reads {read}, past {verdict.diagnosticCount} broken rule{verdict.diagnosticCount === 1 ? '' : 's'}, first <code className="mono">{first.rule}</code> at byte {first.offset}: {first.message}
      </li>
    );
  }
  return (
    <li className="tone-ok">
      <span aria-hidden="true">✓ </span>
      {label}: reads {read}
    </li>
  );
}
