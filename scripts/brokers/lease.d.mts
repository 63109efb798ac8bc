// Types of lease.mjs for the TypeScript set-ups that import it.
export declare const KEEP_ENV: 'STOMP_KEEP_BROKERS';
export declare function keepRequested(env?: NodeJS.ProcessEnv): boolean;
export declare function takeLease(stateDir: string, label: string, pid?: number): () => void;
export declare function otherLiveLeases(stateDir: string, pid?: number, isAlive?: (pid: number) => boolean): number[];
export declare function processAlive(pid: number): boolean;
export declare function recordStarted(stateDir: string, names: readonly string[], pid?: number): void;
export declare function startedByTests(stateDir: string): string[];
export declare function forgetStarted(stateDir: string, names?: readonly string[]): void;
export interface EndOfRun {
  readonly action: 'keep' | 'leave' | 'stop';
  readonly brokers: string[];
  readonly why: string;
}
export declare function endOfRun(stateDir: string, options?: { env?: NodeJS.ProcessEnv; pid?: number; isAlive?: (pid: number) => boolean }): EndOfRun;
