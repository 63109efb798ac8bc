/**
 * The append-only file a capture spills its oldest records to. Writes are synchronous and whole
 * segments (tens to hundreds of KiB): the caller is the message path, which must not hand bytes to
 * a write still in flight and count them as freed. Searches read through their own handle,
 * asynchronously, so a long scan never blocks the process.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export class SpillFile {
  private fd: number | undefined;
  private written = 0;
  private created = false;

  constructor(readonly path: string) {}

  get size(): number {
    return this.written;
  }

  /** Writes `bytes` at `position`, which must be the current end: the file only grows. */
  append(bytes: Uint8Array, position: number): void {
    if (position !== this.written) throw new Error(`spill file ${this.path}: write at ${position}, but the file ends at ${this.written}`);
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      // Owner-only: captured bodies may hold anything, credentials included.
      this.fd = openSync(this.path, 'w+', 0o600);
      this.created = true;
    }
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, position + done);
    this.written = position + bytes.length;
  }

  readAt(position: number, length: number): Buffer {
    if (this.fd === undefined || position + length > this.written) {
      throw new Error(`spill file ${this.path}: read of ${length} bytes at ${position} past its end (${this.written})`);
    }
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, position + done);
      if (n === 0) throw new Error(`spill file ${this.path}: unexpected end at ${position + done}`);
      done += n;
    }
    return out;
  }

  /** A separate handle for a streaming reader; the caller closes it. */
  openReader(): Promise<FileHandle> {
    return open(this.path, 'r');
  }

  /** Closes and deletes the file; an open reader keeps reading the old bytes or fails, never others'. */
  delete(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    if (this.created) rmSync(this.path, { force: true });
    this.created = false;
    this.written = 0;
  }
}

/** Reads exactly `length` bytes at `position` into a fresh buffer. */
export async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const out = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`spill file: unexpected end at ${position + done}`);
    done += bytesRead;
  }
  return out;
}
