/**
 * A profile's .avsc files compiled with avsc into one registry of named types, so a schema may use
 * a record another file defines. A file holds one schema, or a list of schemas defined in order.
 * Unions are wrapped (`{"string": "x"}`), as in Avro's JSON encoding, so the JSON a user edits is
 * the standard one. Logical types are read as their underlying types (a timestamp-millis is its
 * long): nothing is converted behind the user's back.
 *
 * Each named type also gets its CRC-64-AVRO fingerprint, which is how a single-object encoded body
 * (C3 01 + fingerprint + data) says which schema wrote it.
 */
import avro from 'avsc';
import { parseJsonWithPosition } from '../json-position';
import type { SchemaProblem } from '../schema-problem';
import { fingerprintHex, rabinFingerprint, fingerprintBytes } from './rabin';

export interface AvroSource {
  readonly name: string;
  readonly text: string;
}

export interface CompiledAvro {
  /** Named types (records, enums, fixed) by full name, and each file's unnamed top schema by its file name. */
  readonly types: ReadonlyMap<string, avro.Type>;
  /** The names a user picks from: records first, sorted. */
  readonly messageTypes: readonly string[];
  /** Fingerprint (16 hex digits, as the bytes appear) → type name. */
  readonly byFingerprint: ReadonlyMap<string, string>;
  readonly problems: readonly SchemaProblem[];
}

const encoder = new TextEncoder();
export const AVRO_TYPE_OPTIONS = { wrapUnions: true } as const;

export function compileAvro(files: readonly AvroSource[]): CompiledAvro {
  const problems: SchemaProblem[] = [];
  const registry: Record<string, avro.Type> = {};
  const topLevel = new Map<string, avro.Type>();
  let pending: { file: string; schemas: unknown[]; index: number }[] = [];
  for (const file of files) {
    const parsed = parseJson(file);
    if ('problem' in parsed) problems.push(parsed.problem);
    else pending.push({ file: file.name, schemas: Array.isArray(parsed.value) ? parsed.value : [parsed.value], index: 0 });
  }
  // Files may refer to each other's types in any order: retry what failed while anything succeeds.
  let progress = true;
  const lastError = new Map<string, string>();
  while (pending.length > 0 && progress) {
    progress = false;
    for (const entry of pending) {
      while (entry.index < entry.schemas.length) {
        // A schema that fails half-way must not leave its first names behind: compile into a copy.
        const scratch = { ...registry };
        try {
          const type = avro.Type.forSchema(entry.schemas[entry.index] as avro.Schema, { ...AVRO_TYPE_OPTIONS, registry: scratch });
          Object.assign(registry, scratch);
          if (!type.name) topLevel.set(entry.schemas.length > 1 ? `${entry.file}#${entry.index + 1}` : entry.file, type);
          entry.index++;
          progress = true;
        } catch (error) {
          lastError.set(entry.file, `${entry.schemas.length > 1 ? `schema ${entry.index + 1}: ` : ''}${(error as Error).message}`);
          break;
        }
      }
    }
    pending = pending.filter((e) => e.index < e.schemas.length);
  }
  for (const entry of pending) problems.push({ file: entry.file, message: lastError.get(entry.file) ?? 'could not be compiled' });

  const types = new Map<string, avro.Type>();
  const byFingerprint = new Map<string, string>();
  for (const [name, type] of [...Object.entries(registry), ...topLevel]) {
    types.set(name, type);
    byFingerprint.set(fingerprintHex(schemaFingerprint(type)), name);
  }
  const rank = (t: avro.Type) => (t.typeName === 'record' || t.typeName === 'error' ? 0 : t.name ? 1 : 2);
  const messageTypes = [...types.keys()].sort((a, b) => rank(types.get(a)!) - rank(types.get(b)!) || a.localeCompare(b));
  return { types, messageTypes, byFingerprint, problems };
}

/** The 8 fingerprint bytes of a type's Parsing Canonical Form (avsc's `schema()` is that form). */
export function schemaFingerprint(type: avro.Type): Uint8Array {
  return fingerprintBytes(rabinFingerprint(encoder.encode(JSON.stringify(type.schema()))));
}

export function avroType(compiled: CompiledAvro, name: string): avro.Type {
  const direct = compiled.types.get(name);
  if (direct) return direct;
  const matches = compiled.messageTypes.filter((t) => t.endsWith(`.${name}`));
  if (matches.length === 1) return compiled.types.get(matches[0])!;
  if (matches.length > 1) throw new Error(`Avro schema "${name}" is ambiguous: ${matches.join(', ')}`);
  const known = compiled.messageTypes.slice(0, 20).join(', ') || 'none';
  throw new Error(`no Avro schema "${name}" in this profile's schemas (known: ${known})`);
}

function parseJson(file: AvroSource): { value: unknown } | { problem: SchemaProblem } {
  const parsed = parseJsonWithPosition(file.text);
  if (parsed.ok) return { value: parsed.value };
  return { problem: { file: file.name, message: parsed.message, line: parsed.position.line, column: parsed.position.column } };
}
