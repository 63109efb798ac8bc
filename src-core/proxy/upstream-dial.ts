/**
 * The broker side of one proxied connection: walks the upstream URI's failover plan (a plain URI
 * is a plan of one attempt) with the core's transports (TCP, TLS with the same settings as the
 * client, WebSocket) until one opens. The proxy does not reconnect a connection that drops later:
 * it cannot replay a session on the client's behalf, so it closes the client's side and lets the
 * client's own failover come back through it.
 */
import { cancellableSleep, type Sleep } from '../client/cancellable-sleep';
import { addressOf } from '../client/connect-attempt';
import type { TransportOpener } from '../client/open-transport';
import { describeAddress, type Transport, type TransportOptions } from '../client/transport';
import { createFailoverPlan } from '../protocol/failover-plan';
import type { FailoverUri } from '../protocol/failover-uri';

export interface UpstreamSettings {
  readonly uri: FailoverUri;
  readonly transport: TransportOptions;
  readonly open: TransportOpener;
  readonly random?: () => number;
}

export interface DialFailure {
  readonly broker: string;
  readonly attempt: number;
  readonly reason: string;
}

export class UpstreamUnreachableError extends Error {
  constructor(readonly failures: readonly DialFailure[]) {
    super(
      failures.length === 0
        ? 'the upstream URI names no broker'
        : `no broker answered: ${failures.map((f) => `${f.broker} (${f.reason})`).join('; ')}`,
    );
    this.name = 'UpstreamUnreachableError';
  }
}

/** A dial that `cancel()` stops between attempts (the client went away meanwhile). */
export interface Dial {
  readonly result: Promise<{ readonly transport: Transport; readonly broker: string }>;
  cancel(): void;
}

export function dialUpstream(settings: UpstreamSettings): Dial {
  let cancelled = false;
  let sleep: Sleep | null = null;
  const result = (async () => {
    const failures: DialFailure[] = [];
    const plan = createFailoverPlan(settings.uri, { random: settings.random });
    for (const step of plan.attempts()) {
      if (step.delay > 0) {
        sleep = cancellableSleep(step.delay);
        await sleep.done;
        sleep = null;
      }
      if (cancelled) break;
      const address = addressOf(step.broker);
      try {
        const transport = await settings.open(address, settings.transport);
        if (cancelled) {
          transport.destroy();
          break;
        }
        return { transport, broker: transport.description };
      } catch (error) {
        failures.push({ broker: describeAddress(address), attempt: step.attempt, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    throw new UpstreamUnreachableError(failures);
  })();
  return {
    result,
    cancel() {
      cancelled = true;
      sleep?.cancel();
    },
  };
}
