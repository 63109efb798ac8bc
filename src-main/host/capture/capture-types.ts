/**
 * The shapes the capture service takes and gives. Summaries and details are the contract's own
 * types, so what the host answers needs no mapping.
 */
import type { ACK_STATES, CaptureView, MessageDetail, MessageSummary } from '../../../src-core/api';
import type { Frame, Framing, Header } from '../../../src-core/protocol/frame';
import type { StompVersion } from '../../../src-core/protocol/spec';

export type { CaptureView, MessageDetail, MessageSummary };
export type AckState = (typeof ACK_STATES)[number];

/** One received message as the connections service hands it over. */
export interface CaptureInput {
  readonly connectionId?: string;
  readonly subscriptionId?: string;
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
  /** Headers in wire order with duplicates; `framing` inferred from content-length when absent. */
  readonly frame: Frame & { readonly framing?: Framing; readonly plainHead?: boolean };
  /** The frame's bytes exactly as they arrived, when the client kept them. */
  readonly raw?: Uint8Array;
  /** The STOMP version the frame was read under: with `raw`, the capture keeps the raw frame alone. */
  readonly version?: StompVersion;
}

/** A stored message decoded again; `body` and `raw` are fresh copies the caller may keep. */
export interface CapturedMessage {
  readonly seq: number;
  readonly connectionId?: string;
  readonly subscriptionId?: string;
  readonly receivedAt: number;
  readonly command: string;
  readonly headers: Header[];
  readonly body: Uint8Array;
  readonly framing: Framing;
  readonly raw?: Uint8Array;
}

/** What a capture is about; the registry gives it an id when none is asked for. */
export interface CaptureInit {
  readonly id?: string;
  readonly label: string;
  readonly connectionId?: string;
  readonly subscriptionId?: string;
  readonly destination?: string;
  /** Imported from a file: browsable and searchable, nothing to ack. */
  readonly offline?: boolean;
}

export interface MessagePage {
  /** Messages in the capture, or those matching the filter. */
  readonly total: number;
  readonly items: MessageSummary[];
}

/** The registry's own accounting, for the status bar and for tests. */
export interface CaptureMemoryStats {
  readonly budgetBytes: number;
  /** Full message data held in memory; this is what the budget bounds. */
  readonly messageBytesInMemory: number;
  /** The per-message index (summaries and offsets) of every capture, kept in memory always. */
  readonly indexBytes: number;
  readonly bytesOnDisk: number;
  readonly captures: number;
  readonly messages: number;
  /** The last failure to write a spill file; messages stay in memory meanwhile, none is dropped. */
  readonly spillError?: string;
}
