/** A real host on a temp data dir, driven the way the adapters drive it: raw requests, validated. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, validateRequest, type EventEnvelope, type EventName, type EventPayload, type MethodName, type MethodParams, type MethodResult } from '../../src-core/api';
import { createHost } from '../../src-main/host/create-host';
import type { Host } from '../../src-main/host/host-api';

export interface HostKit {
  readonly host: Host;
  readonly dataDir: string;
  readonly events: EventEnvelope[];
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Sends anything at all, as a hostile or buggy UI could. */
  raw(method: string, params: unknown): Promise<unknown>;
  /** Resolves with the first event of that name matching `where`. */
  nextEvent<E extends EventName>(event: E, where?: (payload: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

let nextId = 1;

export async function startHostKit(options: { eventIntervalMs?: number; captureMemoryBytes?: number } = {}): Promise<HostKit> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stomp-explorer-host-'));
  const host = await createHost({
    dataDir,
    mode: 'web',
    eventIntervalMs: options.eventIntervalMs ?? 20,
    captureMemoryBytes: options.captureMemoryBytes,
  });
  const events: EventEnvelope[] = [];
  const waiters = new Set<(event: EventEnvelope) => void>();
  host.onEvent((event) => {
    events.push(event);
    for (const waiter of waiters) waiter(event);
  });
  const raw = (method: string, params: unknown) => host.handle(validateRequest({ kind: 'request', id: nextId++, method, params }));
  return {
    host,
    dataDir,
    events,
    raw,
    call: (method, params) => raw(method, params) as never,
    nextEvent(event, where, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (e: EventEnvelope) => {
          if (e.event === event && (!where || where(e.payload as never))) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(e.payload as never);
          }
        };
        waiters.add(check);
      });
    },
    async close() {
      await host.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a call expected to fail and returns its ApiError. */
export async function apiError(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<ApiError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw new Error(`expected an ApiError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
