/**
 * Where JSON text first goes wrong, as line and column. Node 20's JSON.parse says what is wrong
 * but not always where, so after a failed parse this scans the text once (iteratively, linear)
 * to find the offset of the first byte that cannot be JSON.
 */

export interface JsonPosition {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** The first offending position, or the end of the text when it stops too early. */
export function jsonErrorPosition(text: string): JsonPosition {
  return position(text, firstBadOffset(text));
}

export function position(text: string, offset: number): JsonPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - before.lastIndexOf('\n') };
}

function firstBadOffset(text: string): number {
  // What may come next: a value, or (inside a container) a separator or the close.
  const stack: ('[' | '{')[] = [];
  let at = 0;
  let expect: 'value' | 'key' | 'colon' | 'after' | 'done' = 'value';
  const skip = () => {
    while (at < text.length && WS.has(text.charCodeAt(at))) at++;
  };
  for (;;) {
    skip();
    if (at >= text.length) return expect === 'done' ? -1 : at;
    const c = text[at];
    switch (expect) {
      case 'done':
        return at;
      case 'colon':
        if (c !== ':') return at;
        at++;
        expect = 'value';
        continue;
      case 'key':
        if (c === '}' && text[at - 1] !== ',' && lastNonWs(text, at) === '{') {
          stack.pop();
          at++;
          expect = stack.length ? 'after' : 'done';
          continue;
        }
        if (!match(STRING)) return at;
        expect = 'colon';
        continue;
      case 'after': {
        const open = stack[stack.length - 1];
        if (c === ',') {
          at++;
          expect = open === '{' ? 'key' : 'value';
          continue;
        }
        if ((open === '[' && c === ']') || (open === '{' && c === '}')) {
          stack.pop();
          at++;
          expect = stack.length ? 'after' : 'done';
          continue;
        }
        return at;
      }
      case 'value':
        if (c === '[' || c === '{') {
          stack.push(c);
          at++;
          if (c === '[') {
            skip();
            if (text[at] === ']') {
              stack.pop();
              at++;
              expect = stack.length ? 'after' : 'done';
            }
          } else expect = 'key';
          continue;
        }
        if (!(match(STRING) || match(NUMBER) || literal('true') || literal('false') || literal('null'))) return at;
        expect = stack.length ? 'after' : 'done';
        continue;
    }
  }

  function match(re: RegExp): boolean {
    re.lastIndex = at;
    if (!re.test(text)) return false;
    at = re.lastIndex;
    return true;
  }
  function literal(word: string): boolean {
    if (!text.startsWith(word, at)) return false;
    at += word.length;
    return true;
  }
}

function lastNonWs(text: string, before: number): string {
  let i = before - 1;
  while (i >= 0 && WS.has(text.charCodeAt(i))) i--;
  return text[i];
}

/** JSON.parse with a message that says where: `not valid JSON at line 3, column 5: Unexpected token`. */
export function parseJsonWithPosition(text: string): { ok: true; value: unknown } | { ok: false; message: string; position: JsonPosition } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const where = jsonErrorPosition(text);
    const reason = (error as Error).message.replace(/,? ?(".*" is not valid JSON|in JSON at position \d+.*)$/s, '').trim();
    return { ok: false, message: `not valid JSON at line ${where.line}, column ${where.column}: ${reason || 'unexpected input'}`, position: where };
  }
}
