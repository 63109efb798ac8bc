/** Zod's findings in the words the stores put into errors and diagnostics. */
import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path from the validated value: `tls.caFile`, `heartBeat.0`; `(root)` for the value. */
  readonly path: string;
  readonly message: string;
}

export function fieldIssues(error: z.ZodError, limit = 20): FieldIssue[] {
  return error.issues.slice(0, limit).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

export function summarizeIssues(issues: readonly FieldIssue[], limit = 3): string {
  const shown = issues.slice(0, limit).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > limit) shown.push(`and ${issues.length - limit} more`);
  return shown.join('; ');
}
