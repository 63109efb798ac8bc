/**
 * The preload: the renderer's only door to the main process. It exposes exactly
 * `window.stompExplorer = { apiVersion, request, onEvent }` through contextBridge and nothing of
 * ipcRenderer itself. It is sandboxed CommonJS, so it imports only `electron` and plain constants
 * (no zod, no Node modules): validation happens in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_VERSION } from '../../src-core/api/api-version';
import type { EventEnvelope, ResponseEnvelope } from '../../src-core/api';
import type { PreloadApi } from '../../src-core/api/preload-api';
import { EVENT_CHANNEL, EXPOSED_API_NAME, REQUEST_CHANNEL } from './channels';

let nextId = 1;
const listeners = new Set<(event: EventEnvelope) => void>();

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, text: unknown) => {
  if (typeof text !== 'string') return;
  let envelope: EventEnvelope;
  try {
    envelope = JSON.parse(text) as EventEnvelope;
  } catch {
    return;
  }
  for (const listener of [...listeners]) {
    try {
      listener(envelope);
    } catch (error) {
      console.error('[stomp-explorer] an event listener failed', error);
    }
  }
});

const api: PreloadApi = {
  apiVersion: API_VERSION,
  async request(method: string, params?: unknown): Promise<ResponseEnvelope> {
    if (typeof method !== 'string') throw new TypeError('stompExplorer.request: the method must be a string');
    const id = nextId++;
    // Key order matters: the host reads the id from the start of an over-long message.
    const text = JSON.stringify({ kind: 'request', id, method, params: params ?? {} });
    const answer: unknown = await ipcRenderer.invoke(REQUEST_CHANNEL, text);
    if (typeof answer !== 'string') throw new Error('stompExplorer.request: the host answered with something other than JSON text');
    return JSON.parse(answer) as ResponseEnvelope;
  },
  onEvent(listener: (event: EventEnvelope) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('stompExplorer.onEvent: the listener must be a function');
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld(EXPOSED_API_NAME, Object.freeze(api));
