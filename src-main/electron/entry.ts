/**
 * The Electron main bundle's entry. The bundle is self-contained, so QuickJS's WebAssembly (the
 * script sandbox) does not sit beside the library's JavaScript: electron-vite copies it into the
 * bundle as an asset and its path is handed to the sandbox before anything can run a script.
 */
import quickJsWasm from '@jitl/quickjs-wasmfile-release-sync/wasm?asset';
import { useQuickJsWasmFile } from '../../src-core/scripting/quickjs-module';
import { startElectronApp } from './main';

useQuickJsWasmFile(quickJsWasm);

// Started only inside Electron; tests import main.ts and call startElectronApp themselves.
if (process.versions.electron !== undefined) startElectronApp();
