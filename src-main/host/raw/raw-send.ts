/**
 * raw.send: builds the recipe's bytes under the connection's negotiated version, refuses them
 * when they are not the bytes the user checked, writes them exactly, and reports the broker's
 * answer.
 */
import { ApiError } from '../../../src-core/api';
import type { RawAnswer, RawRecipe } from '../../../src-core/api/schemas/raw';
import { StompParseError } from '../../../src-core/protocol/parse-error';
import { getHeader } from '../../../src-core/protocol/frame';
import { parseAll } from '../../../src-core/protocol/parser';
import type { StompVersion } from '../../../src-core/protocol/spec';
import type { LiveConnection } from '../connections/live-connection';
import { toApiError } from '../connections/to-api-error';
import { buildRawFrame } from './raw-build';
import { sha256 } from './raw-check';
import { watchAnswer } from './raw-answer';

export interface RawSendInput {
  readonly recipe: RawRecipe;
  readonly sha256?: string;
  readonly waitMs: number;
}

export interface RawSendResult {
  readonly size: number;
  readonly sha256: string;
  readonly version: StompVersion;
  readonly answer: RawAnswer;
}

export async function sendRaw(connection: LiveConnection, input: RawSendInput): Promise<RawSendResult> {
  connection.requireConnected('send raw bytes');
  const client = connection.client;
  const version = client.version;
  const built = buildRawFrame(input.recipe, version);
  const digest = sha256(built.bytes);
  if (input.sha256 !== undefined && input.sha256 !== digest) {
    throw new ApiError('conflict', `these are not the bytes that were checked (the frame or the connection's version changed): check the frame again, then send`, { sha256: digest });
  }
  const receiptId = receiptOf(built.bytes, version, input.recipe);
  const unfinished = !input.recipe.nul || declaresMore(built.bytes, version);
  const watch = watchAnswer(client, { receiptId, waitMs: input.waitMs, unfinished });
  try {
    const ticket = client.writeBytes(built.bytes, receiptId === undefined ? {} : { receipt: receiptId, receiptTimeout: input.waitMs + 1000 });
    watch.written();
    await ticket.written;
  } catch (error) {
    watch.cancel();
    throw toApiError(error, 'not-connected');
  }
  return { size: built.bytes.length, sha256: digest, version, answer: await watch.answer };
}

/**
 * The receipt id the broker will answer with, as it reads it: the first frame's `receipt` header
 * parsed leniently; for bytes that make no whole frame, the header as typed.
 */
function receiptOf(bytes: Uint8Array, version: StompVersion, recipe: RawRecipe): string | undefined {
  let receipt: string | undefined;
  try {
    const frame = parseAll(bytes, { version, strict: false }).find((e) => e.type === 'frame')?.frame;
    receipt = frame ? getHeader(frame, 'receipt') : getHeader(recipe, 'receipt');
  } catch {
    receipt = getHeader(recipe, 'receipt');
  }
  return receipt === '' ? undefined : receipt;
}

/** True when the bytes end inside a frame (a content-length longer than the body, or no NUL). */
function declaresMore(bytes: Uint8Array, version: StompVersion): boolean {
  try {
    parseAll(bytes, { version, strict: false });
    return false;
  } catch (error) {
    return error instanceof StompParseError && error.rule === 'truncated-frame';
  }
}
