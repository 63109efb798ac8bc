/**
 * Serving the built renderer (out/renderer) safely, for the loopback web server and for the
 * Electron window's `app://` protocol alike: the app's own files only, with the right content
 * type, a strict Content-Security-Policy, no directory listing and no way out of the folder.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/**
 * The policy for the app's pages. Scripts only from the app itself (no inline script, no eval),
 * nothing embeddable, nothing embedding it, no form posts, and network access only to the app's
 * own origin plus, in browser mode, its WebSocket endpoint. Inline styles stay allowed: editor
 * and layout libraries inject <style> elements.
 */
export function contentSecurityPolicy(options: { readonly connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of the app's own pages carries. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
    'Cache-Control': 'no-cache',
  };
}

export type StaticResult =
  | { readonly status: 200; readonly path: string; readonly contentType: string; readonly body: Buffer }
  | { readonly status: 400 | 404; readonly reason: string };

/**
 * Finds the file a URL path names inside `rootDir` and reads it. `/` is index.html. Refuses
 * (400) encoded or literal `.`/`..` segments, backslashes and NUL bytes; anything that is not a
 * regular file inside the folder, after following links, is 404 (directories are never listed).
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticResult> {
  const pathname = urlPath.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith('/')) return { status: 400, reason: 'the path must be absolute' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, reason: 'the path is not valid percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, reason: 'the path has forbidden characters' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return { status: 400, reason: 'path traversal refused' };
  if (segments.some((s) => s.startsWith('.'))) return { status: 404, reason: 'not found' };
  const relative = segments.length === 0 ? ['index.html'] : segments;

  let root: string;
  try {
    root = await realpath(rootDir);
  } catch {
    return { status: 404, reason: 'the renderer is not built' };
  }
  const candidate = join(root, ...relative);
  let real: string;
  try {
    real = await realpath(candidate);
    if (!real.startsWith(root + sep)) return { status: 404, reason: 'not found' };
    if (!(await stat(real)).isFile()) return { status: 404, reason: 'not found' };
  } catch {
    return { status: 404, reason: 'not found' };
  }
  const body = await readFile(real);
  const contentType = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
  return { status: 200, path: real, contentType, body };
}
