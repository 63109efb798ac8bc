/**
 * One GET of a JSON document over http or https, with Basic credentials, a deadline and a size
 * limit. Redirects are not followed: they would carry the credentials to wherever they point.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpGetOptions {
  readonly login?: string;
  readonly passcode?: string;
  readonly timeoutMs?: number;
  /** Larger answers are refused (the management API's queue list is paged well under this). */
  readonly maxBytes?: number;
  /** For https: CA to trust, and whether to verify at all (on unless the profile switched it off). */
  readonly ca?: Buffer;
  readonly rejectUnauthorized?: boolean;
}

export class HttpGetError extends Error {
  override readonly name = 'HttpGetError';
  constructor(
    message: string,
    /** The HTTP status when the server answered. */
    readonly status?: number,
    /** The answer's JSON, when it had one (RabbitMQ's errors: { error, reason }). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export function httpGetJson(url: URL, options: HttpGetOptions = {}): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.login !== undefined) headers.authorization = `Basic ${Buffer.from(`${options.login}:${options.passcode ?? ''}`).toString('base64')}`;
  const tls = url.protocol === 'https:' ? { ca: options.ca, rejectUnauthorized: options.rejectUnauthorized !== false } : {};
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers, timeout: timeoutMs, ...tls }, (res) => {
      read(res, maxBytes).then(
        (text) => {
          const body = parse(text);
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) reject(new HttpGetError(`answered ${status} with a redirect to ${res.headers.location ?? '(nowhere)'}`, status));
          else if (status !== 200) reject(new HttpGetError(`answered HTTP ${status}${describe(body)}`, status, body));
          else if (body === undefined) reject(new HttpGetError('answered with something that is not JSON', status));
          else resolve(body);
        },
        (error: Error) => reject(new HttpGetError(error.message)),
      );
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new HttpGetError(error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message)));
    req.end();
  });
}

function read(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new Error(`the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(body: unknown): string {
  const b = body as { error?: unknown; reason?: unknown } | undefined;
  if (!b || typeof b !== 'object') return '';
  const parts = [b.error, b.reason].filter((p) => typeof p === 'string' && p);
  return parts.length ? ` (${parts.join(': ')})` : '';
}
