/**
 * Regression vectors: every failure a fuzz run finds is saved as one JSON file, and
 * tests/core/fuzz-regressions.test.ts replays each through the same checks for ever after. An input
 * up to 256 KiB is stored as its bytes; a larger one as the `(seed, index)` that makes it again.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParserLimits } from '../../src-core/protocol/parser';
import type { StompVersion } from '../../src-core/protocol/spec';
import { makeInput, type FuzzInput } from './fuzz-inputs';

export const VECTOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '../core/fixtures/fuzz-regressions');

const MAX_STORED_BYTES = 256 * 1024;

export interface Vector {
  /** What failed, when it was found: a check name (fuzz-checks.ts), `time-bound` or `super-linear`. */
  readonly check: string;
  readonly message: string;
  readonly seed: number;
  readonly index: number;
  readonly family: string;
  readonly version: StompVersion;
  readonly limits?: Partial<ParserLimits>;
  readonly cuts?: readonly number[];
  /** The input, base64; absent for a large input, which `(seed, index)` makes again. */
  readonly base64?: string;
}

export function saveVector(input: FuzzInput, seed: number, check: string, message: string, cuts?: readonly number[], dir = VECTOR_DIR): string {
  mkdirSync(dir, { recursive: true });
  const vector: Vector = {
    check,
    message: message.length > 2000 ? `${message.slice(0, 2000)}…` : message,
    seed,
    index: input.index,
    family: input.family,
    version: input.version,
    ...(input.limits ? { limits: input.limits } : {}),
    ...(cuts ? { cuts } : {}),
    ...(input.bytes.length <= MAX_STORED_BYTES ? { base64: Buffer.from(input.bytes).toString('base64') } : {}),
  };
  const file = join(dir, `${check}-${fnv1a(input.bytes)}.json`);
  writeFileSync(file, JSON.stringify(vector, null, 2) + '\n');
  return file;
}

export function loadVectors(dir = VECTOR_DIR): { file: string; vector: Vector }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((name) => ({ file: name, vector: JSON.parse(readFileSync(join(dir, name), 'utf8')) as Vector }));
}

export function inputOf(vector: Vector): FuzzInput {
  if (vector.base64 === undefined) return makeInput(vector.seed, vector.index, vector.family);
  return { index: vector.index, family: vector.family, version: vector.version, limits: vector.limits, bytes: new Uint8Array(Buffer.from(vector.base64, 'base64')) };
}

/** A short stable name for an input's bytes. */
function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
