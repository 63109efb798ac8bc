/**
 * What the Electron preload puts on `window.stompExplorer`, and nothing more: the contract's
 * version, one request function answering with the response envelope, and an event subscription.
 * The preload (src-main/electron) implements it and the renderer's IPC bridge consumes it; it is
 * part of the contract so that neither depends on the other. Types and one constant only: the
 * sandboxed preload bundles this file, so it must not pull in zod.
 */
import type { EventEnvelope, ResponseEnvelope } from './envelope';

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
