/**
 * A user's script as the sandbox evaluates it: a function (`(m) => …`, `function (i, ctx) {…}`)
 * is used as written; anything else is an expression, made the body of a function over the
 * given parameters. Either way it sits one line below the wrapper's first line, so error line
 * numbers are shifted back by one.
 */

/** Lines the wrapper puts before the user's first line. */
export const SOURCE_LINE_OFFSET = 1;

const FUNCTION_START = /^(?:async\s+)?(?:function\b|\(\s*[\w$\s,{}[\]=.'"]*\)\s*=>|[\w$]+\s*=>)/;

export function isFunctionSource(source: string): boolean {
  return FUNCTION_START.test(stripLeadingComments(source));
}

/** JavaScript that evaluates to the user's function. */
export function wrapUserSource(source: string, parameters: readonly string[]): string {
  if (isFunctionSource(source)) return `(\n${source}\n)`;
  return `(function (${parameters.join(', ')}) { return (\n${source}\n); })`;
}

function stripLeadingComments(source: string): string {
  let text = source.trimStart();
  for (;;) {
    if (text.startsWith('//')) text = text.slice(text.indexOf('\n') + 1 || text.length).trimStart();
    else if (text.startsWith('/*')) text = text.slice(text.indexOf('*/') + 2 || text.length).trimStart();
    else return text;
  }
}
