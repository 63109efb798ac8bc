/**
 * Fault switches: misbehaviour on demand, for testing clients against failures a real broker will
 * not produce when asked. Each switch is read at the moment it matters, so changing one at run time
 * (`SandboxBroker.setFaults`) affects open connections from their next frame on.
 *
 * Frame counts are per connection: the CONNECT (or STOMP) frame is frame 1; heart-beats are not
 * frames and do not count.
 */

/** The kinds of spec-breaking bytes the broker can write. */
export type MalformedKind =
  /** A MESSAGE with `\t` in a header (1.1/1.2 define only `\\ \n \c`, plus `\r` in 1.2). */
  | 'undefined-escape'
  /** A MESSAGE whose `content-length` is one byte short, so no NUL follows the counted body. */
  | 'content-length-without-nul'
  /** A frame whose command no STOMP version defines. */
  | 'unknown-command';

export const MALFORMED_KINDS: readonly MalformedKind[] = ['undefined-escape', 'content-length-without-nul', 'unknown-command'];

export interface FaultSwitches {
  /**
   * Destroy the socket (no ERROR, no RECEIPT) when a connection receives its Nth frame: frames
   * 1..N-1 are handled, the Nth is discarded unhandled, as if the broker died on reading it.
   * 0 destroys every new socket as soon as it is accepted. Counts include frames received before
   * the switch was set, so a connection already past N drops on its next frame.
   */
  readonly dropAfterFrames?: number;
  /**
   * While true the broker goes silent on every connection, as a hung broker or a dead network path
   * does: no heart-beats, no frames (receipts and deliveries are held), input is not read (the
   * socket is paused, so the client's bytes wait in the kernel) and silent clients are not dropped.
   * A client that negotiated heart-beats should declare the broker dead. Setting it back to false
   * resumes: held output is flushed and waiting input is read.
   */
  readonly stallHeartBeats?: boolean;
  /**
   * Right after handling its Nth frame (0: as soon as the socket is accepted), the broker writes
   * one malformed frame of kind `malformedKind` to the connection, once per connection. The
   * connection stays open: a strict client should report the error and close.
   */
  readonly malformedAfterFrames?: number;
  /**
   * What `malformedAfterFrames` writes. Default `undefined-escape`, except before CONNECT and under
   * 1.0, where escapes do not exist and `content-length-without-nul` is written instead.
   */
  readonly malformedKind?: MalformedKind;
  /** Answer every CONNECT/STOMP with an ERROR whose `message` header is this text, then close. */
  readonly rejectConnect?: string;
  /** Send each RECEIPT this many ms after its frame was handled; receipts keep their order. */
  readonly delayReceiptsMs?: number;
}

/** The switches after `update`: a key present with `undefined` turns that switch off. */
export function mergeFaults(current: FaultSwitches, update: Partial<FaultSwitches>): FaultSwitches {
  validateFaults(update);
  const merged: Record<string, unknown> = { ...current, ...update };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as FaultSwitches;
}

/** Fails early on a switch that would otherwise be silently ignored. */
export function validateFaults(faults: Partial<FaultSwitches>): void {
  for (const key of ['dropAfterFrames', 'malformedAfterFrames', 'delayReceiptsMs'] as const) {
    const value = faults[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`fault switch ${key} must be a non-negative integer, got ${String(value)}`);
    }
  }
  if (faults.malformedKind !== undefined && !MALFORMED_KINDS.includes(faults.malformedKind)) {
    throw new RangeError(`fault switch malformedKind must be one of ${MALFORMED_KINDS.join(', ')}`);
  }
  if (faults.rejectConnect !== undefined && typeof faults.rejectConnect !== 'string') {
    throw new RangeError('fault switch rejectConnect must be a string (the ERROR message)');
  }
}
