/**
 * An error where the user acted: says what went wrong in one line. A broker's ERROR keeps its
 * `message` header in that line and its whole body (an ActiveMQ stack trace, say) one click away,
 * never pasted into the layout.
 */
import type { UiError } from '../lib/errors';

export function ErrorText({ error, id, className }: { error: UiError | string | undefined; id?: string; className?: string }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  const body = typeof error === 'string' ? undefined : brokerBody(error.details);
  const [first, ...rest] = message.split('\n');
  const more = [body, rest.length && !body ? rest.join('\n') : undefined].filter(Boolean).join('\n');
  return (
    <div className={`error-text ${className ?? ''}`} role="alert" id={id}>
      <p className="error-line">
        <span aria-hidden="true">⚠ </span>
        {first}
      </p>
      {more ? (
        <details>
          <summary>{body ? 'Full broker answer' : 'More'}</summary>
          <pre className="mono error-body">{more}</pre>
        </details>
      ) : null}
    </div>
  );
}

/** The body of a broker's ERROR, from an ApiError's details `{ message, body }`. */
function brokerBody(details: unknown): string | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const body = (details as { body?: unknown }).body;
  return typeof body === 'string' && body.trim() ? body : undefined;
}
