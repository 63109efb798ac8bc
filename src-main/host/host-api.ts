/**
 * What an adapter (Electron IPC, loopback WebSocket) needs from the host: one entry point for
 * validated requests and one stream of events. Adapters never reach a service directly.
 */
import type { ApiErrorBody, EventEnvelope, ValidRequest } from '../../src-core/api';

export type HostEventListener = (event: EventEnvelope) => void;

export interface Host {
  /** 'electron' or 'web', reported to the UI in app.hello. */
  readonly mode: 'electron' | 'web';
  /** Runs one validated request; rejects only with ApiError. */
  handle(request: ValidRequest): Promise<unknown>;
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: HostEventListener): () => void;
  /** Closes connections, flushes stores, stops the sandbox broker. */
  dispose(): Promise<void>;
}

/**
 * The one way an adapter answers a raw message: validate it, run it, and turn any failure into a
 * typed error body. Lives here so both adapters share it.
 */
export type RawRequestHandler = (raw: unknown) => Promise<{ id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiErrorBody }>;
