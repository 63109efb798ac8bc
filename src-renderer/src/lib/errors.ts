/** Failed requests, as the UI shows them: a code to branch on and words for people. */
export interface UiError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

export function toUiError(error: unknown): UiError {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; details?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : String(error);
    return { code: typeof e.code === 'string' ? e.code : 'internal', message, details: e.details };
  }
  return { code: 'internal', message: String(error) };
}

export function errorText(error: unknown): string {
  return toUiError(error).message;
}

/** The span of a bad broker URI, from profiles.checkUri's details { offset, length, problem }. */
export function uriErrorSpan(details: unknown): { offset: number; length: number; problem?: string } | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const d = details as { offset?: unknown; length?: unknown; problem?: unknown };
  if (typeof d.offset !== 'number') return undefined;
  return { offset: d.offset, length: typeof d.length === 'number' ? Math.max(1, d.length) : 1, problem: typeof d.problem === 'string' ? d.problem : undefined };
}
