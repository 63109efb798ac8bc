/** A script's failure as the contract's error: invalid-request, with the kind and the place. */
import { ApiError } from '../../../src-core/api';
import type { ScriptError } from '../../../src-core/scripting/script-error';

export function scriptApiError(error: ScriptError, what: string): ApiError {
  const details = { kind: error.kind, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) };
  return new ApiError('invalid-request', `${what}: ${error.message}`, details);
}
