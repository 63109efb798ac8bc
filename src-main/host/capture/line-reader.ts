/**
 * Lines with their 1-based numbers, from one big string or from chunks (a file stream), without
 * splitting everything into an array first: an import may be hundreds of MiB. A trailing `\r` is
 * dropped, so CRLF files read the same.
 */

export type LineSource = string | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface NumberedLine {
  readonly number: number;
  readonly text: string;
}

export async function* readLines(source: LineSource): AsyncGenerator<NumberedLine> {
  if (typeof source === 'string') {
    yield* linesOfString(source);
    return;
  }
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let number = 0;
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      yield { number: ++number, text: trimCr(pending.slice(start, nl)) };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== '') yield { number: ++number, text: trimCr(pending) };
}

function* linesOfString(text: string): Generator<NumberedLine> {
  let number = 0;
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    yield { number: ++number, text: trimCr(text.slice(start, nl)) };
    start = nl + 1;
  }
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
