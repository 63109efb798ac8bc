/**
 * A captured body as the viewers read it: the start the inspector already has (messages.get with
 * a bodyLimit), the rest fetched a page at a time (messages.bodyPage) as the viewers scroll to it,
 * and kept in a small cache. A 100 MiB body never crosses the bridge whole, nor sits whole in the
 * tab; each page costs one request and a few ms to decode.
 */
import { useSyncExternalStore } from 'react';
import type { MessageDetail } from '../../../../src-core/api';
import { request } from '../../api-client';
import { base64ToBytes } from '../../lib/bytes';

/** Bytes per page asked of the host. */
export const PAGE_BYTES = 256 * 1024;
/** Pages kept (4 MiB): what a few screens of any viewer need, many times over. */
const CACHED_PAGES = 16;
/** Requests in flight at once. */
const PARALLEL = 3;

export interface BodyRef {
  readonly captureId: string;
  readonly seq: number;
}

type Page = { readonly bytes: Uint8Array } | { readonly error: string };

export class BodySource {
  private readonly pages = new Map<number, Page>();
  private readonly wanted = new Set<number>();
  private inFlight = 0;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** Bumped whenever a page arrives: for React to notice. */
  version = 0;

  constructor(
    readonly ref: BodyRef | undefined,
    readonly size: number,
    /** The body's first bytes (all of it when it is not cut). */
    private readonly head: Uint8Array,
  ) {}

  get complete(): boolean {
    return this.head.length >= this.size;
  }

  /**
   * Bytes [from, to), or undefined while part of them is still on its way (it is fetched, and
   * `subscribe`'s listeners hear when it comes).
   */
  slice(from: number, to: number): Uint8Array | undefined {
    const start = Math.max(0, from);
    const end = Math.min(this.size, to);
    if (end <= start) return new Uint8Array(0);
    if (end <= this.head.length) return this.head.subarray(start, end);
    const first = Math.floor(start / PAGE_BYTES);
    const last = Math.floor((end - 1) / PAGE_BYTES);
    const parts: Uint8Array[] = [];
    let missing = false;
    for (let k = first; k <= last; k++) {
      const page = this.page(k);
      if (!page || 'error' in page) {
        missing = true;
        continue;
      }
      const base = k * PAGE_BYTES;
      parts.push(page.bytes.subarray(Math.max(0, start - base), Math.min(page.bytes.length, end - base)));
    }
    if (missing) return undefined;
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(end - start);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Why a range cannot be read (a failed page), if it cannot. */
  errorIn(from: number, to: number): string | undefined {
    for (let k = Math.floor(from / PAGE_BYTES); k <= Math.floor((Math.max(from, to) - 1) / PAGE_BYTES); k++) {
      const page = this.pages.get(k);
      if (page && 'error' in page) return page.error;
    }
    return undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The whole body as a Blob built from its pages: the browser keeps Blob data outside the JS
   * heap, and no one array of the whole body is made (Save body of any size).
   */
  async blob(type: string): Promise<Blob> {
    if (this.complete || !this.ref) return new Blob([this.head.slice(0, this.size).buffer as ArrayBuffer], { type });
    let blob = new Blob([this.head.slice().buffer as ArrayBuffer], { type });
    const step = 4 * PAGE_BYTES;
    for (let offset = this.head.length; offset < this.size; offset += step) {
      const { base64 } = await request('messages.bodyPage', { ...this.ref, offset, length: Math.min(step, this.size - offset) });
      blob = new Blob([blob, base64ToBytes(base64).buffer as ArrayBuffer], { type });
    }
    return blob;
  }

  /**
   * The whole body, page by page (for an image, Edit & send). Each page is its own task;
   * `onProgress` hears the bytes loaded so far.
   */
  async whole(onProgress?: (loaded: number) => void): Promise<Uint8Array> {
    if (this.complete) return this.head.subarray(0, this.size);
    if (!this.ref) throw new Error('this body is not stored in a capture');
    const out = new Uint8Array(this.size);
    out.set(this.head.subarray(0, Math.min(this.head.length, this.size)));
    const step = 4 * PAGE_BYTES;
    for (let offset = this.head.length; offset < this.size; offset += step) {
      const { base64 } = await request('messages.bodyPage', { ...this.ref, offset, length: Math.min(step, this.size - offset) });
      out.set(base64ToBytes(base64), offset);
      onProgress?.(Math.min(this.size, offset + step));
    }
    return out;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.pages.clear();
    this.wanted.clear();
  }

  private page(k: number): Page | undefined {
    const page = this.pages.get(k);
    if (page) {
      // Most recently used last: the first one is the one to drop.
      this.pages.delete(k);
      this.pages.set(k, page);
      return page;
    }
    this.want(k);
    return undefined;
  }

  private want(k: number): void {
    if (!this.ref || this.wanted.has(k)) return;
    this.wanted.add(k);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < PARALLEL && this.wanted.size > 0) {
      const k = this.wanted.values().next().value as number;
      this.wanted.delete(k);
      if (this.pages.has(k)) continue;
      this.inFlight++;
      void this.fetch(k).finally(() => {
        this.inFlight--;
        if (!this.disposed) this.pump();
      });
    }
  }

  private async fetch(k: number): Promise<void> {
    const ref = this.ref as BodyRef;
    let page: Page;
    try {
      const { base64 } = await request('messages.bodyPage', { ...ref, offset: k * PAGE_BYTES, length: PAGE_BYTES });
      page = { bytes: base64ToBytes(base64) };
    } catch (error) {
      page = { error: (error as Error)?.message ?? String(error) };
    }
    if (this.disposed) return;
    this.pages.set(k, page);
    while (this.pages.size > CACHED_PAGES) this.pages.delete(this.pages.keys().next().value as number);
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }
}

/** Re-renders the caller whenever a page of `source` arrives. */
export function useBodyVersion(source: BodySource): number {
  return useSyncExternalStore(
    (onChange) => source.subscribe(onChange),
    () => source.version,
  );
}

/**
 * All of a message's body: the detail's own bytes, or, when the inspector got it cut
 * (bodyTruncated), the rest fetched page by page. For Save body, Copy body, Edit & send.
 */
export function wholeBody(detail: MessageDetail, head: Uint8Array = base64ToBytes(detail.bodyBase64)): Promise<Uint8Array> {
  if (!detail.bodyTruncated) return Promise.resolve(head);
  return new BodySource({ captureId: detail.captureId, seq: detail.seq }, detail.bodySize ?? head.length, head).whole();
}

/** Copy body and Edit & send hold the body as one string: past these sizes they say so instead. */
export const COPY_LIMIT = 16 * 1024 * 1024;
export const EDIT_LIMIT = 4 * 1024 * 1024;

/** Why an action that needs the body as text in the tab will not take this one, if it will not. */
export function tooLargeFor(detail: MessageDetail, action: 'copy' | 'edit'): string | undefined {
  const size = detail.bodySize ?? 0;
  const limit = action === 'copy' ? COPY_LIMIT : EDIT_LIMIT;
  if (size <= limit) return undefined;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
  return `The body is ${mib(size)}: too large to ${action === 'copy' ? 'copy to the clipboard' : 'edit in the composer'} (up to ${mib(limit)}); Save body writes it to a file.`;
}

/** Save body: the whole body as a Blob, fetched page by page when the inspector got it cut. */
export function wholeBlob(detail: MessageDetail, head: Uint8Array, type: string): Promise<Blob> {
  return new BodySource({ captureId: detail.captureId, seq: detail.seq }, detail.bodySize ?? head.length, head).blob(type);
}
