/**
 * The renderer's bridge to the host: the only way the UI talks to it.
 *
 *   const bridge = await getBridge();               // handshake done (or a BridgeError to show)
 *   const { profiles } = await bridge.request('profiles.list');
 *   const off = bridge.on('connection.changed', ({ connection }) => ...);
 *   bridge.onState((s) => ...);                       // connecting / open / reconnecting / closed
 */
export { BridgeError, isBridgeError, type BridgeErrorCode } from './bridge-error';
export type { Bridge, BridgeState, BridgeStatus, HelloResult, RequestArgs, RequestOptions } from './types';
export { createBridge, currentBridge, getBridge, takeToken, webSocketUrl, type BridgeEnvironment } from './get-bridge';
export { IpcBridge } from './ipc-bridge';
export { WsBridge, type WebSocketLike, type WebSocketFactory, type WsBridgeOptions } from './ws-bridge';
export { DEFAULT_TIMEOUT_MS, LONG_TIMEOUT_MS } from './base-bridge';
export type { PreloadApi } from '../../../src-core/api/preload-api';
