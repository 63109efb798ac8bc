/**
 * A frame exactly as it travelled: the command, the headers in wire order with duplicates kept
 * (the inspector shows what was on the wire), and the body as bytes.
 */

export type Header = readonly [name: string, value: string];

export interface Frame {
  readonly command: string;
  readonly headers: readonly Header[];
  readonly body: Uint8Array;
}

/** How the parser found the end of the body: by `content-length`, or at the first NUL. */
export type Framing = 'content-length' | 'nul';

/** A frame as the parser saw it: with its framing and its place in the stream. */
export interface ParsedFrame extends Frame {
  readonly framing: Framing;
  /** Byte offset of the command's first byte in the whole stream fed to the parser. */
  readonly offset: number;
  /** Bytes the frame occupied on the wire, from the command to the NUL inclusive. */
  readonly size: number;
  /**
   * The head is plain: ASCII without a backslash or CR, every header line with its colon. Its
   * lines then read exactly as the parsed `name:value` pairs (no escape, no line-end variant), so
   * a reader of the bytes may trust them without parsing (the app's capture search does).
   */
  readonly plainHead?: boolean;
}

export const EMPTY_BODY: Uint8Array = new Uint8Array(0);

export function createFrame(
  command: string,
  headers: readonly Header[] | Readonly<Record<string, string>> = [],
  body: Uint8Array | string = EMPTY_BODY,
): Frame {
  return {
    command,
    headers: Array.isArray(headers) ? headers : Object.entries(headers),
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  };
}

/** The spec's rule for repeated headers: the first occurrence counts. */
export function getHeader(frame: Pick<Frame, 'headers'>, name: string): string | undefined {
  // Indexed rather than destructured: this runs several times for every message received.
  const headers = frame.headers;
  for (let i = 0; i < headers.length; i++) if (headers[i][0] === name) return headers[i][1];
  return undefined;
}

export function getAllHeaders(frame: Pick<Frame, 'headers'>, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of frame.headers) if (key === name) values.push(value);
  return values;
}

/** The headers as a record where the first occurrence of each name wins. */
export function headerRecord(frame: Pick<Frame, 'headers'>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of frame.headers) if (!(key in record)) record[key] = value;
  return record;
}

/** Replaces every occurrence of `name` with one header in the first one's place (or at the end). */
export function withHeader(frame: Frame, name: string, value: string): Frame {
  const headers: Header[] = [];
  let placed = false;
  for (const header of frame.headers) {
    if (header[0] !== name) headers.push(header);
    else if (!placed) {
      headers.push([name, value]);
      placed = true;
    }
  }
  if (!placed) headers.push([name, value]);
  return { ...frame, headers };
}

export function withoutHeaders(frame: Frame, names: ReadonlySet<string>): Frame {
  return { ...frame, headers: frame.headers.filter(([key]) => !names.has(key)) };
}

const utf8 = new TextDecoder('utf-8');
export function bodyText(frame: Pick<Frame, 'body'>): string {
  return utf8.decode(frame.body);
}
