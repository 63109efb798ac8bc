/**
 * Picks the bridge for where the UI runs: the Electron preload's `window.stompExplorer` when it
 * is there, otherwise the loopback WebSocket of browser mode, with the access token taken from the
 * address's `#token=...` (kept for reloads in sessionStorage, then removed from the address bar).
 */
import { BridgeError } from './bridge-error';
import { IpcBridge } from './ipc-bridge';
import { PRELOAD_GLOBAL, type PreloadApi } from '../../../src-core/api/preload-api';
import type { Bridge } from './types';
import { WsBridge, type WsBridgeOptions } from './ws-bridge';

export const TOKEN_STORAGE_KEY = 'stomp-explorer.token';
export const API_PATH = '/api';

/** The browser globals the choice needs; a test passes its own. */
export interface BridgeEnvironment {
  readonly preload?: PreloadApi;
  readonly location?: { readonly protocol: string; readonly host: string; readonly pathname: string; readonly search: string; readonly hash: string };
  readonly history?: { replaceState(data: unknown, unused: string, url?: string): void };
  readonly sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

function browserEnvironment(): BridgeEnvironment {
  const g = globalThis as unknown as Record<string, unknown>;
  return {
    preload: g[PRELOAD_GLOBAL] as PreloadApi | undefined,
    location: g.location as BridgeEnvironment['location'],
    history: g.history as BridgeEnvironment['history'],
    sessionStorage: safeStorage(g),
  };
}

function safeStorage(g: Record<string, unknown>): BridgeEnvironment['sessionStorage'] {
  try {
    return g.sessionStorage as BridgeEnvironment['sessionStorage'];
  } catch {
    return undefined; // storage disabled
  }
}

/**
 * The token from `#token=...` (then removed from the address, other fragment parts kept), or the
 * one remembered for this tab.
 */
export function takeToken(env: BridgeEnvironment): string | undefined {
  const location = env.location;
  if (location !== undefined && location.hash.length > 1) {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get('token');
    if (token) {
      try {
        env.sessionStorage?.setItem(TOKEN_STORAGE_KEY, token);
      } catch {
        // storage full or disabled: the token still works for this page
      }
      fragment.delete('token');
      const rest = fragment.toString();
      env.history?.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
      return token;
    }
  }
  try {
    return env.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** ws://HOST/api?token=... for the page's own host. */
export function webSocketUrl(location: NonNullable<BridgeEnvironment['location']>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${API_PATH}?token=${encodeURIComponent(token)}`;
}

export function createBridge(env: BridgeEnvironment = browserEnvironment(), options: Partial<WsBridgeOptions> = {}): Bridge {
  if (env.preload !== undefined) return new IpcBridge(env.preload);
  if (env.location === undefined) throw new BridgeError('internal', 'STOMP Explorer runs neither in its window nor in a browser page');
  const token = takeToken(env);
  if (token === undefined) {
    return new ClosedBridge(
      new BridgeError(
        'unauthorized',
        'This page has no access token. Open the address `npm run web` printed: it ends in #token=... (the token changes every time the server starts).',
      ),
    );
  }
  return new WsBridge({ ...options, url: webSocketUrl(env.location, token) });
}

let shared: Bridge | undefined;
let handshaken: Promise<Bridge> | undefined;

/**
 * The page's one bridge, right away, before its handshake: for showing the link's state
 * (`bridge.state`, `bridge.onState`). Requests made now wait for the handshake.
 */
export function currentBridge(): Bridge {
  shared ??= createBridge();
  return shared;
}

/**
 * The page's one bridge once its handshake (app.hello) succeeded. Rejects with a BridgeError to
 * show the user: `version-mismatch` (window and host from different builds), `unauthorized` (no
 * token in the address), ...
 */
export function getBridge(): Promise<Bridge> {
  handshaken ??= (async () => {
    const bridge = currentBridge();
    await bridge.ready();
    return bridge;
  })();
  return handshaken;
}

/** A bridge that never opened: every call fails with the reason. */
class ClosedBridge implements Bridge {
  readonly kind = 'web' as const;
  readonly state;

  constructor(private readonly error: BridgeError) {
    this.state = { status: 'closed' as const, error };
  }

  request(): Promise<never> {
    return Promise.reject(this.error);
  }
  on(): () => void {
    return () => undefined;
  }
  onEvent(): () => void {
    return () => undefined;
  }
  onState(): () => void {
    return () => undefined;
  }
  ready(): Promise<never> {
    return Promise.reject(this.error);
  }
  close(): void {}
}
