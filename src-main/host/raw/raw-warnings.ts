/**
 * Frames a broker will refuse or misread, said before sending: from the recipe and its bytes,
 * not only from what the parser objects to. What RabbitMQ 3.10 and ActiveMQ 5.17 do is stated
 * where it was measured on this project's brokers (tests/e2e/raw-composer.spec.ts shows several).
 */
import type { RawRecipe, RawWarning } from '../../../src-core/api/schemas/raw';
import { getHeader, type Header } from '../../../src-core/protocol/frame';
import { commandsOf, isCommand, mayHaveBody, SERVER_COMMANDS, type StompVersion } from '../../../src-core/protocol/spec';
import type { BuiltFrame } from './raw-build';

/** Headers a broker sets on MESSAGE; on a SEND they are refused or meaningless. */
const MESSAGE_ONLY = ['message-id', 'subscription', 'ack', 'redelivered'];

export interface WarningContext {
  readonly version: StompVersion;
  /** The connection the frame would go to is live (a CONNECT there is a second one). */
  readonly live: boolean;
}

export function rawWarnings(recipe: RawRecipe, built: BuiltFrame, context: WarningContext): RawWarning[] {
  const { version } = context;
  const command = recipe.command;
  const warnings: RawWarning[] = [];
  const add = (code: string, message: string, offset?: number) => warnings.push(offset === undefined ? { code, message } : { code, message, offset });
  // The headers as typed, decoded: what the broker reads when escaping is right.
  const headers: readonly Header[] = recipe.headers;

  if (command === 'CONNECT' || command === 'STOMP') {
    if (context.live) add('connect-on-live', `${command} on a connection that is already connected: RabbitMQ closes the connection, ActiveMQ answers ERROR "Already connected."`);
  } else if ((SERVER_COMMANDS as readonly string[]).includes(command)) {
    add('server-command', `${command} is a frame brokers send, not one they take: expect an ERROR (and often a closed connection)`);
  } else if (!isCommand(command)) {
    add('unknown-command', `${JSON.stringify(command)} is no STOMP command: RabbitMQ answers ERROR "Bad command", ActiveMQ ERROR "Unknown STOMP action" and closes the connection`, 0);
  } else if (!commandsOf(version).has(command)) {
    add('unknown-command', `STOMP ${version} has no ${command} (it arrived with 1.1): expect an ERROR`, 0);
  }

  for (const missing of requiredHeaders(command, version).filter((name) => getHeader({ headers }, name) === undefined)) {
    add('missing-header', `${command} without ${missing}: brokers answer it with an ERROR`);
  }

  if (command === 'SEND') {
    const present = MESSAGE_ONLY.filter((name) => getHeader({ headers }, name) !== undefined);
    if (present.includes('message-id')) add('message-only-header', `'message-id' on a SEND: RabbitMQ refuses it with ERROR "'message-id' is not allowed on 'SEND'" (ActiveMQ sets its own)`);
    const others = present.filter((name) => name !== 'message-id');
    if (others.length) add('message-only-header', `${others.map((n) => `'${n}'`).join(', ')} ${others.length === 1 ? 'is a header' : 'are headers'} of MESSAGE: meaningless on a SEND, brokers ignore or pass ${others.length === 1 ? 'it' : 'them'} on`);
  }

  if (built.bodyLength > 0 && !mayHaveBody(version, command)) {
    add('body-not-allowed', `STOMP ${version} allows a body only on SEND, MESSAGE and ERROR: a strict broker refuses this ${command || 'frame'} (RabbitMQ and ActiveMQ ignore the body)`, built.headLength);
  }

  const contentLength = getHeader({ headers: built.headers }, 'content-length');
  const body = built.bytes.subarray(built.headLength, built.headLength + built.bodyLength);
  if (contentLength === undefined) {
    const nul = body.indexOf(0);
    if (nul >= 0) {
      const at = built.headLength + nul;
      add('nul-in-body', `the body has a NUL at byte ${at} and there is no content-length: the frame ends there, and the ${built.bodyLength - nul - 1} bytes after it are read as the start of another frame`, at);
    }
  } else if (/^\d+$/.test(contentLength)) {
    const declared = Number(contentLength);
    if (declared < built.bodyLength) {
      const at = built.headLength + declared;
      add('content-length-short', `content-length says ${declared} but the body has ${built.bodyLength} bytes: the broker expects the NUL at byte ${at} and finds a body byte (RabbitMQ drops the connection, ActiveMQ answers ERROR and closes it)`, at);
    } else if (declared > built.bodyLength) {
      add('content-length-long', `content-length says ${declared} but the body has ${built.bodyLength} bytes: the broker waits for ${declared - built.bodyLength} more, and reads what this connection sends next (heart-beats, frames) as the rest of this one`);
    }
  }

  if (!recipe.nul) {
    add('no-nul', 'no NUL ends the frame: the broker waits for it, and reads everything this connection sends next (heart-beats, frames) as part of this frame; reconnect afterwards to start clean', built.bytes.length);
  }
  if (command === 'DISCONNECT') add('disconnect', 'the broker closes the connection after a DISCONNECT (sent by hand, the app takes it as a drop and reconnects)');
  return warnings;
}

/** What each client command cannot do without, by version. */
function requiredHeaders(command: string, version: StompVersion): string[] {
  const v10 = version === '1.0';
  switch (command) {
    case 'SEND':
      return ['destination'];
    case 'SUBSCRIBE':
      return v10 ? ['destination'] : ['destination', 'id'];
    case 'UNSUBSCRIBE':
      return v10 ? [] : ['id'];
    case 'ACK':
    case 'NACK':
      return version === '1.2' ? ['id'] : version === '1.1' ? ['message-id', 'subscription'] : ['message-id'];
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT':
      return ['transaction'];
    case 'CONNECT':
    case 'STOMP':
      return v10 ? [] : ['accept-version', 'host'];
    default:
      return [];
  }
}
