/**
 * One QuickJS context for user scripts: a separate WebAssembly isolate with no access to the host,
 * the file system, the network or the UI, a time limit per call (an interrupt handler checks a
 * deadline while the interpreter runs), a memory limit (QuickJS's allocator refuses past it) and a
 * small stack limit. Values cross as strings (JSON) and, on request, bytes.
 *
 * After a call that hit a limit the context is thrown away and rebuilt from its setup code before
 * the next call: nothing half-done survives. If the host's own stack overflows inside the
 * WebAssembly code, the whole module is discarded and reloaded; the caller gets a ScriptError.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { discardQuickJs, loadedQuickJs, loadQuickJs } from './quickjs-module';
import { ESCAPE_ERROR_NAME, IMPORT_REFUSED, SANDBOX_PRELUDE } from './sandbox-prelude';
import { ScriptError } from './script-error';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-limits';

/** A host function a script may call: numbers and strings in, a string or bytes out. */
export type HostFunction = (...args: (number | string)[]) => string | Uint8Array | undefined;

export interface SandboxSetup {
  /** Evaluated after the prelude in every fresh context: defines the functions `call` runs. */
  readonly code: string;
  /** The file name errors point at, e.g. `filter.js`. */
  readonly fileName: string;
  /** Lines the setup puts before the user's source: subtracted from error line numbers. */
  readonly lineOffset: number;
  readonly hostFunctions?: Readonly<Record<string, HostFunction>>;
}

interface Live {
  readonly runtime: QuickJSRuntime;
  readonly vm: QuickJSContext;
}

export class ScriptSandbox {
  private live: Live | undefined;
  private deadline = Infinity;
  private disposed = false;

  /** The module the live context belongs to. */
  private module: QuickJSWASMModule | undefined;

  private constructor(
    private readonly setup: SandboxSetup,
    readonly limits: SandboxLimits,
  ) {}

  /** Loads QuickJS if needed and runs the setup once, so a syntax error shows at once. */
  static async create(setup: SandboxSetup, limits: Partial<SandboxLimits> = {}): Promise<ScriptSandbox> {
    await loadQuickJs();
    return ScriptSandbox.createLoaded(setup, limits);
  }

  /** The same, for callers that cannot wait: needs QuickJS loaded already (see loadQuickJs). */
  static createLoaded(setup: SandboxSetup, limits: Partial<SandboxLimits> = {}): ScriptSandbox {
    const sandbox = new ScriptSandbox(setup, { ...DEFAULT_SANDBOX_LIMITS, ...limits });
    sandbox.context();
    return sandbox;
  }

  /** Calls a global function the setup defined; returns what it returned, as a string. */
  call(name: string, args: readonly (number | string)[] = []): string {
    if (this.disposed) throw new ScriptError('runtime', 'this script sandbox was closed');
    const { vm, runtime } = this.context();
    const handles: QuickJSHandle[] = [];
    let result: ReturnType<QuickJSContext['callFunction']> | undefined;
    try {
      const fn = vm.getProp(vm.global, name);
      handles.push(fn);
      for (const arg of args) handles.push(typeof arg === 'number' ? vm.newNumber(arg) : vm.newString(arg));
      this.deadline = performance.now() + this.limits.timeMs;
      result = vm.callFunction(fn, vm.undefined, ...handles.slice(1));
      this.deadline = Infinity;
      if (result.error) {
        const error = this.describe(result.error);
        result.error.dispose();
        throw error;
      }
      const value = result.value;
      const text = vm.typeof(value) === 'string' ? vm.getString(value) : undefined;
      value.dispose();
      runtime.executePendingJobs();
      if (text === undefined) throw new ScriptError('result', `${name} did not return a string`);
      return text;
    } catch (error) {
      this.deadline = Infinity;
      for (const h of handles) if (h.alive) h.dispose();
      if (error instanceof ScriptError) {
        if (error.kind === 'timeout' || error.kind === 'memory' || error.kind === 'stack') this.reset();
        throw error;
      }
      throw this.crashed(error);
    } finally {
      for (const h of handles) if (h.alive) h.dispose();
    }
  }

