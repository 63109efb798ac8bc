// A stand-in for the `electron` module, for running a packaged main bundle under plain Node. It
// plays the app's start as a user's launch would (packaged, one instance, ready at once), then, when
// the window loads its URL, asks the registered app:// handler for that page and every asset the
// page names, plus two requests the handler must refuse, records it all as JSON in
// $FAKE_ELECTRON_RECORD, and quits the app the way Electron does (will-quit, then quit).
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const record = { calls: [], errors: [], schemes: [], window: null, loaded: null, responses: {} };
let appHandler;
let finished = false;

function finish(code) {
  if (finished) return;
  finished = true;
  record.exitCode = code;
  writeFileSync(process.env.FAKE_ELECTRON_RECORD, JSON.stringify(record, null, 2));
  process.exit(code);
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  enableSandbox() {
    record.calls.push('enableSandbox');
  }
  getPath(name) {
    return join(process.env.FAKE_ELECTRON_HOME, name);
  }
  setPath(name) {
    record.calls.push(`setPath ${name}`);
  }
  requestSingleInstanceLock() {
    record.calls.push('requestSingleInstanceLock');
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    finish(0);
  }
  exit(code = 0) {
    finish(code);
  }
  getVersion() {
    return '0.1.0';
  }
  getName() {
    return 'STOMP Explorer';
  }
}

export const app = new FakeApp();

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.schemes = schemes;
  },
  handle(scheme, handler) {
    record.calls.push(`protocol.handle ${scheme}`);
    if (scheme === 'app') appHandler = handler;
  },
};

const noop = () => undefined;
export const session = {
  defaultSession: {
    setPermissionRequestHandler: noop,
    setPermissionCheckHandler: noop,
    setDevicePermissionHandler: noop,
    setDisplayMediaRequestHandler: noop,
    webRequest: { onBeforeRequest: noop, onHeadersReceived: noop },
  },
};

export const ipcMain = {
  handle(channel) {
    record.calls.push(`ipcMain.handle ${channel}`);
  },
  removeHandler: noop,
};

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu() {
    record.calls.push('setApplicationMenu');
  },
};

export const dialog = {
  showErrorBox(title, content) {
    record.errors.push(`${title}: ${content}`);
  },
  showMessageBox: async () => ({ response: 0 }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true }),
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from(text, 'utf8'),
  decryptString: (buffer) => buffer.toString('utf8'),
};

class FakeWebContents extends EventEmitter {
  id = 1;
  send = noop;
  isDestroyed = () => false;
  getURL = () => record.loaded ?? '';
  setWindowOpenHandler = noop;
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new FakeWebContents();
    record.calls.push('new BrowserWindow');
    record.window = { webPreferences: options.webPreferences, show: options.show };
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  show() {}
  focus() {}
  restore() {}
  async loadURL(url) {
    record.loaded = url;
    // Like Chromium: the page first, then what it names, after the load call has returned.
    setTimeout(() => void visit(url), 0);
  }
}

async function fetchFromApp(url) {
  const response = await appHandler(new Request(url));
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    nosniff: response.headers.get('x-content-type-options'),
    bytes: body.length,
    text: body.toString('utf8'),
  };
}

async function visit(url) {
  try {
    if (!appHandler) throw new Error('no app:// handler was registered before the window loaded');
    const page = await fetchFromApp(url);
    record.responses[url] = { ...page, text: page.text.slice(0, 2000) };
    for (const [, ref] of page.text.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const asset = new URL(ref, url).href;
      const answer = await fetchFromApp(asset);
      record.responses[asset] = { ...answer, text: answer.text.slice(0, 200) };
    }
    for (const refused of ['app://stomp-explorer/assets/..%2f..%2fpackage.json', 'app://stomp-explorer/package.json', 'app://elsewhere/index.html']) {
      const answer = await fetchFromApp(refused);
      record.responses[refused] = { ...answer, text: answer.text.slice(0, 200) };
    }
  } catch (error) {
    record.errors.push(String(error?.stack ?? error));
  }
  // Quitting as Electron does: will-quit (the app disposes of its host), then app.quit().
  app.emit('will-quit', { preventDefault: noop });
  setTimeout(() => {
    record.errors.push('the app did not quit within 10 s of will-quit');
    finish(1);
  }, 10_000).unref();
}
