import type { Header } from '../../../src-core/protocol/frame';

/** The headers a message's row shows, in one pass (first occurrence wins, as with getHeader). */
export function listedHeaders(headers: readonly Header[]): { destination: string | undefined; contentType: string | undefined; redelivered: boolean } {
  let destination: string | undefined;
  let contentType: string | undefined;
  let redelivered: string | undefined;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    if (name === 'destination') destination ??= headers[i][1];
    else if (name === 'content-type') contentType ??= headers[i][1];
    else if (name === 'redelivered') redelivered ??= headers[i][1];
  }
  return { destination, contentType, redelivered: redelivered === 'true' };
}
