/**
 * The QuickJS WebAssembly module, loaded on first use (dynamic import: nothing is paid until a
 * script runs). A module whose WebAssembly code has aborted (the host's own stack overflowed inside
 * it) cannot be trusted again: `discardQuickJs` drops it and the next use loads a fresh instance.
 *
 * The .wasm file is found next to the variant's JavaScript. A bundle that does not carry it there
 * (the Electron main bundle is self-contained) names it with `useQuickJsWasmFile` before the first
 * script runs, e.g. with electron-vite's
 * `import wasm from '@jitl/quickjs-wasmfile-release-sync/wasm?asset'`.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten';

let loading: Promise<QuickJSWASMModule> | undefined;
let loaded: QuickJSWASMModule | undefined;
let wasmFile: string | undefined;

export function useQuickJsWasmFile(path: string): void {
  wasmFile = path;
}

export function loadQuickJs(): Promise<QuickJSWASMModule> {
  loading ??= (async () => {
    const { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } = await import('quickjs-emscripten');
    const variant = wasmFile ? newVariant(RELEASE_SYNC, { wasmLocation: wasmFile }) : RELEASE_SYNC;
    try {
      loaded = await newQuickJSWASMModuleFromVariant(variant);
    } catch (error) {
      throw new Error(`the script sandbox (QuickJS) could not be loaded${wasmFile ? ` from ${wasmFile}` : ''}: ${(error as Error).message}`);
    }
    return loaded;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The module if it has been loaded, for code that must stay synchronous. */
export function loadedQuickJs(): QuickJSWASMModule | undefined {
  return loaded;
}

export function discardQuickJs(module: QuickJSWASMModule): void {
  if (loaded === module) {
    loaded = undefined;
    loading = undefined;
  }
}
