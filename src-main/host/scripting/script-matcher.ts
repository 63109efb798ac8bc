/**
 * `script:` filters for the capture search: the rest of the filter text is a filter script
 * (src-core/scripting/filter-script.ts). The matcher answers a whole batch of records per sandbox
 * call (`batch`), which is how the capture search runs it; its per-message form is there for
 * other callers. The last few compiled scripts are kept, since the message list asks for pages of
 * the same filter again and again. Failures become FilterErrors: invalid-request, with the
 * script's words.
 */
import { FilterScript, ScriptError, type FilterMessage } from '../../../src-core/scripting';
import { FilterError } from '../capture/capture-errors';

export type BatchMatcher = (records: readonly FilterMessage[]) => boolean[];
export type ScriptMatcher = ((headers: FilterMessage['headers'], body: Uint8Array) => boolean) & { readonly batch: BatchMatcher };

export const SCRIPT_FILTER_PREFIX = 'script:';

/** Compiled scripts kept, most recent last. */
const KEPT = 4;
const kept = new Map<string, { matcher: ScriptMatcher; script: FilterScript }>();

export function scriptMatcher(source: string): ScriptMatcher {
  const key = source.trim();
  if (key === '') throw new FilterError('script: needs a filter script after it, e.g. script: headers.priority === "9" or script: (m) => m.body.json?.total > 100');
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit);
    return hit.matcher;
  }
  let script: FilterScript;
  try {
    script = FilterScript.compileLoaded(key);
  } catch (error) {
    throw asFilterError(error);
  }
  const batch: BatchMatcher = (records) => {
    try {
      return script.matchBatch(records);
    } catch (error) {
      throw asFilterError(error);
    }
  };
  const matcher = Object.assign((headers: FilterMessage['headers'], body: Uint8Array) => batch([{ headers, body }])[0], { batch });
  kept.set(key, { matcher, script });
  while (kept.size > KEPT) {
    const [oldest, entry] = kept.entries().next().value!;
    kept.delete(oldest);
    entry.script.dispose();
  }
  return matcher;
}

function asFilterError(error: unknown): Error {
  if (error instanceof ScriptError) return new FilterError(`script: ${error.message}`);
  return error as Error;
}
