// Minimal STOMP over node:net / node:tls / ws for the broker smoke tests: deliberately independent
// of src-core, so these tests check the brokers, not the client.
import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';

export interface RawFrame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

/** A connection that sends raw bytes and hands out frames as they arrive. */
export interface RawConnection {
  send(frame: string | Buffer): void;
  /** The next frame (heart-beat EOLs skipped); rejects if the connection ends or times out first. */
  nextFrame(timeoutMs?: number): Promise<RawFrame>;
  close(): void;
  /** For TLS: the socket, to look at the peer certificate and authorization. */
  tlsSocket?: tls.TLSSocket;
  /** For WebSocket: the negotiated subprotocol. */
  protocol?: string;
}

export function frame(command: string, headers: Record<string, string | number>, body = ''): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}:${v}`);
  return `${command}\n${lines.join('\n')}${lines.length ? '\n' : ''}\n${body}\0`;
}

export function connectFrame(opts: { host: string; login: string; passcode: string }): string {
  return frame('CONNECT', { 'accept-version': '1.2', host: opts.host, login: opts.login, passcode: opts.passcode, 'heart-beat': '0,0' });
}

/** Splits a byte stream into frames (content-length honoured). */
class FrameQueue {
  private buf = Buffer.alloc(0);
  private frames: RawFrame[] = [];
  private waiters: { resolve: (f: RawFrame) => void; reject: (e: Error) => void }[] = [];
  private ended: Error | null = null;

  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === 0x0a || this.buf[start] === 0x0d)) start++;
      const headEnd = this.buf.indexOf('\n\n', start);
      if (headEnd < 0) break;
      const head = this.buf.subarray(start, headEnd).toString('utf8').replace(/\r/g, '').split('\n');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0 && !(line.slice(0, i) in headers)) headers[line.slice(0, i)] = line.slice(i + 1);
      }
      const bodyStart = headEnd + 2;
      const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : -1;
      const end = len >= 0 ? (this.buf.length > bodyStart + len ? bodyStart + len : -1) : this.buf.indexOf(0, bodyStart);
      if (end < 0) break;
      this.deliver({ command: head[0] ?? '', headers, body: this.buf.subarray(bodyStart, end).toString('utf8') });
      this.buf = this.buf.subarray(end + 1);
    }
  }

  private deliver(f: RawFrame): void {
    const w = this.waiters.shift();
    if (w) w.resolve(f);
    else this.frames.push(f);
  }

  end(err: Error): void {
    if (this.ended) return;
    this.ended = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  next(timeoutMs: number): Promise<RawFrame> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (fr: RawFrame) => {
          clearTimeout(timer);
          resolve(fr);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

function fromSocket(socket: net.Socket, ready: Promise<void>): Promise<RawConnection> {
  const q = new FrameQueue();
  socket.on('data', (c: Buffer) => q.push(c));
  socket.on('error', (e) => q.end(e));
  socket.on('close', () => q.end(new Error('connection closed')));
  return ready.then(() => ({
    send: (f: string | Buffer) => socket.write(f),
    nextFrame: (t = 10_000) => q.next(t),
    close: () => socket.destroy(),
    tlsSocket: socket instanceof tls.TLSSocket ? socket : undefined,
  }));
}

export function connectTcp(host: string, port: number): Promise<RawConnection> {
  const socket = net.connect({ host, port });
  return fromSocket(
    socket,
    new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    }),
  );
}

/** TLS connection; resolves after the handshake (rejects on a verification failure). */
export function connectTls(host: string, port: number, options: tls.ConnectionOptions): Promise<RawConnection> {
  const socket = tls.connect({ host, port, servername: 'localhost', ...options });
  return fromSocket(
    socket,
    new Promise((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    }),
  );
}

export function connectWs(url: string, protocols: string[] = ['v12.stomp']): Promise<RawConnection> {
  const ws = new WebSocket(url, protocols, { perMessageDeflate: false });
  const q = new FrameQueue();
  ws.on('message', (data: WebSocket.RawData) => q.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)));
  ws.on('close', (code) => q.end(new Error(`websocket closed (${code})`)));
  ws.on('error', (e) => q.end(e));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        send: (f: string | Buffer) => ws.send(f),
        nextFrame: (t = 10_000) => q.next(t),
        close: () => ws.close(),
        protocol: ws.protocol,
      }),
    );
    ws.once('error', reject);
  });
}

/** Sends CONNECT and returns the broker's answer (CONNECTED or ERROR). */
export async function handshake(conn: RawConnection, opts: { host: string; login: string; passcode: string }): Promise<RawFrame> {
  conn.send(connectFrame(opts));
  return conn.nextFrame();
}
