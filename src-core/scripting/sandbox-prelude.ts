/**
 * JavaScript run first in every sandbox context. QuickJS gives a script nothing of the host
 * already (no process, require, fetch, timers, file system, network, DOM); these guards only turn
 * a reach for those names into an error that says so, instead of a bare ReferenceError.
 */

/** Names scripts written for Node or a browser commonly reach for. */
export const HOST_NAMES = [
  'require',
  'process',
  'module',
  'exports',
  'global',
  'Buffer',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'window',
  'document',
  'self',
  'navigator',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'importScripts',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'Deno',
  'Bun',
] as const;

export const ESCAPE_ERROR_NAME = 'SandboxEscape';

export const SANDBOX_PRELUDE = `'use strict';
(function (g) {
  const names = ${JSON.stringify(HOST_NAMES)};
  for (const name of names) {
    Object.defineProperty(g, name, {
      configurable: false,
      enumerable: false,
      get() {
        const error = new Error(name + ' is not available: scripts run in a sandbox without access to the host, its files, the network or the UI');
        error.name = '${ESCAPE_ERROR_NAME}';
        throw error;
      },
    });
  }
})(globalThis);
`;

/** The import() rejection: modules cannot be loaded at all. */
export const IMPORT_REFUSED = 'import() is not available: scripts run in a sandbox without modules, files or network';
