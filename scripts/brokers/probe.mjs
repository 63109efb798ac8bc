#!/usr/bin/env node
// A real STOMP handshake probe: connects, sends CONNECT and exits 0 when CONNECTED arrives.
//
//   node scripts/brokers/probe.mjs HOST PORT [--tls CAFILE] [--ws PATH] [--timeout MS]
//        [--login L] [--passcode P] [--vhost H] [--quiet]
//
// --tls CAFILE  TLS, verifying the server against CAFILE (servername "localhost")
// --ws PATH     WebSocket (ws://HOST:PORT/PATH, subprotocol v12.stomp) instead of raw TCP
// Exit codes: 0 CONNECTED; 1 network/TLS error or connection closed; 2 the broker answered
// ERROR (e.g. bad login); 3 timeout; 64 usage. Failure prints one line on stderr.
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';

const args = process.argv.slice(2);
const opts = { timeout: 5000, login: 'guest', passcode: 'guest', vhost: '/', tls: null, ws: null, quiet: false };
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    return args[++i];
  };
  if (a === '--tls') opts.tls = next();
  else if (a === '--ws') opts.ws = next();
  else if (a === '--timeout') opts.timeout = Number(next());
  else if (a === '--login') opts.login = next();
  else if (a === '--passcode') opts.passcode = next();
  else if (a === '--vhost') opts.vhost = next();
  else if (a === '--quiet') opts.quiet = true;
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length !== 2 || !Number.isInteger(Number(positional[1]))) usage('HOST and PORT are required');
const [host, portText] = positional;
const port = Number(portText);
const where = `${opts.ws ? 'ws' : opts.tls ? 'tls' : 'tcp'}://${host}:${port}${opts.ws ?? ''}`;

function usage(msg) {
  process.stderr.write(`probe: ${msg}\nusage: probe.mjs HOST PORT [--tls CAFILE] [--ws PATH] [--timeout MS] [--login L] [--passcode P] [--vhost H]\n`);
  process.exit(64);
}

let finished = false;
let cleanup = () => {};
function finish(code, line) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  if (code === 0) {
    if (!opts.quiet) process.stdout.write(`probe: ${where} ${line}\n`);
  } else {
    process.stderr.write(`probe: ${where} ${line}\n`);
  }
  try {
    cleanup();
  } catch {
    /* closing anyway */
  }
  // Leave at once: a half-closed socket must not keep us alive.
  process.exitCode = code;
  setImmediate(() => process.exit(code));
}
const timer = setTimeout(() => finish(3, `timeout after ${opts.timeout} ms (no CONNECTED)`), opts.timeout);

// CONNECT headers are never escaped (STOMP 1.2, "Value Encoding").
const connectFrame =
  `CONNECT\naccept-version:1.2\nhost:${opts.vhost}\nlogin:${opts.login}\npasscode:${opts.passcode}\n` +
  `heart-beat:0,0\n\n\0`;
const disconnectFrame = 'DISCONNECT\n\n\0';

// Accumulates bytes and looks at the first complete frame (skipping heart-beat EOLs).
let received = Buffer.alloc(0);
function onData(chunk) {
  received = Buffer.concat([received, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)]);
  let start = 0;
  while (start < received.length && (received[start] === 0x0a || received[start] === 0x0d)) start++;
  const nul = received.indexOf(0, start);
  const headEnd = received.indexOf('\n', start);
  if (headEnd < 0) return;
  const command = received.subarray(start, headEnd).toString('utf8').replace(/\r$/, '');
  if (command === 'CONNECTED') {
    if (nul < 0) return; // wait for the whole frame, then say goodbye
    const headers = parseHeaders(received.subarray(headEnd + 1, nul));
    const info = ['version', 'server', 'heart-beat'].filter((h) => headers[h]).map((h) => `${h}=${headers[h]}`);
    finish(0, `CONNECTED ${info.join(' ')}`.trim());
  } else if (command === 'ERROR') {
    const end = nul < 0 ? received.length : nul;
    const headers = parseHeaders(received.subarray(headEnd + 1, end));
    const message = headers.message ?? received.subarray(headEnd + 1, end).toString('utf8').split('\n\n')[1]?.split('\n')[0] ?? '';
    finish(2, `ERROR: ${message}`.trim());
  } else if (command.length > 0) {
    finish(1, `unexpected frame ${JSON.stringify(command.slice(0, 40))}`);
  }
}
function parseHeaders(buf) {
  const headers = {};
  const text = buf.toString('utf8');
  const lines = text.split('\n');
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line === '') break;
    const i = line.indexOf(':');
    if (i > 0 && !(line.slice(0, i) in headers)) headers[line.slice(0, i)] = line.slice(i + 1);
  }
  return headers;
}

if (opts.ws) {
  let WebSocket;
  try {
    ({ WebSocket } = await import('ws'));
  } catch {
    finish(1, "the 'ws' package is not installed (run npm ci)");
  }
  if (WebSocket) {
    const ws = new WebSocket(`ws://${host}:${port}${opts.ws}`, ['v12.stomp'], { perMessageDeflate: false, handshakeTimeout: opts.timeout });
    cleanup = () => {
      if (ws.readyState === ws.OPEN) ws.send(disconnectFrame);
      ws.close();
    };
    ws.on('open', () => ws.send(connectFrame));
    ws.on('message', (data) => onData(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)));
    ws.on('unexpected-response', (_req, res) => finish(1, `HTTP ${res.statusCode} instead of a WebSocket upgrade`));
    ws.on('error', (err) => finish(1, err.code ?? err.message));
    ws.on('close', (code) => finish(1, `closed by the server before CONNECTED (ws close ${code})`));
  }
} else {
  let socket;
  if (opts.tls) {
    let ca;
    try {
      ca = fs.readFileSync(opts.tls);
    } catch (err) {
      finish(64, `cannot read CA file ${opts.tls}: ${err.code ?? err.message}`);
    }
    if (ca) socket = tls.connect({ host, port, ca, servername: 'localhost' }, () => socket.write(connectFrame));
  } else {
    socket = net.connect({ host, port }, () => socket.write(connectFrame));
  }
  if (socket) {
    cleanup = () => {
      if (!socket.destroyed) socket.end(disconnectFrame);
      socket.destroy();
    };
    socket.on('data', onData);
    socket.on('error', (err) => finish(1, err.code ?? err.message));
    socket.on('close', () => finish(1, 'connection closed before CONNECTED'));
  }
}
