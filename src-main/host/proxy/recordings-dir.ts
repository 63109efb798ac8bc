/**
 * Saved recordings: one NDJSON file each in `<dataDir>/proxy-recordings/`, only readable by the
 * user (a recording holds every body that went through; never a passcode). The list is the
 * directory itself: a file's first line says what it is.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, LIMITS, type RecordingView } from '../../../src-core/api';
import { isRecordingHeader, linesOf, readRecording, RecordingError, type Recording } from '../../../src-core/proxy/recording-reader';
import { ensurePrivateDir } from '../storage/private-dir';
import { writeFileAtomic } from '../storage/atomic-write';

const SUFFIX = '.ndjson';
const ID = /^rec-[A-Za-z0-9-]{1,100}$/;
/** Enough of a file to read its first line. */
const HEADER_BYTES = 64 * 1024;
/** A download crosses the bridge as one string: larger recordings are pointed at on disk instead. */
export const EXPORT_BYTES = 64 * 1024 * 1024;

export class RecordingsDir {
  /** Recordings a running proxy is still writing. */
  private readonly live = new Set<string>();

  constructor(readonly directory: string) {}

  static at(dataDir: string): RecordingsDir {
    return new RecordingsDir(join(dataDir, 'proxy-recordings'));
  }

  /** A new recording file, open for writing. */
  async create(): Promise<{ id: string; path: string; stream: WriteStream }> {
    await ensurePrivateDir(this.directory);
    const id = `rec-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    const path = this.pathOf(id);
    const stream = createWriteStream(path, { mode: 0o600, flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(new ApiError('io-error', `cannot write the recording ${path}: ${error.message}`)));
    });
    this.live.add(id);
    return { id, path, stream };
  }

  /** The recording is complete (its stream ended). */
  finished(id: string): void {
    this.live.delete(id);
  }

  async list(): Promise<RecordingView[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      return [];
    }
    const views: RecordingView[] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX)).sort().reverse()) {
      const id = name.slice(0, -SUFFIX.length);
      if (!ID.test(id)) continue;
      const view = await this.describe(id).catch(() => undefined);
      if (view) views.push(view);
    }
    return views;
  }

  async describe(id: string): Promise<RecordingView> {
    const path = this.require(id);
    const info = await stat(path);
    const handle = await open(path, 'r');
    let first = '';
    try {
      const buffer = Buffer.alloc(Math.min(HEADER_BYTES, info.size));
      await handle.read(buffer, 0, buffer.length, 0);
      first = buffer.toString('utf8').split('\n')[0];
    } finally {
      await handle.close();
    }
    let header: { label?: string; startedAt?: string; upstream?: string } = {};
    try {
      const parsed = JSON.parse(first) as unknown;
      if (isRecordingHeader(parsed)) header = parsed as typeof header;
    } catch {
      // Still being written, or damaged: listed by its id.
    }
    return { id, label: header.label ?? id, startedAt: header.startedAt, upstream: header.upstream, bytes: info.size, live: this.live.has(id) };
  }

  /** The file's lines as they stream from disk. */
  lines(id: string): AsyncIterable<Uint8Array> {
    return createReadStream(this.require(id)) as AsyncIterable<Uint8Array>;
  }

  /** The whole recording, checked line by line (for replay and export). */
  async read(id: string): Promise<{ text: string; recording: Recording }> {
    const text = await this.text(id);
    try {
      return { text, recording: readRecording(linesOf(text)) };
    } catch (error) {
      if (error instanceof RecordingError) throw new ApiError('invalid-request', `recording ${id}: ${error.message}`);
      throw error;
    }
  }

  async text(id: string, limit: number = LIMITS.importBytes): Promise<string> {
    const path = this.require(id);
    const info = await stat(path).catch(() => {
      throw new ApiError('not-found', `no recording ${JSON.stringify(id)}`);
    });
    if (info.size > limit) throw new ApiError('too-large', `recording ${id} is ${info.size} bytes, more than ${limit} can be read at once: it is the file ${path}`, { path });
    return readFile(path, 'utf8');
  }

  /** Saves an NDJSON recording from elsewhere, after checking every line. */
  async import(ndjson: string): Promise<string> {
    try {
      readRecording(linesOf(ndjson));
    } catch (error) {
      if (error instanceof RecordingError) throw new ApiError('invalid-request', error.message);
      throw error;
    }
    await ensurePrivateDir(this.directory);
    const id = `rec-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    await writeFileAtomic(this.pathOf(id), ndjson, { mode: 0o600 });
    return id;
  }

  async delete(id: string): Promise<void> {
    if (this.live.has(id)) throw new ApiError('conflict', `recording ${id} is still being written: stop recording first`);
    await rm(this.require(id), { force: true });
  }

  private require(id: string): string {
    if (!ID.test(id)) throw new ApiError('not-found', `no recording ${JSON.stringify(id)}`);
    return this.pathOf(id);
  }

  private pathOf(id: string): string {
    return join(this.directory, id + SUFFIX);
  }
}
