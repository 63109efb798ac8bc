/**
 * A connection's life as the UI tells it: every connect, failed attempt (with its reason), drop,
 * reconnect, replay and give-up, kept in order, so nothing that happened to the link is invisible.
 * It listens to the client's events and owns what the view derives from them: the attempt log of
 * the latest walk (kept after it succeeded), the latest drop, the retry countdown and the failure.
 */
import type { ConnectionView, LifecycleEvent } from '../../../src-core/api';
import type { AttemptFailure } from '../../../src-core/client/client-errors';
import type { StompClient } from '../../../src-core/client/stomp-client';

const HISTORY_CAPACITY = 100;
const ATTEMPTS_CAPACITY = 200;

type Attempt = ConnectionView['attempts'][number];

export interface LifecycleListener {
  /** Something the view shows changed. */
  changed(): void;
  /** A line for the wire log, where the frames around it are. */
  marker(text: string, broker: string | undefined): void;
  /** A reconnect sent these subscriptions again. */
  replayed(subscriptionIds: readonly string[], at: number): void;
}

export class ConnectionLifecycle {
  private readonly events: LifecycleEvent[] = [];
  private attemptLog: Attempt[] = [];
  private drop: ConnectionView['lastDrop'];
  private retry: ConnectionView['reconnect'];
  private failed: ConnectionView['failure'];
  /** Set while a walk the user started (connect, reconnect) is under way. */
  private walking = false;

  constructor(
    private readonly client: StompClient,
    private readonly listener: LifecycleListener,
    private readonly now: () => number = Date.now,
  ) {
    client.on('state', (state) => {
      if (state === 'connected') this.retry = undefined;
      listener.changed();
    });
    client.on('attemptFailed', (failure) => this.attemptFailed(failure));
    client.on('reconnecting', (r) => {
      this.retry = { attempt: r.attempt, maxAttempts: r.maxAttempts, nextDelayMs: r.delay, broker: r.broker };
      const of = r.maxAttempts === null ? '∞' : String(r.maxAttempts);
      const text = `attempt ${r.attempt} of ${of} to ${r.broker}${r.delay > 0 ? ` in ${formatDelay(r.delay)}` : ''}`;
      this.record('reconnecting', text, r.broker);
      listener.changed();
    });
    client.on('connected', (c) => {
      const failedFirst = this.attemptLog.length ? ` after ${this.attemptLog.length} failed attempt${this.attemptLog.length === 1 ? '' : 's'}` : '';
      const text = `${c.reconnect ? 'reconnected' : 'connected'} to ${c.broker}${failedFirst} · STOMP ${c.version}${c.server ? ` · ${c.server}` : ''}`;
      this.record(c.reconnect ? 'reconnected' : 'connected', text, c.broker);
      this.listener.marker(text, c.broker);
      this.walking = false;
      this.failed = undefined;
      listener.changed();
    });
    client.on('replayed', ({ subscriptions }) => {
      if (!subscriptions.length) return;
      const at = this.now();
      const text = `replayed ${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'}: ${subscriptions.map((s) => s.destination).join(', ')}`;
      this.record('replayed', text);
      this.listener.marker(text, undefined);
      this.listener.replayed(
        subscriptions.map((s) => s.id),
        at,
      );
    });
    client.on('disconnected', ({ error, willReconnect }) => {
      if (!error) return;
      const reason = error.message;
      this.drop = { at: this.now(), reason };
      // A new walk starts: its attempts are the ones to show from now on.
      this.attemptLog = [];
      const text = `connection lost: ${reason}${willReconnect ? ' · reconnecting' : ''}`;
      this.record('dropped', text);
      this.listener.marker(text, undefined);
      listener.changed();
    });
    client.on('reconnectFailed', (error) => {
      this.failed = { message: error.message, attempts: [...this.attemptLog] };
      this.retry = undefined;
      this.record('gave-up', `gave up reconnecting: ${firstLine(error.message)}`);
      this.listener.marker(`gave up reconnecting: ${firstLine(error.message)}`, undefined);
      listener.changed();
    });
  }

  /** A connect the user asked for begins: a fresh attempt log, no old failure or drop. */
  connecting(brokers: string): void {
    this.walking = true;
    this.attemptLog = [];
    this.failed = undefined;
    this.drop = undefined;
    this.retry = undefined;
    this.record('connecting', `connecting to ${brokers}`);
    this.listener.changed();
  }

  /** The walk the user started failed; `cancelled` when the user stopped it (not a failure). */
  connectFailed(error: Error, cancelled: boolean): void {
    this.walking = false;
    this.retry = undefined;
    if (cancelled) {
      this.record('cancelled', 'connecting cancelled');
    } else {
      this.failed = { message: error.message, attempts: [...this.attemptLog] };
      this.record('gave-up', `could not connect: ${firstLine(error.message)}`);
    }
    this.listener.changed();
  }

  /** The user disconnected: no failure, no countdown. */
  disconnected(): void {
    this.walking = false;
    this.retry = undefined;
    this.failed = undefined;
    this.record('disconnected', 'disconnected by the user');
    this.listener.changed();
  }

  /** The user asked to drop a live connection and reconnect. */
  reconnectAsked(): void {
    this.attemptLog = [];
  }

  get failure(): ConnectionView['failure'] {
    return this.failed;
  }

  get reconnect(): ConnectionView['reconnect'] {
    return this.retry;
  }

  get lastDrop(): ConnectionView['lastDrop'] {
    return this.drop;
  }

  get attempts(): Attempt[] {
    return [...this.attemptLog];
  }

  get history(): LifecycleEvent[] {
    return [...this.events];
  }

  get isWalking(): boolean {
    return this.walking;
  }

  private attemptFailed(failure: AttemptFailure): void {
    const at = this.now();
    this.attemptLog.push({ broker: failure.broker, attempt: failure.attempt, reason: failure.reason, at });
    if (this.attemptLog.length > ATTEMPTS_CAPACITY) this.attemptLog.splice(0, this.attemptLog.length - ATTEMPTS_CAPACITY);
    const text = `attempt ${failure.attempt} to ${failure.broker} failed: ${failure.reason}`;
    this.record('attempt-failed', text, failure.broker);
    this.listener.marker(text, failure.broker);
    this.listener.changed();
  }

  private record(kind: LifecycleEvent['kind'], text: string, broker?: string): void {
    this.events.push(broker === undefined ? { at: this.now(), kind, text } : { at: this.now(), kind, text, broker });
    if (this.events.length > HISTORY_CAPACITY) this.events.splice(0, this.events.length - HISTORY_CAPACITY);
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}