  /** The index the harness was at (its `__current`), while the context is alive. */
  current(): number | undefined {
    const live = this.live;
    if (!live) return undefined;
    const handle = live.vm.getProp(live.vm.global, '__current');
    try {
      return live.vm.typeof(handle) === 'number' ? live.vm.getNumber(handle) : undefined;
    } finally {
      handle.dispose();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.reset();
  }

  private context(): Live {
    if (this.live) return this.live;
    const module = loadedQuickJs();
    if (!module) {
      void loadQuickJs();
      throw new ScriptError('runtime', 'the script sandbox is still starting (or restarting); try again in a moment');
    }
    this.module = module;
    let runtime: QuickJSRuntime | undefined;
    try {
      runtime = module.newRuntime();
      runtime.setMemoryLimit(this.limits.memoryBytes);
      runtime.setMaxStackSize(this.limits.stackBytes);
      runtime.setInterruptHandler(() => performance.now() > this.deadline);
      runtime.setModuleLoader(() => ({ error: new Error(IMPORT_REFUSED) }));
      const vm = runtime.newContext();
      this.live = { runtime, vm };
      this.installHostFunctions(vm);
      this.evaluate(SANDBOX_PRELUDE, 'prelude.js', 0);
      this.evaluate(this.setup.code, this.setup.fileName, this.setup.lineOffset);
      return this.live;
    } catch (error) {
      this.reset();
      if (!this.live && runtime?.alive) runtime.dispose();
      if (error instanceof ScriptError) throw error;
      throw this.crashed(error);
    }
  }

  private evaluate(code: string, fileName: string, lineOffset: number): void {
    const { vm } = this.live!;
    this.deadline = performance.now() + this.limits.timeMs;
    const result = vm.evalCode(code, fileName);
    this.deadline = Infinity;
    if (result.error) {
      const error = this.describe(result.error, lineOffset);
      result.error.dispose();
      throw error;
    }
    result.value.dispose();
  }

  private installHostFunctions(vm: QuickJSContext): void {
    for (const [name, fn] of Object.entries(this.setup.hostFunctions ?? {})) {
      const handle = vm.newFunction(name, (...argHandles) => {
        const args = argHandles.map((h) => (vm.typeof(h) === 'number' ? vm.getNumber(h) : vm.getString(h)));
        const out = fn(...args);
        if (out === undefined) return vm.undefined;
        return typeof out === 'string' ? vm.newString(out) : vm.newArrayBuffer(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
      });
      vm.setProp(vm.global, name, handle);
      handle.dispose();
    }
  }

  /** A QuickJS error value as a ScriptError of the right kind. */
  private describe(handle: QuickJSHandle, lineOffset = this.setup.lineOffset): ScriptError {
    const { vm } = this.live!;
    let name = 'Error';
    let message = '';
    let stack = '';
    try {
      name = readString(vm, handle, 'name') ?? name;
      message = readString(vm, handle, 'message') ?? '';
      stack = readString(vm, handle, 'stack') ?? '';
      if (!message && vm.typeof(handle) !== 'object') message = String(vm.dump(handle));
    } catch {
      // After an out-of-memory the context may not manage even this much.
      message = message || 'out of memory';
    }
    const where = locate(stack, this.setup.fileName, lineOffset);
    const at = where ? ` (line ${where.line}, column ${where.column})` : '';
    if (message === 'interrupted') return new ScriptError('timeout', `the script ran longer than its ${this.limits.timeMs} ms limit and was stopped (an endless loop?)`);
    if (message === 'out of memory') return new ScriptError('memory', `the script needed more than its ${Math.round(this.limits.memoryBytes / 1048576)} MiB memory limit and was stopped`);
    if (message === 'stack overflow') return new ScriptError('stack', `the script recursed or nested too deeply (stack overflow)${at}`, where?.line, where?.column);
    if (name === ESCAPE_ERROR_NAME || message.startsWith(IMPORT_REFUSED) || /could not load module/.test(message)) {
      return new ScriptError('escape', /could not load module/.test(message) ? IMPORT_REFUSED : message, where?.line, where?.column);
    }
    if (name === 'SyntaxError') return new ScriptError('syntax', `syntax error${at}: ${message}`, where?.line, where?.column);
    return new ScriptError('runtime', `${name}: ${message}${at}`, where?.line, where?.column);
  }

  /** The WebAssembly code failed under the host (native stack overflow, abort): start over. */
  private crashed(error: unknown): ScriptError {
    this.live = undefined;
    this.dropModule();
    const overflow = error instanceof RangeError;
    return new ScriptError(
      overflow ? 'stack' : 'runtime',
      overflow ? 'the script nested too deeply for the sandbox’s stack; the sandbox was restarted' : `the sandbox failed and was restarted: ${(error as Error)?.message ?? String(error)}`,
    );
  }

  private reset(): void {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    try {
      live.runtime.executePendingJobs();
      live.vm.dispose();
      live.runtime.dispose();
    } catch {
      // A runtime left inconsistent by an abort cannot be freed; its module is dropped instead.
      this.dropModule();
    }
  }

  private dropModule(): void {
    if (this.module) discardQuickJs(this.module);
    this.module = undefined;
    void loadQuickJs().catch(() => undefined);
  }
}

function readString(vm: QuickJSContext, handle: QuickJSHandle, key: string): string | undefined {
  if (vm.typeof(handle) !== 'object') return undefined;
  const prop = vm.getProp(handle, key);
  try {
    return vm.typeof(prop) === 'string' ? vm.getString(prop) : undefined;
  } finally {
    prop.dispose();
  }
}

/** `at filter.js:3:5` → line 2 of the user's source when the setup put one line before it. */
function locate(stack: string, fileName: string, lineOffset: number): { line: number; column: number } | undefined {
  const match = new RegExp(`${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return undefined;
  const line = Number(match[1]) - lineOffset;
  return line >= 1 ? { line, column: Number(match[2]) } : undefined;
}
