/** One line of the wire log: a frame or heart-beat that went out or came in. */
import type { Frame, Framing } from '../protocol/frame';
import type { ParseDiagnostic } from '../protocol/parse-error';

export type WireEntry =
  | {
      readonly direction: 'in' | 'out';
      readonly kind: 'frame';
      readonly at: number;
      readonly frame: Frame;
      /** Bytes on the wire, from command to NUL. */
      readonly size: number;
      /** How an incoming body was delimited. */
      readonly framing?: Framing;
      /**
       * The frame's bytes exactly as they travelled, in parts to join (an outgoing large body is
       * not copied into its head): always for outgoing frames, for incoming ones when the client
       * keeps raw frames (`keepRawFrames`).
       */
      readonly raw?: readonly Uint8Array[];
    }
  | { readonly direction: 'in' | 'out'; readonly kind: 'heartbeat'; readonly at: number }
  | { readonly direction: 'in'; readonly kind: 'diagnostic'; readonly at: number; readonly diagnostic: ParseDiagnostic };

/** A wire entry with the broker it travelled to or from: what the client's `wire` event carries. */
export type BrokerWireEntry = WireEntry & { readonly broker: string };

/**
 * An EOL this soon after an incoming frame is the frame's padding (RabbitMQ ends every frame with
 * one), not a heart-beat. It may come in the next read a moment later, so "the same instant" is
 * not enough; a real beat this close behind a frame would tell nothing the frame did not.
 */
export const FRAME_PADDING_MS = 5;

/** Whether the first EOL read after a frame (`lastFrameAt`, -1 for none) is that frame's padding. */
export function isFramePadding(eolAt: number, lastFrameAt: number): boolean {
  return lastFrameAt >= 0 && eolAt >= lastFrameAt && eolAt - lastFrameAt <= FRAME_PADDING_MS;
}
