/**
 * A stand-in for Electron's release server, for tests of `npm start`'s runtime download without
 * the network: a zip shaped like electron-vVERSION-PLATFORM-ARCH.zip whose `electron` binary is a
 * small script recording how it was launched, served with its SHASUMS256.txt by a local HTTP
 * server that also acts as an HTTP proxy (CONNECT) and records every request.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer | string;
  /** Unix mode bits, e.g. 0o755 for the binary. */
  readonly mode?: number;
}

/** A zip of stored (uncompressed) entries with Unix modes: enough for a stand-in Electron. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | (entry.mode ?? 0o644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const RECORD_ENV = 'STAND_IN_ELECTRON_RECORD';

/**
 * The stand-in binary: records its arguments, whether ELECTRON_RUN_AS_NODE reached it, and the
 * app's main bundle (package.json `main` in the folder it was given), then exits with status 7.
 */
export function standInBinary(): string {
  return `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
let main = null;
try {
  const app = args[0];
  const entry = path.join(app, JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).main);
  main = { path: entry, bytes: fs.statSync(entry).size, mtimeMs: fs.statSync(entry).mtimeMs };
} catch (error) {
  main = { error: String(error) };
}
fs.writeFileSync(process.env.${RECORD_ENV}, JSON.stringify({ args, runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null, main, pid: process.pid }));
process.exit(7);
`;
}

export function standInRuntimeZip(version: string): Buffer {
  return zip([
    { name: 'electron', data: standInBinary(), mode: 0o755 },
    { name: 'version', data: version },
    { name: 'LICENSE', data: 'stand-in for the Electron runtime, for tests\n' },
  ]);
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface Mirror {
  /** http://127.0.0.1:PORT/ (ELECTRON_MIRROR). */
  readonly url: string;
  /** `METHOD path` of every request served, in order. */
  readonly requests: string[];
  /** Targets of CONNECT requests: the mirror used as a proxy. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

export type MirrorFiles = Record<string, Buffer | string | 'hang'>;

/** Serves `files` by path ('hang': accept the request and never answer). */
export async function startMirror(files: MirrorFiles): Promise<Mirror> {
  const requests: string[] = [];
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mirror').pathname;
    requests.push(`${req.method} ${path}`);
    const file = files[path];
    if (file === 'hang') return;
    if (file === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const body = Buffer.isBuffer(file) ? file : Buffer.from(file);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) }).end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // As an HTTP proxy: every tunnel, whatever host it names, leads back to this server.
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const upstream = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    tunnels,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
