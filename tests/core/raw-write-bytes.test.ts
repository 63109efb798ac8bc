/**
 * StompClient.writeBytes against the sandbox broker: bytes go out exactly as given (malformed
 * ones too), a receipt they carry is booked so its RECEIPT settles a promise instead of being
 * reported as a RECEIPT for nothing, an ERROR naming it rejects it, and the wire log lists them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { BrokerError } from '../../src-core/client/client-errors';
import { StompClient } from '../../src-core/client/stomp-client';
import type { WireEntry } from '../../src-core/client/wire-entry';

let broker: SandboxBroker;
beforeAll(async () => {
  broker = await startSandboxBroker({ port: 0 });
});
afterAll(async () => {
  await broker?.close();
});

const bytes = (text: string) => new TextEncoder().encode(text);

async function connected(): Promise<{ client: StompClient; errors: BrokerError[]; wire: WireEntry[] }> {
  const client = new StompClient({ uri: broker.url, reconnect: false });
  const errors: BrokerError[] = [];
  const wire: WireEntry[] = [];
  client.on('brokerError', (e) => errors.push(e));
  client.on('wire', (e) => wire.push(e));
  await client.connect();
  return { client, errors, wire };
}

describe('StompClient.writeBytes', () => {
  it('writes a frame with a receipt and resolves on its RECEIPT, with no broker error', async () => {
    const { client, errors, wire } = await connected();
    const ticket = client.writeBytes(bytes('SEND\ndestination:/queue/raw-core\nreceipt:r-core-1\n\nhi\0'), { receipt: 'r-core-1' });
    await ticket.written;
    await expect(ticket.receipt).resolves.toMatchObject({ receiptId: 'r-core-1' });
    expect(errors).toEqual([]);
    const out = wire.find((e) => e.direction === 'out' && e.kind === 'frame' && e.frame.command === 'SEND');
    expect(out).toMatchObject({ size: 'SEND\ndestination:/queue/raw-core\nreceipt:r-core-1\n\nhi\0'.length });
    await client.disconnect();
  });

  it('without the receipt booked, the same RECEIPT is reported as answering nothing (why writeBytes books it)', async () => {
    const { client, errors } = await connected();
    await client.writeBytes(bytes('SEND\ndestination:/queue/raw-core\nreceipt:r-core-2\n\nhi\0')).written;
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0].message).toMatch(/answers no frame/);
    await client.disconnect();
  });

  it('writes what a broker refuses as it is: the ERROR naming the receipt rejects it', async () => {
    const { client, errors, wire } = await connected();
    const ticket = client.writeBytes(bytes('SEND\nreceipt:r-core-3\n\nno destination\0'), { receipt: 'r-core-3' });
    await expect(ticket.receipt).rejects.toBeInstanceOf(BrokerError);
    expect(errors.length).toBe(1);
    expect(wire.some((e) => e.direction === 'out' && e.kind === 'frame' && e.frame.command === 'SEND')).toBe(true);
    await client.disconnect({ timeout: 500 });
  });

  it('writes an unknown command, which the broker answers with an ERROR', async () => {
    const { client, errors, wire } = await connected();
    await client.writeBytes(bytes('FOO\n\n\0')).written;
    await expect.poll(() => errors.length).toBe(1);
    expect(wire.some((e) => e.direction === 'out' && e.kind === 'frame' && e.frame.command === 'FOO')).toBe(true);
    await client.disconnect({ timeout: 500 });
  });

  it('writes an unfinished frame, logged by its first line, and refuses when not connected', async () => {
    const { client, wire } = await connected();
    await client.writeBytes(bytes('SEND\ndestination:/queue/raw-core\n\nno nul')).written;
    expect(wire.some((e) => e.direction === 'out' && e.kind === 'frame' && e.frame.command === 'SEND' && e.size === 'SEND\ndestination:/queue/raw-core\n\nno nul'.length)).toBe(true);
    // The DISCONNECT only lengthens that frame's body: no RECEIPT comes, the wait is cut short.
    await client.disconnect({ timeout: 300 });
    expect(() => client.writeBytes(bytes('SEND\n\n\0'))).toThrow(/cannot write raw bytes: not connected/);
  });
});
