/**
 * What the STOMP specifications 1.0, 1.1 and 1.2 say, as data. Every other layer asks this module
 * rather than comparing version strings itself, so a rule lives in exactly one place.
 */

export type StompVersion = '1.0' | '1.1' | '1.2';

export const VERSIONS: readonly StompVersion[] = ['1.0', '1.1', '1.2'];

/** The version's index in VERSIONS (-1 for none): compared in line, for code run per frame. */
export function versionIndex(version: string): number {
  return version === '1.2' ? 2 : version === '1.1' ? 1 : version === '1.0' ? 0 : -1;
}

export const CLIENT_COMMANDS = [
  'CONNECT',
  'STOMP',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'ACK',
  'NACK',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'DISCONNECT',
] as const;
export const SERVER_COMMANDS = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'] as const;

export type ClientCommand = (typeof CLIENT_COMMANDS)[number];
export type ServerCommand = (typeof SERVER_COMMANDS)[number];
export type Command = ClientCommand | ServerCommand;

export function isVersion(value: string): value is StompVersion {
  return (VERSIONS as readonly string[]).includes(value);
}

/** NACK and the STOMP alias of CONNECT arrived with 1.1. */
export function commandsOf(version: StompVersion): ReadonlySet<Command> {
  return COMMANDS_BY_VERSION[version];
}

export function isCommand(value: string): value is Command {
  return COMMANDS_BY_VERSION['1.2'].has(value as Command);
}

const ALL_COMMANDS: readonly Command[] = [...CLIENT_COMMANDS, ...SERVER_COMMANDS];
const COMMANDS_BY_VERSION: Record<StompVersion, ReadonlySet<Command>> = {
  '1.0': new Set(ALL_COMMANDS.filter((c) => c !== 'NACK' && c !== 'STOMP')),
  '1.1': new Set(ALL_COMMANDS),
  '1.2': new Set(ALL_COMMANDS),
};

/** From 1.1 only SEND, MESSAGE and ERROR may carry a body; 1.0 put no such limit. */
export function mayHaveBody(version: StompVersion, command: string): boolean {
  if (version === '1.0') return true;
  return command === 'SEND' || command === 'MESSAGE' || command === 'ERROR';
}

/** CONNECT, STOMP and CONNECTED headers are never escaped, in any version (for 1.0 peers' sake). */
export function escapesHeaders(version: StompVersion, command: string): boolean {
  if (version === '1.0') return false;
  return command !== 'CONNECT' && command !== 'STOMP' && command !== 'CONNECTED';
}

/** The escape sequences each version defines, as escape letter → decoded character. */
export function escapeTable(version: StompVersion): ReadonlyMap<string, string> {
  return ESCAPES[version];
}

const ESCAPES: Record<StompVersion, ReadonlyMap<string, string>> = {
  '1.0': new Map(),
  '1.1': new Map([
    ['\\', '\\'],
    ['n', '\n'],
    ['c', ':'],
  ]),
  '1.2': new Map([
    ['\\', '\\'],
    ['n', '\n'],
    ['c', ':'],
    ['r', '\r'],
  ]),
};

/** 1.2 is the only version that allows CR LF as a line end (and so a CR LF heart-beat). */
export function allowsCrLf(version: StompVersion): boolean {
  return version === '1.2';
}

/**
 * 1.1 and 1.2 say headers are UTF-8. 1.0 says nothing; real 1.0 brokers (ActiveMQ, RabbitMQ) send
 * UTF-8 anyway, and ASCII is a subset, so 1.0 is decoded as UTF-8 too, but never rejected for
 * invalid sequences (they become U+FFFD).
 */
export function headerEncodingIsStrict(version: StompVersion): boolean {
  return version !== '1.0';
}

/** From 1.1 SUBSCRIBE needs an `id`, and ACK/NACK name the subscription. */
export function requiresSubscriptionId(version: StompVersion): boolean {
  return version !== '1.0';
}

export function supportsNack(version: StompVersion): boolean {
  return version !== '1.0';
}

export function supportsHeartBeats(version: StompVersion): boolean {
  return version !== '1.0';
}

/** How an ACK or NACK names the message it settles. */
export type AckIdentity = 'message-id' | 'message-id+subscription' | 'ack-id';
export function ackIdentity(version: StompVersion): AckIdentity {
  if (version === '1.0') return 'message-id';
  if (version === '1.1') return 'message-id+subscription';
  return 'ack-id';
}

export const ACK_MODES = ['auto', 'client', 'client-individual'] as const;
export type AckMode = (typeof ACK_MODES)[number];

/** `client-individual` is a 1.1 addition; a 1.0 broker only knows auto and client. */
export function ackModesOf(version: StompVersion): readonly AckMode[] {
  return version === '1.0' ? ['auto', 'client'] : ACK_MODES;
}

/** Headers a broker sets on MESSAGE; when a message is copied elsewhere they must not travel with it. */
export const RESERVED_MESSAGE_HEADERS: ReadonlySet<string> = new Set([
  'message-id',
  'subscription',
  'ack',
  'destination',
  'content-length',
  'receipt',
  'receipt-id',
  'transaction',
  'redelivered',
]);
