/**
 * What the Electron preload puts on `window.stompExplorer`, and nothing more: the contract's
 * version, one request function answering with the response envelope, and an event subscription.
 * The preload implements it (and is type-checked against it); the IPC bridge consumes it.
 */
import type { EventEnvelope, ResponseEnvelope } from '../../../src-core/api';

export interface PreloadApi {
  /** The contract version the preload was built with. */
  readonly apiVersion: number;
  /** Sends one request; resolves with its response envelope (ok or a typed error), never rejects for an API error. */
  request(method: string, params?: unknown): Promise<ResponseEnvelope>;
  /** Subscribes to every host event; returns the unsubscribe function. */
  onEvent(listener: (event: EventEnvelope) => void): () => void;
}

/** The global the preload defines, when running inside the Electron window. */
export const PRELOAD_GLOBAL = 'stompExplorer';
