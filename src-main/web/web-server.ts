/**
 * Browser mode: the built renderer and the contract on 127.0.0.1. HTTP serves the app's own files;
 * the WebSocket at /api carries the same JSON envelopes as Electron IPC (request → response,
 * events pushed to every client). A WebSocket is accepted only with the random token, from the
 * app's own origin, addressed to the loopback host name (no DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MAX_MESSAGE_BYTES, type ResponseEnvelope } from '../../src-core/api';
import { encodeEvent, encodeResponse, handleRawRequest, peekRequestId } from '../bridge-handler';
import type { Host } from '../host/host-api';
import { contentSecurityPolicy, securityHeaders } from '../shared/security-headers';
import { readStaticFile } from '../shared/static-files';
import { admitFrames, type FrameAdmission } from './frame-admission';
import { InFlightBudget } from './in-flight-budget';

export const API_PATH = '/api';
/** Offered by a client that passes its token as a WebSocket subprotocol (`token.<token>`). */
export const API_SUBPROTOCOL = 'stomp-explorer';
export const TOKEN_SUBPROTOCOL_PREFIX = 'token.';
/**
 * ws cuts a connection (close 1009) on a message this much above the request limit; a message
 * between the two is answered with a typed `too-large` error under its id, the socket kept.
 */
export const OVERSIZE_HEADROOM_BYTES = 1024 * 1024;
/**
 * Requests being received or handled hold at most this many bytes together, across every
 * connection: one request at the size limit plus room for the small ones the UI keeps sending.
 * A request past it is answered `busy` under its id, dropped unread (frame-admission.ts).
 */
export const MAX_IN_FLIGHT_BYTES = MAX_MESSAGE_BYTES + 32 * 1024 * 1024;const PING_INTERVAL_MS = 30_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43,}$/;

export interface WebServerOptions {
  readonly host: Host;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer: out/renderer. */
  readonly rendererDir: string;
  /** At least 32 random bytes as base64url; generated when absent. */
  readonly token?: string;
  /** Reported in app.hello. */
  readonly hostVersion?: string;
  /** The request size limit; MAX_MESSAGE_BYTES unless a test lowers it. */
  readonly maxMessageBytes?: number;
  /** The bound on request bytes in flight; MAX_IN_FLIGHT_BYTES (never below the size limit) unless a test lowers it. */
  readonly maxInFlightBytes?: number;
  readonly log?: (message: string, error?: unknown) => void;
}

