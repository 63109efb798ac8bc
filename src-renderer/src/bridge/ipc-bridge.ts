/** The bridge inside the Electron window: over the preload's `window.stompExplorer`. */
import { API_VERSION } from '../../../src-core/api/api-version';
import type { ResponseEnvelope } from '../../../src-core/api';
import { BaseBridge, checkHello, deferred, helloParams, resultOf, versionMismatch } from './base-bridge';
import { BridgeError } from './bridge-error';
import type { PreloadApi } from '../../../src-core/api/preload-api';
import type { HelloResult } from './types';

export class IpcBridge extends BaseBridge {
  readonly kind = 'electron' as const;
  private readonly handshake = deferred<HelloResult>();
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly api: PreloadApi) {
    super();
    this.unsubscribe = api.onEvent((envelope) => {
      if (!this.closed) this.emitEvent(envelope);
    });
    void this.hello();
  }

  ready(): Promise<HelloResult> {
    return this.handshake.promise;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    const error = new BridgeError('disconnected', 'the bridge to the host was closed');
    this.handshake.reject(error);
    this.setState({ status: 'closed', error });
  }

  protected async exchange(method: string, params: unknown, timeoutMs: number): Promise<ResponseEnvelope> {
    await this.ready();
    return this.send(method, params, timeoutMs);
  }

  private async hello(): Promise<void> {
    try {
      if (this.api.apiVersion !== API_VERSION) throw versionMismatch(this.api.apiVersion);
      const result = checkHello(resultOf<'app.hello'>(await this.send('app.hello', helloParams(), 30_000)));
      if (this.closed) return;
      this.handshake.resolve(result);
      this.setState({ status: 'open' });
    } catch (error) {
      const failure = error instanceof BridgeError ? error : new BridgeError('internal', (error as Error)?.message ?? String(error));
      this.closed = true;
      this.handshake.reject(failure);
      this.setState({ status: 'closed', error: failure });
    }
  }

  private send(method: string, params: unknown, timeoutMs: number): Promise<ResponseEnvelope> {
    if (this.closed && method !== 'app.hello') return Promise.reject(this.state.error ?? new BridgeError('disconnected', 'the bridge to the host was closed'));
    return new Promise<ResponseEnvelope>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BridgeError('timeout', `${method}: no answer from the host within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      this.api.request(method, params).then(
        (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(new BridgeError('internal', `${method}: the request could not be sent (${(error as Error)?.message ?? String(error)})`));
        },
      );
    });
  }
}
