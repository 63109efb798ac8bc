import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

// The window's security options are the contract of the Electron shell: the renderer gets no Node,
// runs sandboxed and isolated, and reaches the host only through the preload's typed API.
function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'STOMP Explorer',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  void win.loadFile(join(__dirname, '../renderer/index.html'));
}

app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
