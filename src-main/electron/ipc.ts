/**
 * The Electron side of the bridge: one `ipcMain.handle` for requests, one channel for events.
 * A request is answered only when it comes from our window's top frame showing one of the app's
 * own pages; then it goes through the same handler as the WebSocket (size limit, validation,
 * typed errors). Requests and answers cross as JSON text, exactly as over the WebSocket, so the
 * renderer sees the same values in both modes.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ResponseEnvelope } from '../../src-core/api';
import { encodeEvent, encodeResponse, handleRawRequest, peekRequestId, UNKNOWN_REQUEST_ID } from '../bridge-handler';
import type { Host } from '../host/host-api';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels';
import type { Log } from './security';

export interface IpcOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly host: Host;
  /** The app's one window (undefined while there is none). */
  getWindow(): BrowserWindow | undefined;
  /** The app's own pages (app://stomp-explorer/..., the dev server in development). */
  isTrustedUrl(url: string): boolean;
  readonly hostVersion?: string;
  readonly maxBytes?: number;
  readonly log: Log;
}

/** Why a sender is refused, or undefined when it is our window's own page. */
export function senderRefusal(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow | undefined, isTrustedUrl: (url: string) => boolean): string | undefined {
  if (window === undefined || window.isDestroyed()) return 'there is no app window';
  if (event.sender !== window.webContents) return `web contents ${event.sender?.id} is not the app window`;
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return 'the sending frame is gone';
  if (frame.parent !== null) return 'the request comes from a sub-frame';
  if (!isTrustedUrl(frame.url)) return `the sending page ${JSON.stringify(frame.url)} is not the app`;
  return undefined;
}

/** Registers the request handler and forwards host events to the window; returns the undo. */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, host, log } = options;
  ipcMain.handle(REQUEST_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown): Promise<string> => {
    const refusal = senderRefusal(event, options.getWindow(), options.isTrustedUrl);
    if (refusal !== undefined) {
      log(`IPC request refused: ${refusal}`);
      const response: ResponseEnvelope = {
        kind: 'response',
        id: typeof raw === 'string' ? peekRequestId(raw) : UNKNOWN_REQUEST_ID,
        ok: false,
        error: { code: 'unauthorized', message: 'this page may not use the STOMP Explorer API' },
      };
      return encodeResponse(response, log);
    }
    const response = await handleRawRequest(host, raw, { hostVersion: options.hostVersion, maxBytes: options.maxBytes, log });
    return encodeResponse(response, log);
  });

  const unsubscribe = host.onEvent((envelope) => {
    const window = options.getWindow();
    if (window === undefined || window.isDestroyed() || window.webContents.isDestroyed()) return;
    // Events go only to the app's own page (navigation elsewhere is refused anyway).
    if (!options.isTrustedUrl(window.webContents.getURL())) return;
    const text = encodeEvent(envelope, log);
    if (text !== undefined) window.webContents.send(EVENT_CHANNEL, text);
  });

  return () => {
    ipcMain.removeHandler(REQUEST_CHANNEL);
    unsubscribe();
  };
}