export interface WebServer {
  /** The app's address without the token: http://127.0.0.1:PORT/ */
  readonly url: string;
  /** The address to open: url plus `#token=...` (the fragment never reaches a server log). */
  readonly appUrl: string;
  readonly port: number;
  readonly token: string;
  /** Stops listening and closes every client; the host is left to its owner. */
  close(): Promise<void>;
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { host, rendererDir } = options;
  const token = options.token ?? generateToken();
  if (!TOKEN_PATTERN.test(token)) throw new Error('the web server token must be at least 32 random bytes as base64url');
  const tokenBytes = Buffer.from(token, 'utf8');
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[stomp-explorer web] ${message}`, ...(error === undefined ? [] : [error])));
  const handlerOptions = { hostVersion: options.hostVersion, maxBytes, log };
  const budget = new InFlightBudget(options.maxInFlightBytes ?? Math.max(MAX_IN_FLIGHT_BYTES, maxBytes + OVERSIZE_HEADROOM_BYTES));

  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);
  let csp = '';

  const server = createServer((req, res) => {
    void serveHttp(req, res).catch((error: unknown) => {
      log(`serving ${req.url ?? '?'} failed`, error);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) return sendText(res, 403, 'STOMP Explorer answers only to 127.0.0.1 and localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'method not allowed');
    }
    const rawPath = req.url ?? '/';
    if (rawPath.split(/[?#]/, 1)[0] === API_PATH) return sendText(res, 426, 'the API is a WebSocket endpoint');
    const file = await readStaticFile(rendererDir, rawPath);
    if (file.status !== 200) return sendText(res, file.status, file.reason);
    res.writeHead(200, { ...securityHeaders(csp), 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  function sendText(res: ServerResponse, status: number, text: string): void {
    const body = Buffer.from(`${text}\n`, 'utf8');
    res.writeHead(status, { ...securityHeaders(csp), 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
    res.end(body);
  }

  const maxPayload = maxBytes + OVERSIZE_HEADROOM_BYTES;
  const admissions = new WeakMap<WebSocket, FrameAdmission>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload,
    handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
  });
  const clients = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req);
    if (refusal) {
      log(`WebSocket refused (${refusal.status}): ${refusal.reason}`);
      refuseUpgrade(socket, refusal.status, refusal.reason, securityHeaders(csp));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        admissions.set(ws, admitFrames(socket, {
          budget,
          maxPayload,
          onRefused: (start, bytes) => {
            if (ws.readyState === WebSocket.OPEN) ws.send(encodeResponse(busyResponse(start, bytes, budget), log));
          },
          onOverflow: () => {
            log('a fragmented request outgrew the in-flight bound: closing its connection');
            ws.terminate();
          },
        }));
      } catch (error) {
        log('cannot bound what this connection sends: refusing it', error);
        ws.terminate();
        return;
      }
      wss.emit('connection', ws, req);
    });
  });

  function checkUpgrade(req: IncomingMessage): { status: number; reason: string } | undefined {
    const rawPath = req.url ?? '';
    const [pathname] = rawPath.split('?', 1);
    if (pathname !== API_PATH) return { status: 404, reason: 'no WebSocket endpoint here' };
    if (!allowedHosts().includes(req.headers.host ?? '')) return { status: 403, reason: `foreign Host ${JSON.stringify(req.headers.host ?? '')}` };
    // Browsers always send Origin; only the app's own pages may connect. A client without Origin
    // is not a web page, and still needs the token.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) return { status: 403, reason: `foreign Origin ${JSON.stringify(origin)}` };
    const offered = presentedTokens(req);
    if (offered.length === 0) return { status: 401, reason: 'no token' };
    if (!offered.some(tokenMatches)) return { status: 401, reason: 'wrong token' };
    return undefined;
  }

  function presentedTokens(req: IncomingMessage): string[] {
    const tokens: string[] = [];
    const query = (req.url ?? '').split('?')[1];
    if (query !== undefined) tokens.push(...new URLSearchParams(query).getAll('token'));
    const protocols = req.headers['sec-websocket-protocol'];
    if (typeof protocols === 'string') {
      for (const p of protocols.split(',')) {
        const trimmed = p.trim();
        if (trimmed.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) tokens.push(trimmed.slice(TOKEN_SUBPROTOCOL_PREFIX.length));
      }
    }
    return tokens;
  }

  function tokenMatches(candidate: string): boolean {
    const bytes = Buffer.from(candidate, 'utf8');
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  }

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Reserved from the budget when its first frame arrived; released once answered.
      const reserved = admissions.get(ws)?.nextMessageReservation() ?? 0;
      const buffer = toBuffer(data);
      const raw = isBinary ? new Uint8Array(buffer) : buffer.toString('utf8');
      void handleRawRequest(host, raw, handlerOptions)
        .then((response) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(encodeResponse(response, log));
        })
        .finally(() => budget.release(reserved));
    });
    ws.on('close', () => {
      clients.delete(ws);
      admissions.get(ws)?.dispose();
    });
    ws.on('error', (error) => log(`a WebSocket client failed: ${error.message}`));
  });

  const unsubscribe = host.onEvent((event) => {
    if (clients.size === 0) return;
    const text = encodeEvent(event, log);
    if (text === undefined) return;
    for (const ws of clients) {
      try {
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
      } catch (error) {
        log('pushing an event failed', error);
      }
    }
  });

  const pinger = setInterval(() => {
    for (const ws of clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the web server has no TCP address');
  port = address.port;
  csp = contentSecurityPolicy({ connectSrc: allowedHosts().map((h) => `ws://${h}`) });
  const url = `http://127.0.0.1:${port}/`;

  let closing: Promise<void> | undefined;
  return {
    url,
    appUrl: `${url}#token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        clearInterval(pinger);
        for (const ws of clients) ws.close(1001, 'STOMP Explorer is shutting down');
        const force = setTimeout(() => {
          for (const ws of clients) ws.terminate();
        }, 1000);
        force.unref();
        wss.close();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}

/** The answer to a request the budget has no room for: typed, under its id (read from its first bytes), unread. */
function busyResponse(start: Buffer, bytes: number, budget: InFlightBudget): ResponseEnvelope {
  return {
    kind: 'response',
    id: peekRequestId(start.toString('utf8')),
    ok: false,
    error: {
      code: 'busy',
      message:
        `STOMP Explorer is busy: ${formatMiB(budget.usedBytes)} of requests are being handled and this one is ${formatMiB(bytes)}, ` +
        `past the ${formatMiB(budget.limitBytes)} it takes at once. Try again when they are done.`,
      details: { requestBytes: bytes, inFlightBytes: budget.usedBytes, limitBytes: budget.limitBytes },
    },
  };
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A refused upgrade is an HTTP answer like any other: it carries the same security headers. */
function refuseUpgrade(socket: Duplex, status: number, reason: string, headers: Record<string, string>): void {
  const body = `${reason}\n`;
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  socket.once('finish', () => socket.destroy());
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
