/** raw.check: a recipe's bytes and everything known about them before they are sent. */
import { createHash } from 'node:crypto';
import { RAW_LIMITS, type RawCheck, type RawRecipe } from '../../../src-core/api/schemas/raw';
import type { StompVersion } from '../../../src-core/protocol/spec';
import { buildRawFrame, type BuiltFrame } from './raw-build';
import { judge, lint } from './raw-verdict';
import { rawWarnings } from './raw-warnings';

/** Windows of bytes sent around far offsets: rows before, at and after each. */
const WINDOWS = 8;
const WINDOW = 48;

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
    windows: [],
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
    check.windows = windowsAround(bytes, pointedAt(check), offset);
  }
  return { check, built };
}

/** Every offset the verdict names. */
function pointedAt(check: RawCheck): number[] {
  const offsets = [check.strict.error?.offset, check.lenient.error?.offset, ...check.lenient.diagnostics.map((d) => d.offset), ...check.lint.map((l) => l.offset), ...check.warnings.map((w) => w.offset)];
  return offsets.filter((o): o is number => o !== undefined);
}

/** 64 bytes around each offset between the preview and the tail, at most WINDOWS of them. */
function windowsAround(bytes: Uint8Array, offsets: number[], tailOffset: number): RawCheck['windows'] {
  const windows: RawCheck['windows'] = [];
  for (const at of [...new Set(offsets)].sort((a, b) => a - b)) {
    if (windows.length >= WINDOWS) break;
    if (at < RAW_LIMITS.preview || at >= tailOffset) continue;
    const start = Math.max(RAW_LIMITS.preview, (Math.floor(at / 16) - 1) * 16);
    const last = windows.at(-1);
    if (last && start < last.offset + WINDOW) continue;
    windows.push({ offset: start, base64: base64(bytes.subarray(start, Math.min(tailOffset, start + WINDOW))) });
  }
  return windows;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
