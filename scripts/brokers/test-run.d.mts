// Types of test-run.mjs for the TypeScript set-ups that import it.
import type { EndOfRun } from './lease.mjs';

export type BrokerName = 'rabbitmq' | 'activemq';
export declare const BROKER_NAMES: readonly BrokerName[];
export interface ScriptResult {
  readonly name: BrokerName;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}
type Log = (message: string) => void;
export declare function brokerStateDir(scriptsDir?: string): string;
export declare function brokerScript(name: BrokerName, command: 'start' | 'stop' | 'restart' | 'status', timeoutMs?: number, scriptsDir?: string): Promise<ScriptResult>;
export declare function beginRun(label: string, stateDir?: string): () => void;
interface Where {
  /** Stand-in scripts (tests); scripts/brokers/ by default. */
  scriptsDir?: string;
  stateDir?: string;
  log?: Log;
}
export declare function startMissingBrokers(options?: Where & { names?: readonly BrokerName[] }): Promise<{ started: BrokerName[]; alreadyUp: BrokerName[]; failures: ScriptResult[] }>;
export declare function stopBrokers(names: readonly string[], options?: Where): Promise<string[]>;
export declare function finishRun(release: () => void, options?: Where & { env?: NodeJS.ProcessEnv }): Promise<EndOfRun>;
