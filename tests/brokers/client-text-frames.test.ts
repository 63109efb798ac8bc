/**
 * Text without content-length: ActiveMQ turns a SEND without content-length into a TextMessage,
 * which other JMS clients read as text. The client can send that way on request, and only for a
 * body with no NUL (which would otherwise end the frame early).
 */
import { describe, expect, it } from 'vitest';
import { ACTIVEMQ, connectedClient, deferred, queueName, recordWire, framesOf, header } from './support/client-kit';
import type { StompMessage } from '../../src-core/client';

describe('sending text without content-length (ActiveMQ)', () => {
  it('arrives as a text message, framed by its NUL, with the same text', async () => {
    const client = await connectedClient(ACTIVEMQ);
    const wire = recordWire(client);
    const destination = queueName(ACTIVEMQ, 'text');
    const received = deferred<StompMessage>();
    await client.subscribe(destination, (m) => received.resolve(m), { ack: 'auto', receipt: true });
    await client.send(destination, 'grüße, plain text', { receipt: true, contentLength: 'omit' });
    const message = await received.promise;
    expect(message.text()).toBe('grüße, plain text');
    expect(message.headers['content-length']).toBeUndefined();
    expect(message.frame.framing).toBe('nul');
    const sent = framesOf(wire, 'out', 'SEND')[0];
    expect(header(sent, 'content-length')).toBeUndefined();
  });

  it('refuses to omit content-length for a body containing NUL', async () => {
    const client = await connectedClient(ACTIVEMQ);
    await expect(client.send(queueName(ACTIVEMQ, 'nul'), new Uint8Array([65, 0, 66]), { contentLength: 'omit' })).rejects.toThrow(/NUL/);
  });
});
