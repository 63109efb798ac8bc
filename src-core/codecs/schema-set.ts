/**
 * A profile's schemas, compiled: its .proto files into one protobufjs Root, its .avsc files into
 * one avsc registry, and its destination → codec/type mappings. Compiling is the slow part, so the
 * host keeps one SchemaSet per profile until a file changes.
 */
import { compileAvro, type CompiledAvro } from './avro/avro-schema';
import { compileProto, type CompiledProto } from './protobuf/proto-schema';
import type { SchemaProblem } from './schema-problem';
import type { SchemaCodec } from './tree';

export interface SchemaFile {
  readonly name: string;
  readonly kind: 'protobuf' | 'avro';
  readonly text: string;
}

/**
 * Messages on destinations matching `destination` are read with `codec` (and `messageType`).
 * `*` in the pattern matches any run of characters; the first matching mapping wins.
 */
export interface DestinationMapping {
  readonly destination: string;
  readonly codec: SchemaCodec;
  readonly messageType?: string;
}

export interface SchemaSet {
  readonly proto: CompiledProto;
  readonly avro: CompiledAvro;
  readonly mappings: readonly DestinationMapping[];
  readonly problems: readonly SchemaProblem[];
}

export function compileSchemaSet(files: readonly SchemaFile[], mappings: readonly DestinationMapping[] = []): SchemaSet {
  const proto = compileProto(files.filter((f) => f.kind === 'protobuf'));
  const avro = compileAvro(files.filter((f) => f.kind === 'avro'));
  return { proto, avro, mappings, problems: [...proto.problems, ...avro.problems] };
}

export const EMPTY_SCHEMA_SET: SchemaSet = compileSchemaSet([]);

export function mappingFor(mappings: readonly DestinationMapping[], destination: string | undefined): DestinationMapping | undefined {
  if (!destination) return undefined;
  return mappings.find((m) => destinationMatches(m.destination, destination));
}

export function destinationMatches(pattern: string, destination: string): boolean {
  if (!pattern.includes('*')) return pattern === destination;
  // Linear glob matching (no regex built from user text, so no backtracking blow-up).
  const parts = pattern.split('*');
  if (!destination.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = destination.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return destination.length - last.length >= at && destination.endsWith(last);
}

/** Every message type a user can pick, per codec. */
export function messageTypes(set: SchemaSet): { protobuf: readonly string[]; avro: readonly string[] } {
  return { protobuf: set.proto.messageTypes, avro: set.avro.messageTypes };
}
