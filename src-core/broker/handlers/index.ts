/** One handler per client command, keyed by command. CONNECT and STOMP are the same handshake. */
import type { Frame } from '../../protocol/frame';
import type { ClientCommand } from '../../protocol/spec';
import type { CommandContext } from '../command-context';
import { handleAck, handleNack } from './ack';
import { handleConnect } from './connect';
import { handleSend } from './send';
import { handleSubscribe } from './subscribe';
import { handleAbort, handleBegin, handleCommit } from './transaction';
import { handleUnsubscribe } from './unsubscribe';

export type CommandHandler = (ctx: CommandContext, frame: Frame) => void;

export const HANDLERS: Readonly<Record<ClientCommand, CommandHandler>> = {
  CONNECT: handleConnect,
  STOMP: handleConnect,
  SEND: handleSend,
  SUBSCRIBE: handleSubscribe,
  UNSUBSCRIBE: handleUnsubscribe,
  ACK: handleAck,
  NACK: handleNack,
  BEGIN: handleBegin,
  COMMIT: handleCommit,
  ABORT: handleAbort,
  DISCONNECT: (ctx, frame) => ctx.disconnect(frame),
};
