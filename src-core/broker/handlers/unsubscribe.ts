/**
 * UNSUBSCRIBE: by `id` (required from 1.1), or by `destination` for an id-less 1.0 SUBSCRIBE.
 * Messages delivered and not acknowledged go back to the queue, marked redelivered.
 */
import { getHeader, type Frame } from '../../protocol/frame';
import { requiresSubscriptionId } from '../../protocol/spec';
import type { CommandContext } from '../command-context';
import { ProtocolViolation } from '../protocol-violation';
import type { Subscription } from '../subscription';

export function handleUnsubscribe(ctx: CommandContext, frame: Frame): void {
  const { session } = ctx;
  const id = getHeader(frame, 'id');
  const destination = getHeader(frame, 'destination');
  let subscription: Subscription | undefined;
  if (id !== undefined) subscription = session.subscriptions.get(id);
  else if (destination !== undefined && !requiresSubscriptionId(session.version)) {
    subscription = [...session.subscriptions.values()].find((s) => s.spec.destination === destination);
  } else {
    const needs = requiresSubscriptionId(session.version) ? 'an id header' : 'an id or destination header';
    throw new ProtocolViolation('UNSUBSCRIBE frame is missing the id header', `UNSUBSCRIBE in STOMP ${session.version} needs ${needs}.`);
  }
  if (!subscription) {
    throw new ProtocolViolation('No subscription matched', `UNSUBSCRIBE ${id !== undefined ? `id ${JSON.stringify(id)}` : `destination ${JSON.stringify(destination)}`} matches no subscription on this connection.`);
  }
  session.subscriptions.delete(subscription.spec.key);
  if (!subscription.spec.browser) ctx.core.destinations.detach(subscription);
  ctx.receipt(frame);
}
