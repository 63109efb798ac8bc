/**
 * A scripted broker behind the Transport interface, for host-pipeline-bench.ts: it answers CONNECT
 * and receipts at once and hands the client MESSAGE frames shaped like RabbitMQ's (its headers,
 * its trailing EOL) in reads of a chosen size, synchronously. No socket, no other process: what is
 * measured is the client and the host's own work per message, without the machine's noise.
 */
import type { Transport, TransportEvents } from '../../src-core/client/transport';

export class ScriptedBroker implements Transport {
  readonly description = 'tcp://scripted-broker:61613';
  private events: TransportEvents | undefined;
  private subscription = '';
  private seq = 0;

  /**
   * The host borrows bodies (its client keeps leases on read memory, as over TCP); each read here is
   * a fresh Buffer that is never read into again, so lending asks nothing of this side.
   */
  lendReads(): void {}

  setListeners(events: TransportEvents): void {
    this.events = events;
  }

  write(bytes: Uint8Array): undefined {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    const command = text.slice(0, text.indexOf('\n'));
    const header = (name: string) => new RegExp(`\n${name}:([^\n]*)`).exec(text)?.[1];
    if (command === 'CONNECT' || command === 'STOMP') this.later('CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:RabbitMQ/3.10.8\nsession:session-bench\n\n\0\n');
    if (command === 'SUBSCRIBE') this.subscription = header('id') ?? '';
    const receipt = header('receipt');
    if (receipt !== undefined) this.later(`RECEIPT\nreceipt-id:${receipt}\n\n\0\n`);
    if (command === 'DISCONNECT') queueMicrotask(() => this.events?.close());
    return undefined;
  }

  writeParts(parts: readonly Uint8Array[]): undefined {
    return this.write(Buffer.concat(parts));
  }

  end(): void {
    this.events?.close();
  }

  destroy(): void {
    this.events?.close();
  }

  /**
   * `count` MESSAGEs of `size`-byte bodies for the last SUBSCRIBE, as the bytes of one read: made
   * before a measurement, so that making them is not measured.
   */
  chunk(count: number, size: number): Buffer {
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = ++this.seq;
      const body = `m-${String(n).padStart(8, '0')}-`.padEnd(size, 'x');
      parts.push(`MESSAGE\nsubscription:${this.subscription}\ndestination:/queue/bench\nmessage-id:T_${this.subscription}@@session-bench@@${n}\nredelivered:false\ncontent-length:${size}\n\n${body}\0\n`);
    }
    return Buffer.from(parts.join(''), 'latin1');
  }

  /** Hands the client one read's bytes. */
  deliver(bytes: Uint8Array): void {
    this.events?.data(bytes);
  }

  private later(frame: string): void {
    queueMicrotask(() => this.events?.data(Buffer.from(frame, 'latin1')));
  }
}
