/**
 * User scripts in a sandbox (QuickJS compiled to WebAssembly: an isolate of its own with no
 * access to the host, files, network or UI; time, memory and stack limits per call): filter
 * scripts over captured messages and payload scripts that build the messages of a send.
 */
export { ScriptError, type ScriptErrorKind } from './script-error';
export { DEFAULT_SANDBOX_LIMITS, LIMIT_BOUNDS, type SandboxLimits } from './sandbox-limits';
export { ScriptSandbox, type HostFunction, type SandboxSetup } from './script-sandbox';
export { FilterScript, type FilterMessage, type FilterStats } from './filter-script';
export { PayloadScript, type BuiltMessage, type PayloadContext } from './payload-script';
export { loadQuickJs, loadedQuickJs, useQuickJsWasmFile } from './quickjs-module';
export { HOST_NAMES } from './sandbox-prelude';
export { isFunctionSource } from './script-source';
