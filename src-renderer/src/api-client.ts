/**
 * The renderer's one door to the host. Wraps the bridge (Electron IPC or the loopback WebSocket)
 * so stores can call `request(...)` and `on(...)` without waiting for the handshake themselves.
 */
import type { EventName, EventPayload, MethodName, MethodParams, MethodResult } from '../../src-core/api';
import { currentBridge, getBridge, type Bridge, type BridgeState, type RequestArgs } from './bridge';

/** Sends one request once the handshake is done; rejects with a BridgeError ({ code, message, details }). */
export async function request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const bridge = await getBridge();
  return bridge.request(method, ...([params] as unknown as RequestArgs<M>));
}

/** Listens to one kind of host event; returns the unsubscribe function. */
export function on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  void getBridge().then(
    (bridge) => {
      if (!stopped) stop = bridge.on(name, safely(name, listener));
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

function safely<T>(name: string, listener: (payload: T) => void): (payload: T) => void {
  return (payload) => {
    try {
      listener(payload);
    } catch (error) {
      console.error(`STOMP Explorer: handling event ${name} failed`, error);
    }
  };
}

/** Resolves once the bridge has shaken hands with the host (app.hello); rejects with why not. */
export function connectBridge(): Promise<Bridge> {
  return getBridge();
}

/** The link's state (connecting / open / reconnecting / closed), for the banner that says so. */
export function linkState(): BridgeState {
  return currentBridge().state;
}

export function onLinkState(listener: (state: BridgeState) => void): () => void {
  return currentBridge().onState(listener);
}
