// The real brokers the tests talk to: endpoints, login, TLS files, and start/stop/restart helpers.
// Everything comes from scripts/brokers/ (endpoints.sh prints the same values the scripts use),
// so ports and paths live in one place: scripts/brokers/common.sh.
//
//   import { brokers, restartBroker } from './brokers';
//   net.connect(brokers.rabbitmq.stompPort, brokers.host);
//   await restartBroker('activemq'); // resolves once the broker answers a STOMP CONNECT again
//
// The brokers project's global set-up (global-setup.ts) starts both brokers before any test and
// also provides the same object: `inject('brokers')`.
import { execFile, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BrokerName = 'rabbitmq' | 'activemq';
export const BROKER_NAMES: readonly BrokerName[] = ['rabbitmq', 'activemq'];

export interface BrokerEndpoints {
  /** 127.0.0.1: every broker listens on loopback only. */
  host: string;
  /** guest / guest on both brokers. ActiveMQ refuses a wrong or missing login. */
  login: string;
  passcode: string;
  /** <repo>/.brokers unless STOMP_BROKERS_DIR says otherwise. */
  stateDir: string;
  rabbitmq: {
    /** STOMP over TCP: 61613. */
    stompPort: number;
    /** STOMP over TLS: 61615, server certificate tls.serverCert (CN/SAN localhost + 127.0.0.1). */
    stompTlsPort: number;
    /** Web-STOMP: 15674, path /ws, subprotocol v12.stomp. */
    wsPort: number;
    wsPath: string;
    wsUrl: string;
    /** The management plugin (UI and HTTP API, guest/guest from loopback): 15672. */
    managementPort: number;
    /** http://127.0.0.1:15672/ — the HTTP API is under api/ (e.g. api/queues/%2F/NAME for a queue's depth). */
    managementUrl: string;
    /** The STOMP `host` header is RabbitMQ's vhost: "/". */
    vhost: string;
    node: string;
    logDir: string;
  };
  activemq: {
    /** STOMP over TCP: 61614. */
    stompPort: number;
    /**
     * STOMP over WebSocket: 61623 (any path; a bridge to the TCP connector, see scripts/brokers/activemq-ws-bridge.mjs).
     * Statistics: SEND to /queue/ActiveMQ.Statistics.Destination.<name> with reply-to (statisticsBrokerPlugin).
     */
    wsPort: number;
    wsUrl: string;
    vhost: string;
    logDir: string;
  };
  /** PEM files made by scripts/brokers/tls.sh. */
  tls: {
    dir: string;
    caCert: string;
    caKey: string;
    serverCert: string;
    serverKey: string;
    /** Signed by the test CA; RabbitMQ verifies it when sent (not required). */
    clientCert: string;
    clientKey: string;
    /** CN/SAN localhost too, but self-signed: not trusted by anyone who trusts only caCert. */
    selfSignedCert: string;
    selfSignedKey: string;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    brokers: BrokerEndpoints;
  }
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const brokerScriptsDir = join(repoRoot, 'scripts', 'brokers');

/** Reads the endpoints from scripts/brokers/endpoints.sh (cheap: one bash + node run). */
export function readBrokerEndpoints(): BrokerEndpoints {
  const out = execFileSync('bash', [join(brokerScriptsDir, 'endpoints.sh')], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out) as BrokerEndpoints;
}

export const brokers: BrokerEndpoints = readBrokerEndpoints();

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/brokers/<script> with args; never rejects (look at `code`). */
export function runBrokerScript(script: string, args: string[], timeoutMs = 180_000): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile('bash', [join(brokerScriptsDir, script), ...args], { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (err && typeof err.code !== 'number' ? `\n${err.message}` : '') });
    });
  });
}

// One operation at a time per broker: a restart must not interleave with a stop.
const queues = new Map<BrokerName, Promise<unknown>>();
function serialized<T>(name: BrokerName, op: () => Promise<T>): Promise<T> {
  const previous = queues.get(name) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(op);
  queues.set(name, next);
  return next;
}

async function brokerCommand(name: BrokerName, command: 'start' | 'stop' | 'restart'): Promise<void> {
  const r = await runBrokerScript(`${name}.sh`, [command]);
  if (r.code !== 0) {
    throw new Error(`scripts/brokers/${name}.sh ${command} failed (exit ${r.code}):\n${r.stderr.trim()}`);
  }
}

/** Starts the broker (no-op if it is up); resolves once it answers a STOMP CONNECT on every endpoint. */
export function startBroker(name: BrokerName): Promise<void> {
  return serialized(name, () => brokerCommand(name, 'start'));
}

/** Stops the broker cleanly (RabbitMQ: rabbitmqctl shutdown; ActiveMQ: SIGTERM); resolves when it is gone. */
export function stopBroker(name: BrokerName): Promise<void> {
  return serialized(name, () => brokerCommand(name, 'stop'));
}

/**
 * Stops and starts the broker; resolves once it answers a STOMP CONNECT again. Open connections
 * are dropped. Persistent messages survive (ActiveMQ: sent with `persistent:true`; RabbitMQ:
 * durable queues such as /queue/x with `persistent:true`).
 */
export function restartBroker(name: BrokerName): Promise<void> {
  return serialized(name, () => brokerCommand(name, 'restart'));
}

/** True when every endpoint of the broker answers a STOMP CONNECT. */
export async function isBrokerUp(name: BrokerName): Promise<boolean> {
  return (await runBrokerScript(`${name}.sh`, ['status'], 30_000)).code === 0;
}
