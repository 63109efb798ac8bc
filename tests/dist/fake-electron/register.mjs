// `node --import ./register.mjs out/main/index.js`: the packaged main bundle as Electron would run
// it, with `electron` resolving to fake-electron.mjs and process.versions.electron set (the bundle
// starts itself only inside Electron).
import { register } from 'node:module';

Object.defineProperty(process.versions, 'electron', { value: process.env.FAKE_ELECTRON_VERSION ?? '45.5.0', enumerable: true });
register(new URL('./hooks.mjs', import.meta.url));
