/** A received MESSAGE as handlers see it: the frame as it travelled, plus what it means. */
import { bodyText, getHeader, headerRecord, type ParsedFrame } from '../protocol/frame';
import type { AckMode } from '../protocol/spec';

export class StompMessage {
  private record: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly frame: ParsedFrame & { readonly raw?: Uint8Array },
    readonly subscriptionId: string,
    readonly ackMode: AckMode,
    /** Which connection of the client it came on: acks for an earlier one are moot. */
    readonly generation: number,
    /** The broker it came from, e.g. `tcp://127.0.0.1:61613`. */
    readonly broker: string,
  ) {}

  /**
   * First occurrence of each header wins, as the spec says; `frame.headers` keeps them all. Built
   * on first use: a handler that only reads the body should not pay for a record per message.
   */
  get headers(): Readonly<Record<string, string>> {
    return (this.record ??= headerRecord(this.frame));
  }

  /** The frame's bytes as they arrived, when the client keeps them (`keepRawFrames`). */
  get raw(): Uint8Array | undefined {
    return this.frame.raw;
  }

  get body(): Uint8Array {
    return this.frame.body;
  }

  get destination(): string | undefined {
    return getHeader(this.frame, 'destination');
  }

  get messageId(): string | undefined {
    return getHeader(this.frame, 'message-id');
  }

  get redelivered(): boolean {
    return getHeader(this.frame, 'redelivered') === 'true';
  }

  /** Whether the broker waits for an ACK or NACK of this message. */
  get needsAck(): boolean {
    return this.ackMode !== 'auto';
  }

  text(): string {
    return bodyText(this.frame);
  }

  json(): unknown {
    return JSON.parse(this.text());
  }
}
