/** An error where the user acted: says what went wrong (and the code, for searching logs). */
import type { UiError } from '../lib/errors';

export function ErrorText({ error, id, className }: { error: UiError | string | undefined; id?: string; className?: string }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <p className={`error-text ${className ?? ''}`} role="alert" id={id}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}
