/** What the connections service needs from the capture service (kept narrow so each can be tested alone). */
import type { ParsedFrame } from '../../../src-core/protocol/frame';
import type { StompVersion } from '../../../src-core/protocol/spec';

export type AckState = 'none' | 'pending' | 'acked' | 'nacked' | 'stale';

export interface CapturedFrame {
  readonly receivedAt: number;
  readonly frame: Pick<ParsedFrame, 'command' | 'headers' | 'body' | 'framing'>;
  readonly raw?: Uint8Array;
  /** The version the frame was read under: with `raw`, the capture keeps the raw frame alone. */
  readonly version?: StompVersion;
  readonly ackState: AckState;
}

export interface CapturePort {
  /** A new live capture for one subscription; returns its id. */
  openLive(info: { connectionId: string; subscriptionId: string; destination: string; label: string }): string;
  /** Appends; returns the message's seq. Never drops. */
  append(captureId: string, message: CapturedFrame): number;
  setAckState(captureId: string, seq: number, state: AckState): void;
  /** The frame as captured, for replay and resubmit of messages no longer pending. */
  frame(captureId: string, seq: number): Promise<{ frame: CapturedFrame['frame']; raw?: Uint8Array }>;
  /** The connection owning a live capture, so requests that name only a capture can find it. */
  owner(captureId: string): { connectionId: string; subscriptionId: string } | undefined;
}
