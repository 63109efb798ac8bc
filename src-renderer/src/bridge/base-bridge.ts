/** What both bridges share: listeners, state, timeouts, and turning responses into results or errors. */
import { API_VERSION } from '../../../src-core/api/api-version';
import type { EventEnvelope, EventName, EventPayload, MethodName, MethodResult, ResponseEnvelope } from '../../../src-core/api';
import { BridgeError } from './bridge-error';
import type { Bridge, BridgeState, HelloResult, RequestArgs, RequestOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Methods that may legitimately run for minutes: failover connects, bulk sends, big files. */
export const LONG_TIMEOUT_MS = 10 * 60_000;
const LONG_METHODS: ReadonlySet<string> = new Set<MethodName>([
  'connections.open',
  'connections.reconnect',
  'messages.send',
  'messages.replay',
  'messages.resubmit',
  'captures.import',
  'captures.export',
  'profiles.import',
]);

export function defaultTimeoutMs(method: string): number {
  return LONG_METHODS.has(method) ? LONG_TIMEOUT_MS : DEFAULT_TIMEOUT_MS;
}

export const CLIENT_NAME = 'stomp-explorer-ui';

export function helloParams(): { apiVersion: number; client: string } {
  return { apiVersion: API_VERSION, client: CLIENT_NAME };
}

/** The words shown when the renderer and the host come from different builds. */
export function versionMismatch(hostVersion: number | string, rendererVersion: number = API_VERSION): BridgeError {
  return new BridgeError(
    'version-mismatch',
    `This window speaks STOMP Explorer API version ${rendererVersion} but the host speaks version ${hostVersion}: they come from different builds. ` +
      'Reload the window, or restart STOMP Explorer after updating it.',
    { rendererApiVersion: rendererVersion, hostApiVersion: hostVersion },
  );
}

/** Checks app.hello's answer: the same contract version, or a clear refusal. */
export function checkHello(result: HelloResult): HelloResult {
  if (result.apiVersion !== API_VERSION) throw versionMismatch(result.apiVersion);
  return result;
}

export function resultOf<M extends MethodName>(response: ResponseEnvelope): MethodResult<M> {
  if (response.ok) return response.result as MethodResult<M>;
  throw BridgeError.fromBody(response.error);
}

/** A promise that also settles from outside; its rejection never counts as unhandled. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export abstract class BaseBridge implements Bridge {
  abstract readonly kind: 'electron' | 'web';
  private readonly eventListeners = new Set<(event: EventEnvelope) => void>();
  private readonly stateListeners = new Set<(state: BridgeState) => void>();
  private current: BridgeState = { status: 'connecting' };

  get state(): BridgeState {
    return this.current;
  }

  request<M extends MethodName>(method: M, ...args: RequestArgs<M>): Promise<MethodResult<M>> {
    const [params, options] = args as [unknown, RequestOptions | undefined];
    const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs(method);
    return this.exchange(method, params ?? {}, timeoutMs).then((response) => resultOf<M>(response));
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.onEvent((envelope) => {
      if (envelope.event === event) listener(envelope.payload as EventPayload<E>);
    });
  }

  onEvent(listener: (event: EventEnvelope) => void): () => void {
    this.eventListeners.add(listener);
    return () => {
      this.eventListeners.delete(listener);
    };
  }

  onState(listener: (state: BridgeState) => void): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  abstract ready(): Promise<HelloResult>;
  abstract close(): void;

  /** Sends one request envelope and resolves with its response, or rejects with a BridgeError. */
  protected abstract exchange(method: string, params: unknown, timeoutMs: number): Promise<ResponseEnvelope>;

  protected setState(state: BridgeState): void {
    this.current = state;
    for (const listener of [...this.stateListeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('[stomp-explorer] a bridge state listener failed', error);
      }
    }
  }

  protected emitEvent(envelope: EventEnvelope): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(envelope);
      } catch (error) {
        console.error(`[stomp-explorer] a listener of ${envelope.event} failed`, error);
      }
    }
  }
}
