/** How a sandbox broker is started. */
import type { FaultSwitches } from './faults';
import type { HeartBeatPair } from './negotiate';

export interface SandboxUser {
  readonly login: string;
  readonly passcode: string;
}

export interface SandboxBrokerOptions {
  /** Interface to listen on. Default 127.0.0.1: the sandbox is for this machine only. */
  readonly host?: string;
  /** TCP port; 0 (default) picks a free one, read it back from `SandboxBroker.port`. */
  readonly port?: number;
  /** Accepted logins; undefined accepts any login and passcode, or none, as Debian's ActiveMQ does. */
  readonly users?: readonly SandboxUser[];
  /** The broker's heart-beat wishes `[sx, sy]` in ms: sends at most every sx, wants every sy. */
  readonly heartBeat?: HeartBeatPair;
  /** Fault switches in force from the start; change them later with `setFaults`. */
  readonly faults?: FaultSwitches;
  /** Largest frame accepted, head and body, in bytes (default: the parser's 128 MiB). */
  readonly maxFrameSize?: number;
}

/** Every option with its default applied. */
export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly users: readonly SandboxUser[] | undefined;
  readonly heartBeat: HeartBeatPair;
  readonly maxFrameSize: number | undefined;
}

/** Like a real broker's defaults: offers and wants beats every 10 s when the client asks for them. */
export const DEFAULT_HEART_BEAT: HeartBeatPair = [10_000, 10_000];

export function resolveOptions(options: SandboxBrokerOptions): ResolvedOptions {
  const heartBeat = options.heartBeat ?? DEFAULT_HEART_BEAT;
  if (heartBeat.length !== 2 || !heartBeat.every((ms) => Number.isInteger(ms) && ms >= 0)) {
    throw new RangeError(`heartBeat must be two non-negative integers (ms), got ${JSON.stringify(heartBeat)}`);
  }
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    users: options.users,
    heartBeat,
    maxFrameSize: options.maxFrameSize,
  };
}

/** The `server` header of CONNECTED. Keep the version in step with package.json (a test checks). */
export const SANDBOX_VERSION = '0.1.0';
export const SERVER_NAME = `STOMP-Explorer-Sandbox/${SANDBOX_VERSION}`;
