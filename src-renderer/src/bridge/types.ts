/** What the UI uses to talk to the host, the same in the Electron window and in a browser. */
import type { EventEnvelope, EventName, EventPayload, MethodName, MethodParams, MethodResult } from '../../../src-core/api';
import type { BridgeError } from './bridge-error';

export interface RequestOptions {
  /** Milliseconds before the request fails with `timeout`; a per-method default otherwise. */
  readonly timeoutMs?: number;
}

/** Params may be left out when the method takes none (or only optional ones). */
export type RequestArgs<M extends MethodName> = {} extends MethodParams<M>
  ? [params?: MethodParams<M>, options?: RequestOptions]
  : [params: MethodParams<M>, options?: RequestOptions];

/**
 * connecting: before the first handshake. open: requests flow. reconnecting: the link dropped
 * (browser mode) and is being re-established; requests wait. closed: for good (version
 * mismatch, no token, close()); `error` says why.
 */
export type BridgeStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface BridgeState {
  readonly status: BridgeStatus;
  /** While reconnecting: the attempt number (1, 2, ...) and the delay before it. */
  readonly attempt?: number;
  readonly retryInMs?: number;
  /** Why the bridge is closed, or the last failure while reconnecting. */
  readonly error?: BridgeError;
}

export type HelloResult = MethodResult<'app.hello'>;

export interface Bridge {
  /** Which adapter carries the contract. */
  readonly kind: 'electron' | 'web';
  /** Runs one request; resolves with its typed result or throws a BridgeError. */
  request<M extends MethodName>(method: M, ...args: RequestArgs<M>): Promise<MethodResult<M>>;
  /** One event type's payloads; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Every event; returns the unsubscribe function. */
  onEvent(listener: (event: EventEnvelope) => void): () => void;
  /** The link's state now. */
  readonly state: BridgeState;
  /** Called on every state change; returns the unsubscribe function. */
  onState(listener: (state: BridgeState) => void): () => void;
  /**
   * The handshake (app.hello): resolves with the host's mode and version once it succeeded, or
   * rejects with BridgeError `version-mismatch` (or `unauthorized`, ...) and a message for people.
   */
  ready(): Promise<HelloResult>;
  /** Closes the link for good; pending requests fail with `disconnected`. */
  close(): void;
}
