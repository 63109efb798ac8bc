/**
 * Runs each subscription's handler and settles the message afterwards: ack on success (unless the
 * subscriber settles by hand), the failure policy otherwise. In `client` mode, whose acks are
 * cumulative, messages of a subscription are handled one after another, so an ack never covers a
 * message whose handler is still running.
 */
import { StompMessage } from './stomp-message';
import { defaultFailureAction, type MessageHandler, type SubscribeOptions } from './subscription-types';

export interface DispatchActions {
  ack(message: StompMessage): Promise<unknown>;
  nack(message: StompMessage): Promise<unknown>;
  moveToErrorDestination(message: StompMessage, destination: string, error: unknown): Promise<void>;
  disconnect(): void;
  nackSupported(): boolean;
  failed(event: { message: StompMessage; error: unknown; action: string }): void;
}

interface Entry {
  readonly handler: MessageHandler;
  readonly options: SubscribeOptions;
  /** The last message still being handled, in `client` mode only. */
  tail: Promise<void> | null;
}

export class SubscriptionDispatcher {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Set<Promise<void>>();
  private paused = false;

  constructor(private readonly actions: DispatchActions) {}

  add(id: string, handler: MessageHandler, options: SubscribeOptions): void {
    this.entries.set(id, { handler, options, tail: null });
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets every subscription (handlers still running finish on their own). */
  clear(): void {
    this.entries.clear();
  }

  /** While paused (disconnecting, reconnecting), messages are not handled nor acked: the broker keeps them. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Waits for running handlers, at most `timeout` ms. */
  async settled(timeout: number): Promise<void> {
    if (this.running.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
  }

  /**
   * Runs the message's handler (after the one before it, in `client` mode). `release` (borrowed
   * bodies) is called once the message is done with: handled and settled, or not handled at all.
   */
  dispatch(message: StompMessage, release?: () => void): void {
    if (this.paused) return release?.();
    const entry = this.entries.get(message.subscriptionId);
    if (!entry) return release?.();
    let done: Promise<void> | void;
    if (entry.tail) {
      done = entry.tail.then(() => this.run(entry, message));
      this.track(entry, done);
    } else done = this.run(entry, message);
    if (release === undefined) return;
    if (done) done.then(release, release);
    else release();
  }

  private run(entry: Entry, message: StompMessage): Promise<void> | void {
    let result: void | Promise<void>;
    try {
      result = entry.handler(message);
    } catch (error) {
      return this.fail(entry, message, error);
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      const done = (result as Promise<void>).then(
        () => this.succeed(entry, message),
        (error: unknown) => this.fail(entry, message, error),
      );
      this.track(entry, done);
      return done;
    }
    return this.succeed(entry, message);
  }

  private track(entry: Entry, promise: Promise<void>): void {
    this.running.add(promise);
    if (entry.options.ack === 'client') entry.tail = promise;
    void promise.finally(() => {
      this.running.delete(promise);
      if (entry.tail === promise) entry.tail = null;
    });
  }

  /** Not async: per message, on the hot path, one promise fewer counts. */
  private succeed(entry: Entry, message: StompMessage): Promise<void> | undefined {
    if (!message.needsAck || entry.options.settle === 'manual') return undefined;
    return this.quietly(message, 'ack', this.actions.ack(message));
  }

  private async fail(entry: Entry, message: StompMessage, error: unknown): Promise<void> {
    const { options } = entry;
    let action;
    try {
      action = options.onMessageFailed?.(message, error) ?? defaultFailureAction(message, options, this.actions.nackSupported());
    } catch (policyError) {
      action = defaultFailureAction(message, options, this.actions.nackSupported());
      error = new AggregateError([error, policyError], 'the handler and then the failure policy threw');
    }
    this.actions.failed({ message, error, action: action.kind });
    switch (action.kind) {
      case 'error-destination':
        return this.quietly(message, action.kind, this.actions.moveToErrorDestination(message, action.destination, error));
      case 'nack':
        return this.quietly(message, action.kind, this.actions.nack(message));
      case 'ack':
        return this.quietly(message, action.kind, this.actions.ack(message));
      case 'disconnect':
        return this.actions.disconnect();
      case 'ignore':
        return;
    }
  }

  /** Settling can fail when the connection just dropped; the broker then redelivers, so only report. */
  private quietly(message: StompMessage, what: string, promise: Promise<unknown>): Promise<void> {
    return promise.then(
      () => undefined,
      (error: unknown) => this.actions.failed({ message, error, action: `${what} failed` }),
    );
  }
}
