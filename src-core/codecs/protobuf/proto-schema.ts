/**
 * A profile's .proto files compiled into one protobufjs Root. Files may import one another (by
 * name) and the well-known types (`google/protobuf/timestamp.proto` etc., which protobufjs ships).
 * Field names keep their case as written in the .proto (`keepCase`), so the JSON a user edits uses
 * the names they see in their schema.
 *
 * A file with a syntax error is left out and reported with its line; a type that refers to
 * something missing is reported and left out of the usable types, the others still work.
 */
import protobuf from 'protobufjs';
import type { SchemaProblem } from '../schema-problem';

export interface ProtoSource {
  readonly name: string;
  readonly text: string;
}

export interface CompiledProto {
  readonly root: protobuf.Root;
  /** Fully qualified message types that resolved, without the leading dot, sorted. */
  readonly messageTypes: readonly string[];
  readonly problems: readonly SchemaProblem[];
}

const PARSE_OPTIONS = { keepCase: true } as const;

export function compileProto(files: readonly ProtoSource[]): CompiledProto {
  const problems: SchemaProblem[] = [];
  const root = new protobuf.Root();
  const names = new Set(files.map((f) => f.name));
  const wellKnown = new Set<string>();

  for (const file of files) {
    // Parsed alone first: a syntax error must not leave half a file in the shared root.
    let imports: string[];
    try {
      const alone = protobuf.parse(file.text, new protobuf.Root(), PARSE_OPTIONS);
      imports = [...(alone.imports ?? []), ...(alone.weakImports ?? [])];
    } catch (error) {
      problems.push(parseProblem(file.name, error));
      continue;
    }
    try {
      protobuf.parse(file.text, root, PARSE_OPTIONS);
    } catch (error) {
      // Typically a name defined in two files.
      problems.push(parseProblem(file.name, error));
      continue;
    }
    for (const imported of imports) {
      if (protobuf.common.get(imported)) wellKnown.add(imported);
      else if (!names.has(imported) && !names.has(basename(imported))) {
        problems.push({ file: file.name, message: `imports "${imported}", which is not among this profile's schema files: add it` });
      }
    }
  }
  for (const name of wellKnown) {
    try {
      root.addJSON((protobuf.common.get(name) as { nested: protobuf.INamespace['nested'] }).nested!);
    } catch {
      // Already there (a user file defines the same well-known type): the user's wins.
    }
  }

  const messageTypes: string[] = [];
  for (const type of allTypes(root)) {
    try {
      type.resolveAll();
      messageTypes.push(type.fullName.slice(1));
    } catch (error) {
      problems.push({ file: type.filename ?? fileOf(type, files) ?? '(schemas)', message: `${type.fullName.slice(1)}: ${(error as Error).message}` });
    }
  }
  messageTypes.sort();
  return { root, messageTypes, problems };
}

/** Looks up a usable message type; throws an Error that lists what there is. */
export function protoType(compiled: CompiledProto, name: string): protobuf.Type {
  const wanted = name.startsWith('.') ? name.slice(1) : name;
  if (compiled.messageTypes.includes(wanted)) return compiled.root.lookupType(wanted);
  // A short name is fine when it is unique (`Order` for `shop.Order`).
  const matches = compiled.messageTypes.filter((t) => t.endsWith(`.${wanted}`));
  if (matches.length === 1) return compiled.root.lookupType(matches[0]);
  const known = compiled.messageTypes.length ? compiled.messageTypes.slice(0, 20).join(', ') + (compiled.messageTypes.length > 20 ? ', …' : '') : 'none';
  if (matches.length > 1) throw new Error(`message type "${name}" is ambiguous: ${matches.join(', ')}`);
  throw new Error(`no protobuf message type "${name}" in this profile's schemas (known: ${known})`);
}

function* allTypes(namespace: protobuf.NamespaceBase): Generator<protobuf.Type> {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) yield nested;
    // A message's nested messages live in its own namespace.
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) yield* allTypes(nested);
  }
}

function parseProblem(file: string, error: unknown): SchemaProblem {
  const message = error instanceof Error ? error.message : String(error);
  const line = /\(line (\d+)\)/.exec(message);
  return { file, message: message.replace(/^illegal /, 'unexpected ').replace(/\s*\(line \d+\)$/, ''), ...(line ? { line: Number(line[1]) } : {}) };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function fileOf(type: protobuf.Type, files: readonly ProtoSource[]): string | undefined {
  const short = type.name;
  return files.find((f) => new RegExp(`\\bmessage\\s+${short}\\b`).test(f.text))?.name;
}
