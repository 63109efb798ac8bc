/**
 * Serving the built renderer (out/renderer) safely, for the loopback web server and for the
 * Electron window's `app://` protocol alike: the app's own files only, with the right content
 * type, no directory listing and no way out of the folder. The headers that go with them are in
 * security-headers.ts.
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
