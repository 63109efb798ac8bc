/**
 * Where a field path (`items[2].qty`, `attrs["colour"]`) sits in JSON text, so an encode error can
 * select the field it names in the editor. One linear pass over the text; undefined when the path
 * is not there (a missing field) or the text is not JSON.
 */

type Segment = string | number;

export function pathSegments(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /([A-Za-z_$#][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < path.length) {
    if (path[at] === '.') at++;
    re.lastIndex = at;
    m = re.exec(path);
    if (!m) return out;
    out.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : JSON.parse(`"${m[3]}"`));
    at = re.lastIndex;
  }
  return out;
}

interface Frame {
  readonly array: boolean;
  key: Segment | undefined;
  index: number;
}

/** [start, end) of the field's key (or of the array item's value). */
export function locatePath(text: string, path: string): { start: number; end: number } | undefined {
  const want = pathSegments(path);
  if (want.length === 0) return undefined;
  const stack: Frame[] = [];
  const matches = () => stack.length === want.length && stack.every((f, i) => f.key === want[i]);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      const top = stack[stack.length - 1];
      // A string followed by a colon is a key.
      let j = end;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (top && !top.array && text[j] === ':') {
        try {
          top.key = JSON.parse(text.slice(i, end)) as string;
        } catch {
          return undefined;
        }
        if (matches()) return { start: i, end };
      } else if (top?.array && matches()) return { start: i, end };
      i = end;
      continue;
    }
    if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      if (top?.array && matches()) return { start: i, end: i + 1 };
      stack.push({ array: c === '[', key: c === '[' ? 0 : undefined, index: 0 });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.key = ++top.index;
      i++;
      continue;
    }
    if (!/[\s:]/.test(c)) {
      // A number or literal: an array item may be the one wanted.
      const top = stack[stack.length - 1];
      let j = i;
      while (j < text.length && !/[\s,\]}:]/.test(text[j])) j++;
      if (top?.array && matches()) return { start: i, end: j };
      i = j;
      continue;
    }
    i++;
  }
  return undefined;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}
