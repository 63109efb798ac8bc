/** What one call into the sandbox may take. */
export interface SandboxLimits {
  /** Wall-clock time per call, ms: past it the interpreter is interrupted. */
  readonly timeMs: number;
  /** Memory of the whole QuickJS runtime (its heap, strings, arrays), bytes. */
  readonly memoryBytes: number;
  /**
   * QuickJS's own stack limit, bytes. Kept small: QuickJS measures the stack of its C code, while
   * its WebAssembly frames also use the host thread's native stack, several times as much for deep
   * native recursion (JSON.stringify of a deeply nested value). 64 KiB leaves the host's stack
   * room to spare; a deeper overflow that still reaches the host is caught and the sandbox rebuilt.
   */
  readonly stackBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeMs: 1000, memoryBytes: 64 * 1024 * 1024, stackBytes: 64 * 1024 };

export const LIMIT_BOUNDS = {
  timeMs: [10, 60_000],
  memoryBytes: [1024 * 1024, 512 * 1024 * 1024],
} as const;
