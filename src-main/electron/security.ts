/**
 * What the Electron shell refuses, whatever the page asks: navigating away, opening windows,
 * embedding webviews, permissions (but one), loading anything from the network, and running
 * without the strict Content-Security-Policy.
 */
import type { Event, HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { ELECTRON_CSP, isAppUrl } from './app-protocol';
import { contentSecurityPolicy } from '../shared/security-headers';

export type Log = (message: string, error?: unknown) => void;

/**
 * Only the app's own page asks for anything, and it may only write to the clipboard (its Copy
 * buttons use navigator.clipboard.writeText). Every other permission, from every origin, is no.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export interface SessionPolicy {
  /** The app's own pages: app://stomp-explorer/..., and the dev server's origin in development. */
  isTrustedUrl(url: string): boolean;
  /** electron-vite's dev server (development only); undefined when packaged. */
  readonly devOrigin?: string;
  readonly log: Log;
}

export function trustedUrlPolicy(devOrigin: string | undefined): (url: string) => boolean {
  return (url) => {
    if (isAppUrl(url)) return true;
    if (devOrigin === undefined) return false;
    try {
      return new URL(url).origin === devOrigin;
    } catch {
      return false;
    }
  };
}

/** Permissions, the network and response headers for the session the window uses. */
export function hardenSession(session: Session, policy: SessionPolicy): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const origin = details?.requestingUrl ?? webContents.getURL();
    const granted = ALLOWED_PERMISSIONS.has(permission) && policy.isTrustedUrl(origin);
    if (!granted) policy.log(`permission ${permission} denied to ${origin}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => ALLOWED_PERMISSIONS.has(permission) && policy.isTrustedUrl(requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  // No remote content: network schemes reach only the dev server in development.
  session.webRequest.onBeforeRequest((details, callback) => {
    const cancel = isNetworkUrl(details.url) && !(policy.devOrigin !== undefined && sameHostAndPort(details.url, policy.devOrigin));
    if (cancel) policy.log(`blocked a request to ${details.url}`);
    callback({ cancel });
  });

  // The app's pages always carry the strict policy (the index.html meta tag says the same); the
  // dev server's pages get a development variant that lets Vite's HMR socket and preamble run.
  const devCsp = contentSecurityPolicy({ connectSrc: ['ws://localhost:*', 'ws://127.0.0.1:*'] }).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
  session.webRequest.onHeadersReceived((details, callback) => {
    const csp = isAppUrl(details.url) ? ELECTRON_CSP : policy.isTrustedUrl(details.url) ? devCsp : undefined;
    if (csp === undefined) return callback({});
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

/**
 * Every web contents, present and future: no navigation away from the app's own pages (a reload
 * of the app stays possible), no new windows, no webviews.
 */
export function hardenWebContents(contents: WebContents, policy: Pick<SessionPolicy, 'isTrustedUrl' | 'log'>): void {
  const guard = (event: Event, url: string): void => {
    if (policy.isTrustedUrl(url)) return;
    event.preventDefault();
    policy.log(`navigation to ${url} refused`);
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    policy.log('a <webview> was refused');
  });
  contents.setWindowOpenHandler((details: HandlerDetails): WindowOpenHandlerResponse => {
    policy.log(`window.open(${details.url}) refused`);
    return { action: 'deny' };
  });
}

function isNetworkUrl(url: string): boolean {
  return /^(https?|wss?|ftp|file):/i.test(url);
}

function sameHostAndPort(url: string, origin: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(origin);
    return a.hostname === b.hostname && a.port === b.port;
  } catch {
    return false;
  }
}
