/**
 * The window loads the app from `app://stomp-explorer/`, a privileged standard scheme served from
 * out/renderer, not from file:// (which would give the page a file:// origin and reach into
 * every file the user can read). Responses carry the strict CSP and the other security headers.
 */
import type { Protocol } from 'electron';
import { contentSecurityPolicy, securityHeaders } from '../shared/security-headers';
import { readStaticFile } from '../shared/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'stomp-explorer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The policy of the Electron window: nothing beyond the app's own origin, not even loopback. */
export const ELECTRON_CSP = contentSecurityPolicy();

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // standard: a real origin and relative URLs; secure: a secure context; supportFetchAPI:
    // fetch(); codeCache: V8's code cache (faster starts). Same-origin module scripts need no
    // more. Left off on purpose: bypassCSP, service workers, and corsEnabled (which would let
    // other origins read the scheme).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Whether a URL is one of the app's own pages (the scheme, then the exact host). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The `protocol.handle('app', ...)` handler: the built renderer's files and nothing else. */
export function appProtocolHandler(rendererDir: string, csp: string = ELECTRON_CSP): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = securityHeaders(csp);
    const text = (status: number, body: string): Response =>
      new Response(body, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    if (!isAppUrl(request.url)) return text(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const path = request.url.slice(APP_ORIGIN.length) || '/';
    const file = await readStaticFile(rendererDir, path);
    if (file.status !== 200) return text(file.status, file.reason);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) },
    });
  };
}
