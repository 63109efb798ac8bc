/**
 * The main window's options: the Electron shell's security contract. The renderer gets no Node,
 * runs sandboxed in an isolated world, and reaches the host only through the preload's typed API.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** The built preload: out/preload/index.cjs (CommonJS, as a sandboxed preload must be). */
  readonly preloadPath: string;
  /** Developer tools exist only in development. */
  readonly isDev: boolean;
}

export function createWindowOptions({ preloadPath, isDev }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'STOMP Explorer',
    // Shown on ready-to-show: no white flash while the renderer loads.
    show: false,
    backgroundColor: '#1e1e24',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: isDev,
    },
  };
}
