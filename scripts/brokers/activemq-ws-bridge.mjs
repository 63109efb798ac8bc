#!/usr/bin/env node
// WebSocket STOMP endpoint for ActiveMQ: Debian's activemq package lacks ActiveMQ's own ws://
// transport (activemq-http is not packaged: "Transport scheme NOT recognized: [ws]"), so this
// bridge accepts STOMP over WebSocket and relays it to ActiveMQ's STOMP TCP connector.
// Started and stopped by scripts/brokers/activemq.sh together with the broker.
//
//   node activemq-ws-bridge.mjs --listen 127.0.0.1:61623 --target 127.0.0.1:61614 [--log FILE]
// (--log only tags the process for activemq.sh; output goes to stdout.)
//
// One WebSocket connection = one TCP connection to the broker. Client -> broker: every WebSocket
// message's bytes are written as they are. Broker -> client: the byte stream is cut into whole
// STOMP frames (content-length honoured), one frame per WebSocket message -- text when the frame
// is valid UTF-8, binary otherwise -- as ActiveMQ's own ws transport sends one frame per message;
// heart-beat EOLs between frames go as "\n" messages. Subprotocols v12.stomp, v11.stomp,
// v10.stomp and stomp are accepted (the first the client offers).
import net from 'node:net';
import { isUtf8 } from 'node:buffer';
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const splitHostPort = (s) => {
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
};
const listen = splitHostPort(opt('--listen', '127.0.0.1:61623'));
const target = splitHostPort(opt('--target', '127.0.0.1:61614'));
const MAX_FRAME = 256 * 1024 * 1024; // above ActiveMQ's 100 MiB STOMP body limit
const HIGH_WATER = 8 * 1024 * 1024;
const SUBPROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp', 'stomp'];

const log = (msg) => process.stdout.write(`${new Date().toISOString()} ${msg}\n`);

/**
 * Cuts a STOMP byte stream into frames; calls onFrame(buf) and onHeartbeat(). Chunks are only
 * joined once a frame can be complete (known content-length reached, or a NUL arrived), so a
 * 100 MiB body in 64 KiB chunks costs one copy, not thousands.
 */
class Framer {
  constructor(onFrame, onHeartbeat) {
    this.chunks = [];
    this.total = 0;
    this.wait = null; // null | { kind: 'len', total } | { kind: 'nul' }
    this.onFrame = onFrame;
    this.onHeartbeat = onHeartbeat;
  }
  push(chunk) {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.total > MAX_FRAME) throw new Error('frame larger than 256 MiB');
    if (this.wait?.kind === 'len' && this.total < this.wait.total) return;
    if (this.wait?.kind === 'nul' && chunk.indexOf(0) < 0) return;
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
    this.wait = null;
    let pos = 0;
    for (;;) {
      // EOLs before a frame are heart-beats.
      while (pos < buf.length && (buf[pos] === 0x0a || buf[pos] === 0x0d)) {
        if (buf[pos] === 0x0a) this.onHeartbeat();
        pos++;
      }
      if (pos >= buf.length) break;
      const r = frameEnd(buf, pos);
      if (r.end < 0) {
        this.wait = r.wait;
        break;
      }
      this.onFrame(buf.subarray(pos, r.end + 1));
      pos = r.end + 1;
      // EOLs right after a frame's NUL go with it (ActiveMQ ends frames with "\0\n"): dropped.
      while (pos < buf.length && (buf[pos] === 0x0a || buf[pos] === 0x0d)) pos++;
    }
    const rest = buf.subarray(pos);
    this.chunks = rest.length ? [Buffer.from(rest)] : [];
    this.total = rest.length;
    if (this.wait?.kind === 'len') this.wait.total -= pos;
  }
}

/** Where the frame starting at pos ends (its NUL), or what to wait for when incomplete. */
function frameEnd(buf, pos) {
  let bodyStart = -1;
  let headEnd = -1;
  for (let i = buf.indexOf(0x0a, pos); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) {
      headEnd = i;
      bodyStart = i + 2;
      break;
    }
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) {
      headEnd = i;
      bodyStart = i + 3;
      break;
    }
  }
  if (headEnd < 0) return { end: -1, wait: null };
  const head = buf.subarray(pos, headEnd).toString('utf8');
  const m = /(?:^|\n)content-length:(\d+)\r?(?:\n|$)/.exec(head);
  if (m) {
    const end = bodyStart + Number(m[1]);
    return end < buf.length ? { end } : { end: -1, wait: { kind: 'len', total: end + 1 } };
  }
  const end = buf.indexOf(0, bodyStart);
  return end >= 0 ? { end } : { end: -1, wait: { kind: 'nul' } };
}

const wss = new WebSocketServer({
  host: listen.host,
  port: listen.port,
  perMessageDeflate: false,
  maxPayload: MAX_FRAME,
  handleProtocols: (offered) => SUBPROTOCOLS.find((p) => offered.has(p)) ?? false,
});

wss.on('listening', () => log(`listening on ws://${listen.host}:${listen.port}, relaying to ${target.host}:${target.port}`));
wss.on('error', (err) => {
  log(`server error: ${err.message}`);
  process.exit(1);
});

wss.on('connection', (ws, req) => {
  const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
  const tcp = net.connect({ host: target.host, port: target.port });
  tcp.setNoDelay(true);
  let pending = 0; // bytes handed to ws.send and not yet written

  const sent = (n) => () => {
    pending -= n;
    if (pending < HIGH_WATER / 2 && tcp.isPaused()) tcp.resume();
  };
  const send = (data, binary) => {
    if (ws.readyState !== ws.OPEN) return;
    pending += data.length;
    ws.send(data, { binary }, sent(data.length));
    if (pending > HIGH_WATER) tcp.pause();
  };
  const framer = new Framer(
    (frame) => send(frame, !isUtf8(frame)),
    () => send('\n', false),
  );

  tcp.on('data', (chunk) => {
    try {
      framer.push(chunk);
    } catch (err) {
      log(`${peer}: ${err.message}`);
      ws.close(1009, 'frame too large');
      tcp.destroy();
    }
  });
  tcp.on('error', (err) => {
    if (ws.readyState === ws.OPEN) ws.close(1011, `broker: ${err.code ?? err.message}`.slice(0, 120));
    else ws.terminate();
  });
  tcp.on('close', () => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
  });

  ws.on('message', (data) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (!tcp.write(buf)) {
      ws.pause();
      tcp.once('drain', () => ws.resume());
    }
  });
  ws.on('close', () => tcp.end());
  ws.on('error', () => tcp.destroy());
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    for (const client of wss.clients) client.terminate();
    wss.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
