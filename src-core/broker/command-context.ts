/**
 * What a command handler may do to its connection. Handlers are pure protocol logic: they read
 * the frame, change broker and session state, and either answer through this context or throw a
 * `ProtocolViolation`.
 */
import type { Frame } from '../protocol/frame';
import type { StompVersion } from '../protocol/spec';
import type { BrokerCore } from './broker-core';
import type { HeartBeatPeriods } from './negotiate';
import type { Session } from './session';
import type { SubscriptionOwner } from './subscription';

export interface CommandContext {
  readonly core: BrokerCore;
  readonly session: Session;
  /** The connection, as the owner of the subscriptions the handlers create. */
  readonly owner: SubscriptionOwner;
  /** Writes a frame now, in the session's version. */
  send(frame: Frame): void;
  /**
   * Answers `frame`'s `receipt` header, if it has one, after any receipt delay and behind earlier
   * receipts; then runs `then` (at once when there is neither a receipt nor one pending).
   */
  receipt(frame: Frame, then?: () => void): void;
  /** CONNECT succeeded: parse and write `version` from now on and start the heart-beat clocks. */
  established(version: StompVersion, heartBeat: HeartBeatPeriods): void;
  /** DISCONNECT: read nothing more, answer its receipt, then close gracefully. */
  disconnect(frame: Frame): void;
}
