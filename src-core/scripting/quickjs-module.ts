/**
 * The QuickJS WebAssembly module, loaded on first use (dynamic import: nothing is paid until a
 * script runs). A module whose WebAssembly code has aborted (the host's own stack overflowed inside
 * it) cannot be trusted again: `discardQuickJs` drops it and the next use loads a fresh instance.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten';

let loading: Promise<QuickJSWASMModule> | undefined;
let loaded: QuickJSWASMModule | undefined;

export function loadQuickJs(): Promise<QuickJSWASMModule> {
  loading ??= (async () => {
    const { newQuickJSWASMModule, RELEASE_SYNC } = await import('quickjs-emscripten');
    loaded = await newQuickJSWASMModule(RELEASE_SYNC);
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
