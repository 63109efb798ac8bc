/**
 * The Electron shell's refusals: the window's security options, navigation, window.open, webviews,
 * permissions, remote requests, the CSP header, and the app:// protocol serving only the app.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL, appProtocolHandler, ELECTRON_CSP, isAppUrl, registerAppScheme } from '../../src-main/electron/app-protocol';
import { buildMenuTemplate, type MenuActions } from '../../src-main/electron/menu';
import { ALLOWED_PERMISSIONS, hardenSession, hardenWebContents, trustedUrlPolicy } from '../../src-main/electron/security';
import { createWindowOptions } from '../../src-main/electron/window-options';

describe('the window options', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, web security, no webviews', () => {
    const options = createWindowOptions({ preloadPath: '/app/out/preload/index.cjs', isDev: false });
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
    });
    expect(options.show).toBe(false);
  });

  it('allow developer tools only in development', () => {
    expect(createWindowOptions({ preloadPath: 'p', isDev: true }).webPreferences?.devTools).toBe(true);
    expect(createWindowOptions({ preloadPath: 'p', isDev: false }).webPreferences?.devTools).toBe(false);
  });
});

describe('the application menu', () => {
  const actions: MenuActions = { importProfiles: vi.fn(), exportProfiles: vi.fn(), importCapture: vi.fn(), exportCapture: vi.fn(), about: vi.fn() };
  const roles = (template: ReturnType<typeof buildMenuTemplate>) => JSON.stringify(template.map((m) => [m.label, m.role, m.submenu]));

  it('offers reload and developer tools only in development', () => {
    const prod = roles(buildMenuTemplate({ isDev: false, platform: 'linux', appName: 'STOMP Explorer', actions }));
    expect(prod).not.toContain('toggleDevTools');
    expect(prod).not.toMatch(/"reload"|forceReload/);
    const dev = roles(buildMenuTemplate({ isDev: true, platform: 'linux', appName: 'STOMP Explorer', actions }));
    expect(dev).toContain('toggleDevTools');
    expect(dev).toContain('"reload"');
  });

  it('has File (imports, exports, quit), Edit, View and Help; the File items run their actions', () => {
    const template = buildMenuTemplate({ isDev: false, platform: 'linux', appName: 'STOMP Explorer', actions });
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const file = template[0]!.submenu as { id?: string; role?: string; click?: () => void }[];
    expect(file.map((i) => i.id ?? i.role).filter(Boolean)).toEqual(['import-profiles', 'export-profiles', 'import-capture', 'export-capture', 'quit']);
    for (const item of file) item.click?.();
    expect(actions.importProfiles).toHaveBeenCalledOnce();
    expect(actions.exportProfiles).toHaveBeenCalledOnce();
    expect(actions.importCapture).toHaveBeenCalledOnce();
    expect(actions.exportCapture).toHaveBeenCalledOnce();
  });

  it('follows macOS conventions there (app menu, window menu)', () => {
    const template = buildMenuTemplate({ isDev: false, platform: 'darwin', appName: 'STOMP Explorer', actions });
    expect(template[0]!.label).toBe('STOMP Explorer');
    expect(template.some((m) => m.role === 'windowMenu')).toBe(true);
  });
});

/** A web contents as far as the hardening uses it. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  });
  const fire = (name: string, ...args: unknown[]) => {
    const event = { preventDefault: vi.fn(), url: args[0] };
    emitter.emit(name, event, ...args);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('every web contents', () => {
  const policy = { isTrustedUrl: trustedUrlPolicy(undefined), log: vi.fn() };

  it('refuses navigation away from the app (any kind), and allows reloading the app itself', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents, policy);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'data:text/html,x']) {
      expect(fire('will-navigate', url), url).toBe(true);
      expect(fire('will-frame-navigate', url), url).toBe(true);
      expect(fire('will-redirect', url), url).toBe(true);
    }
    expect(fire('will-navigate', APP_INDEX_URL)).toBe(false);
  });

  it('denies window.open for every URL, the app included, and refuses webviews', () => {
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents, policy);
    for (const url of ['https://evil.example/', APP_INDEX_URL, 'about:blank']) expect(open(url)).toEqual({ action: 'deny' });
    expect(fire('will-attach-webview')).toBe(true);
  });
});

function fakeSession() {
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const capture = (name: string) => (handler: (...args: never[]) => unknown) => {
    handlers[name] = handler;
  };
  const session = {
    setPermissionRequestHandler: capture('request'),
    setPermissionCheckHandler: capture('check'),
    setDevicePermissionHandler: capture('device'),
    setDisplayMediaRequestHandler: capture('display'),
    webRequest: { onBeforeRequest: capture('before'), onHeadersReceived: capture('headers') },
  };
  return { session: session as unknown as Session, handlers: handlers as Record<string, (...args: unknown[]) => unknown> };
}

describe('the session', () => {
  const app = { getURL: () => APP_INDEX_URL };

  function harden(devOrigin?: string) {
    const { session, handlers } = fakeSession();
    hardenSession(session, { isTrustedUrl: trustedUrlPolicy(devOrigin), devOrigin, log: vi.fn() });
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      handlers.request!(app, permission, (answer: boolean) => (granted = answer), { requestingUrl });
      return granted;
    };
    const cancels = (url: string) => {
      let result: { cancel?: boolean } | undefined;
      handlers.before!({ url }, (r: { cancel?: boolean }) => (result = r));
      return result!.cancel;
    };
    return { handlers, ask, cancels };
  }

  it('denies every permission request, except clipboard writes from the app itself', () => {
    const { ask, handlers } = harden();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'midi', 'hid', 'serial', 'unknown']) {
      expect(ask(permission, APP_INDEX_URL), permission).toBe(false);
    }
    expect(ask('clipboard-sanitized-write', APP_INDEX_URL)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect([...ALLOWED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
    expect(handlers.check!(app, 'media', 'app://stomp-explorer')).toBe(false);
    expect(handlers.check!(app, 'clipboard-read', 'app://stomp-explorer')).toBe(false);
    expect(handlers.check!(app, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(handlers.device!({})).toBe(false);
    const display = vi.fn();
    handlers.display!({}, display);
    expect(display).toHaveBeenCalledWith(null);
  });

  it('cancels every request to the network (remote content), and lets the app and internal schemes through', () => {
    const { cancels } = harden();
    for (const url of ['https://cdn.example/lib.js', 'http://127.0.0.1:61613/', 'ws://evil.example/', 'wss://x/', 'file:///etc/passwd', 'ftp://x/']) expect(cancels(url), url).toBe(true);
    for (const url of [APP_INDEX_URL, 'app://stomp-explorer/assets/a.js', 'devtools://devtools/bundled/x.html', 'data:image/png;base64,AA==', 'blob:app://stomp-explorer/1']) {
      expect(cancels(url), url).toBe(false);
    }
  });

  it('lets the dev server (and its HMR socket) through in development only', () => {
    expect(harden().cancels('http://localhost:5173/src/main.tsx')).toBe(true);
    const dev = harden('http://localhost:5173');
    expect(dev.cancels('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(dev.cancels('ws://localhost:5173/')).toBe(false);
    expect(dev.cancels('http://localhost:5174/')).toBe(true);
  });

  it("puts the strict CSP on the app's pages, replacing any other, and leaves other responses alone", () => {
    const { handlers } = harden();
    let result: { responseHeaders?: Record<string, string[]> } | undefined;
    handlers.headers!({ url: APP_INDEX_URL, responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, (r: typeof result) => (result = r));
    expect(result!.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [ELECTRON_CSP] });
    handlers.headers!({ url: 'devtools://devtools/x', responseHeaders: {} }, (r: typeof result) => (result = r));
    expect(result).toEqual({});
  });

  it('uses a CSP with only the app itself as source: no inline script, no eval, no remote connections', () => {
    expect(ELECTRON_CSP).toContain("default-src 'none'");
    expect(ELECTRON_CSP).toContain("script-src 'self';");
    expect(ELECTRON_CSP).toContain("connect-src 'self';");
    expect(ELECTRON_CSP).toContain("object-src 'none'");
    expect(ELECTRON_CSP).toContain("base-uri 'none'");
    expect(ELECTRON_CSP).toContain("frame-ancestors 'none'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });
});

describe('the app:// protocol', () => {
  let root: string;
  let rendererDir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'stomp-explorer-protocol-'));
    rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(rendererDir, 'assets', 'a.js'), 'export {}');
    writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'out.txt'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is registered as a privileged standard, secure scheme without CSP bypass or cross-origin reads', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://stomp-explorer.evil.example/')).toBe(false);
    expect(isAppUrl('https://stomp-explorer/')).toBe(false);
  });

  it("serves the renderer's files with their type, the CSP and nosniff", async () => {
    const handle = appProtocolHandler(rendererDir);
    const index = await handle(new Request(APP_INDEX_URL));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>app</title>');
    expect((await handle(new Request('app://stomp-explorer/'))).status).toBe(200);
    const js = await handle(new Request('app://stomp-explorer/assets/a.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses other hosts, other methods, directories, traversal and links out of the folder', async () => {
    const handle = appProtocolHandler(rendererDir);
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handle(new Request('app://stomp-explorer/assets/'))).status).toBe(404);
    for (const url of ['app://stomp-explorer/..%2fsecret.txt', 'app://stomp-explorer/assets/%2e%2e%2f%2e%2e%2fsecret.txt', 'app://stomp-explorer/../secret.txt', 'app://stomp-explorer/assets/out.txt', 'app://stomp-explorer/..%5csecret.txt']) {
      const response = await handle(new Request(url));
      expect([400, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain('TOP SECRET');
    }
  });
});
