/**
 * The MESSAGE frames the broker writes: deliveries, and the end marker of a queue browse.
 */
import { createFrame, type Frame, type Header } from '../protocol/frame';
import { headerProblem } from '../protocol/serializer';
import type { StompVersion } from '../protocol/spec';
import type { Delivery, Subscription } from './subscription';

/**
 * A delivery as MESSAGE: `subscription` (when the SUBSCRIBE had an id), `message-id`,
 * `destination`, `ack` under 1.2 when the subscription needs acks, `redelivered:true` on a
 * redelivery, then the sender's own headers. The serializer adds `content-length` to any body.
 */
export function messageFrame(delivery: Delivery, version: StompVersion): Frame {
  const { message, subscription } = delivery;
  const headers: Header[] = [];
  if (subscription.spec.wireId !== undefined) headers.push(['subscription', subscription.spec.wireId]);
  headers.push(['message-id', message.messageId], ['destination', message.destination]);
  if (version === '1.2' && subscription.needsAck) headers.push(['ack', delivery.ackId]);
  if (message.redelivered) headers.push(['redelivered', 'true']);
  for (const header of message.headers) if (fitsVersion(header, version)) headers.push(header);
  return createFrame('MESSAGE', headers, message.body);
}

/**
 * ActiveMQ ends a browse with a MESSAGE that carries `browser:end`, the subscription, the
 * destination and `message-id:0`, and no body (StompQueueBrowserSubscription); the sandbox sends
 * the same so clients written against ActiveMQ work here.
 */
export function browseEndFrame(subscription: Subscription): Frame {
  const headers: Header[] = [];
  if (subscription.spec.wireId !== undefined) headers.push(['subscription', subscription.spec.wireId]);
  headers.push(['browser', 'end'], ['destination', subscription.spec.destination], ['message-id', '0']);
  return createFrame('MESSAGE', headers);
}

/**
 * Whether a sender's header can travel to a consumer of `version`. A 1.2 producer may set values
 * the consumer's version cannot carry: 1.0 has no escapes, so no line break and no colon in a
 * name; 1.1 has no escape for CR, and a raw CR (above all one just before the LF) is read as part
 * of a CR LF line end by many 1.1 peers. Such headers are left out of that consumer's copy rather
 * than sent in a form it may read differently.
 */
function fitsVersion([name, value]: Header, version: StompVersion): boolean {
  // The serializer's own rule (which also refuses a NUL, whatever the version).
  return headerProblem(name, value, 'MESSAGE', version) === undefined;
}
