/**
 * SUBSCRIBE: a consumer on a queue, a subscriber of a topic, or (`browser:true` on a queue) a
 * one-off snapshot ended by ActiveMQ's `browser:end` marker. The RECEIPT, when asked for, comes
 * before the first MESSAGE: the subscription exists once it is acknowledged.
 */
import { getHeader, type Frame } from '../../protocol/frame';
import { ACK_MODES, requiresSubscriptionId, type AckMode } from '../../protocol/spec';
import type { CommandContext } from '../command-context';
import { browseEndFrame, messageFrame } from '../message-frame';
import { ProtocolViolation } from '../protocol-violation';
import { Subscription } from '../subscription';
import { requireDestination } from './headers';

/** ActiveMQ's and RabbitMQ's names for the prefetch limit; the first present wins. */
const PREFETCH_HEADERS = ['activemq.prefetchSize', 'prefetch-count'] as const;

export function handleSubscribe(ctx: CommandContext, frame: Frame): void {
  const { session, core } = ctx;
  const destination = requireDestination(frame);
  const id = getHeader(frame, 'id');
  if (id === undefined && requiresSubscriptionId(session.version)) {
    throw new ProtocolViolation('SUBSCRIBE frame is missing the id header', `STOMP ${session.version} requires an id header on SUBSCRIBE (it names the subscription in MESSAGE, ACK and UNSUBSCRIBE).`);
  }
  const key = id ?? destination.name;
  if (session.subscriptions.has(key)) {
    throw new ProtocolViolation(`Duplicate subscription ${key}`, `A subscription with id ${JSON.stringify(key)} already exists on this connection; UNSUBSCRIBE it first or use another id.`);
  }
  const browser = getHeader(frame, 'browser') === 'true';
  const subscription = new Subscription(
    {
      key,
      wireId: id,
      destination: destination.name,
      kind: destination.kind,
      ackMode: readAckMode(frame),
      prefetch: readPrefetch(frame),
      browser,
    },
    core.destinations.queueFor(destination),
    ctx.owner,
  );
  session.subscriptions.set(key, subscription);
  ctx.receipt(frame);

  if (!browser) {
    core.destinations.attach(subscription);
    return;
  }
  // A browse sees the messages waiting now (a topic holds none) and consumes nothing.
  const snapshot = destination.kind === 'queue' ? subscription.queue.snapshot() : [];
  for (const message of snapshot) {
    core.stats.messagesDelivered++;
    ctx.send(messageFrame({ message, ackId: '', subscription }, session.version));
  }
  ctx.send(browseEndFrame(subscription));
}

/**
 * `client-individual` is accepted under 1.0 too, as ActiveMQ does, although 1.0 defines only
 * `auto` and `client`.
 */
function readAckMode(frame: Frame): AckMode {
  const ack = getHeader(frame, 'ack') ?? 'auto';
  if (!(ACK_MODES as readonly string[]).includes(ack)) {
    throw new ProtocolViolation(`Invalid ack mode ${ack}`, `ack:${ack} is not one of ${ACK_MODES.join(', ')}.`);
  }
  return ack as AckMode;
}

/** 0 or absent = unlimited, as RabbitMQ's prefetch-count:0 means. */
function readPrefetch(frame: Frame): number {
  for (const name of PREFETCH_HEADERS) {
    const value = getHeader(frame, name);
    if (value === undefined) continue;
    if (!/^\d{1,9}$/.test(value.trim())) {
      throw new ProtocolViolation(`Invalid ${name} header`, `${name}:${value} is not a non-negative integer (0 means unlimited).`);
    }
    return Number(value.trim());
  }
  return 0;
}
