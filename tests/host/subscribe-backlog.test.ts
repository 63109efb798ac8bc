/**
 * A broker may dispatch a queue's backlog before it answers the SUBSCRIBE's RECEIPT; the host holds
 * those messages until the receipt names the subscription. The host's connections borrow bodies
 * (read memory is read into again once a frame is handled), so what it holds must be copies: held
 * as they were, the first messages' bodies were captured empty once later reads reused their
 * memory. A scripted broker sends the backlog in several reads, spread out, then the RECEIPT.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostKit, type HostKit } from './host-kit';

const BACKLOG = 8;
const BODY_BYTES = 200 * 1024;

/** A STOMP 1.2 broker that answers CONNECT, and a SUBSCRIBE with its backlog first, then the RECEIPT. */
function scriptedBroker(): Promise<Server> {
  const server = createServer((socket: Socket) => {
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let nul = pending.indexOf('\0'); nul >= 0; nul = pending.indexOf('\0')) {
        const frame = pending.slice(0, nul).replace(/^[\r\n]+/, '');
        pending = pending.slice(nul + 1);
        const [command, ...lines] = frame.split('\n');
        const header = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);
        if (command === 'CONNECT' || command === 'STOMP') socket.write('CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:scripted/1\n\n\0');
        else if (command === 'SUBSCRIBE') void backlogThenReceipt(socket, header('id')!, header('receipt')!);
        else if (command === 'DISCONNECT') {
          const receipt = header('receipt');
          if (receipt) socket.end(`RECEIPT\nreceipt-id:${receipt}\n\n\0`);
          else socket.end();
        }
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function backlogThenReceipt(socket: Socket, subscription: string, receipt: string): Promise<void> {
  for (let i = 0; i < BACKLOG; i++) {
    const head = `MESSAGE\ndestination:/queue/backlog\nmessage-id:m-${i}\nsubscription:${subscription}\ncontent-length:${BODY_BYTES}\n\n`;
    socket.write(Buffer.concat([Buffer.from(head), Buffer.alloc(BODY_BYTES, i + 1), Buffer.from([0])]));
    // Apart, so they arrive in reads of their own and move the client on to other read memory.
    await new Promise((r) => setTimeout(r, 25));
  }
  socket.write(`RECEIPT\nreceipt-id:${receipt}\n\n\0`);
}

let kit: HostKit;
let broker: Server;

beforeAll(async () => {
  broker = await scriptedBroker();
  kit = await startHostKit();
});

afterAll(async () => {
  await kit?.close();
  await new Promise((r) => broker?.close(r));
});

describe('a backlog dispatched before the SUBSCRIBE is confirmed', () => {
  it('is captured byte for byte once the RECEIPT names the subscription', async () => {
    const port = (broker.address() as { port: number }).port;
    const { profile } = await kit.call('profiles.create', { profile: { name: 'Scripted', uri: `tcp://127.0.0.1:${port}` } });
    const { connection } = await kit.call('connections.open', { profileId: profile.id });
    const { subscription } = await kit.call('subscriptions.add', { connectionId: connection.id, destination: '/queue/backlog', ack: 'auto' });
    const page = await kit.call('messages.list', { captureId: subscription.captureId, limit: 100 });
    expect(page.total).toBe(BACKLOG);
    for (let i = 0; i < BACKLOG; i++) {
      const { message } = await kit.call('messages.get', { captureId: subscription.captureId, seq: page.items[i].seq });
      const body = Buffer.from(message.bodyBase64, 'base64');
      expect({ size: message.bodySize, intact: body.length === BODY_BYTES && body.every((b) => b === i + 1) }).toEqual({ size: BODY_BYTES, intact: true });
    }
    // The raw frame too: what byte-for-byte replay sends.
    const preview = await kit.call('messages.replayPreview', { source: { captureId: subscription.captureId, seq: page.items[0].seq }, mode: 'raw-clean' });
    expect(Buffer.from(preview.bytesBase64, 'base64').subarray(-2)[0]).toBe(1);
    await kit.call('connections.close', { connectionId: connection.id });
  });
});
