/** raw.check: a recipe's bytes and everything known about them before they are sent. */
import { createHash } from 'node:crypto';
import { RAW_LIMITS, type RawCheck, type RawRecipe } from '../../../src-core/api/schemas/raw';
import type { StompVersion } from '../../../src-core/protocol/spec';
import { buildRawFrame, type BuiltFrame } from './raw-build';
import { judge, lint } from './raw-verdict';
import { rawWarnings } from './raw-warnings';

export interface CheckContext {
  readonly version: StompVersion;
  readonly versionFrom: 'connection' | 'chosen';
  readonly live: boolean;
}

export function checkRaw(recipe: RawRecipe, context: CheckContext): { check: RawCheck; built: BuiltFrame } {
  const built = buildRawFrame(recipe, context.version);
  const { bytes } = built;
  const strict = judge(bytes, context.version, true);
  const lenient = judge(bytes, context.version, false);
  const check: RawCheck = {
    version: context.version,
    versionFrom: context.versionFrom,
    size: bytes.length,
    sha256: sha256(bytes),
    previewBase64: base64(bytes.subarray(0, RAW_LIMITS.preview)),
    headLength: built.headLength,
    bodyLength: built.bodyLength,
    strict: strict.verdict,
    lenient: lenient.verdict,
    lint: lint(bytes, lenient.frames, context.version),
    warnings: rawWarnings(recipe, built, context),
  };
  if (bytes.length > RAW_LIMITS.preview) {
    const offset = Math.max(RAW_LIMITS.preview, bytes.length - RAW_LIMITS.tail);
    check.tail = { offset, base64: base64(bytes.subarray(offset)) };
  }
  return { check, built };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
