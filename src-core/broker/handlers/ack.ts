/**
 * ACK and NACK. How a frame names its message depends on the version: 1.2 by `id` (the MESSAGE's
 * `ack` header), 1.1 by `message-id` and `subscription`, 1.0 by `message-id`. A 1.1 ACK without
 * `subscription` is looked up across the connection's subscriptions, as ActiveMQ does.
 * Acking a message that is not pending (already settled, never delivered, or from an `auto`
 * subscription) is an error, as on RabbitMQ ("unknown delivery tag").
 */
import { getHeader, type Frame } from '../../protocol/frame';
import { ackIdentity } from '../../protocol/spec';
import type { CommandContext } from '../command-context';
import { ProtocolViolation } from '../protocol-violation';
import type { Session } from '../session';
import type { Delivery, Outcome } from '../subscription';
import { requireHeader } from './headers';
import { openTransaction } from './transaction-lookup';

export function handleAck(ctx: CommandContext, frame: Frame): void {
  settleFrame(ctx, frame, 'ack');
}

export function handleNack(ctx: CommandContext, frame: Frame): void {
  settleFrame(ctx, frame, 'nack');
}

function settleFrame(ctx: CommandContext, frame: Frame, outcome: Outcome): void {
  const delivery = findDelivery(ctx.session, frame);
  const transactionId = getHeader(frame, 'transaction');
  if (transactionId !== undefined) {
    openTransaction(ctx.session, frame, transactionId).stage({ kind: 'settle', outcome, delivery });
  } else settle(ctx, delivery, outcome);
  ctx.receipt(frame);
}

/** Applies an ACK or NACK (cumulative in `client` mode) and counts it. */
export function settle(ctx: Pick<CommandContext, 'core'>, delivery: Delivery, outcome: Outcome): void {
  const count = delivery.subscription.settle(delivery, outcome);
  if (outcome === 'ack') ctx.core.stats.messagesAcked += count;
  else ctx.core.stats.messagesNacked += count;
}

function findDelivery(session: Session, frame: Frame): Delivery {
  const identity = ackIdentity(session.version);
  if (identity === 'ack-id') {
    const id = requireHeader(frame, 'id', `STOMP 1.2 names the message by the ack header of its MESSAGE`);
    const delivery = session.deliveriesByAckId.get(id);
    if (!delivery) throw notPending(frame, `id ${JSON.stringify(id)}`);
    return delivery;
  }
  const messageId = requireHeader(frame, 'message-id', `STOMP ${session.version} names the message by its message-id`);
  const subscriptionId = identity === 'message-id+subscription' ? getHeader(frame, 'subscription') : undefined;
  if (subscriptionId !== undefined) {
    const subscription = session.subscriptions.get(subscriptionId);
    if (!subscription) {
      throw new ProtocolViolation(`Unknown subscription ${subscriptionId}`, `${frame.command} names subscription ${JSON.stringify(subscriptionId)}, which does not exist on this connection.`);
    }
    const delivery = subscription.find(messageId);
    if (!delivery) throw notPending(frame, `message-id ${JSON.stringify(messageId)} on subscription ${JSON.stringify(subscriptionId)}`);
    return delivery;
  }
  for (const subscription of session.subscriptions.values()) {
    const delivery = subscription.find(messageId);
    if (delivery) return delivery;
  }
  throw notPending(frame, `message-id ${JSON.stringify(messageId)}`);
}

function notPending(frame: Frame, what: string): ProtocolViolation {
  return new ProtocolViolation(
    `Unexpected ${frame.command} for ${what}`,
    `${frame.command} for ${what}: no such message is waiting for an acknowledgement on this connection ` +
      '(already acknowledged, covered by an earlier cumulative client-mode ACK, from an auto-ack subscription, or never delivered).',
  );
}
