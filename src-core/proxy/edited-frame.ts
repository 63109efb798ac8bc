/**
 * The bytes to forward for a held frame the user edited. The frame is serialized by the rules of
 * the version the connection negotiated, keeping the user's choice about `content-length` (present
 * in the edited headers: written with the body's true length; absent: left out when the body has
 * no NUL, since a NUL would end it early). A CONNECT whose passcode was shown masked keeps the
 * passcode it really carried unless the user typed a new one.
 */
import { getHeader, withHeader, type Frame } from '../protocol/frame';
import { serializeFrame } from '../protocol/serializer';
import type { StompVersion } from '../protocol/spec';
import { isConnectCommand, rewriteConnect, shownHeaders, type ConnectRewrite } from './credentials';

export function editedFrameBytes(edited: Frame, original: Frame, version: StompVersion, rewrite: ConnectRewrite | undefined): Uint8Array {
  if (isConnectCommand(edited.command)) {
    let frame = edited;
    const typed = getHeader(edited, 'passcode');
    const real = getHeader(original, 'passcode');
    const masked = getHeader({ headers: shownHeaders(original.command, original.headers) }, 'passcode');
    if (typed !== undefined && real !== undefined && typed === masked) frame = withHeader(frame, 'passcode', real);
    return rewrite ? rewriteConnect(frame, rewrite).bytes : serializeFrame(frame, '1.0');
  }
  const keepLength = edited.headers.some(([name]) => name === 'content-length') || edited.body.includes(0);
  return serializeFrame(edited, version, { contentLength: keepLength ? 'auto' : 'omit' });
}
