/**
 * JSON → Avro bytes. The JSON is Avro's JSON encoding (unions wrapped as `{"branch": value}`, bytes
 * and fixed as strings of code points 0–255), checked against the schema first so that every
 * problem is named by its field path; then avsc converts it (`fromString`) and writes the bytes
 * (`toBuffer`): exactly what avsc writes for it. Single-object encoding prefixes C3 01 and the
 * schema's fingerprint.
 */
import avro from 'avsc';
import { describe } from '../protobuf/proto-encode';
import { childPath, EncodeError, type FieldIssue } from '../tree';
import { schemaFingerprint } from './avro-schema';

type AnyType = avro.Type & Record<string, unknown>;
const MAX_ISSUES = 100;
const MAX_DEPTH = 100;

export function encodeAvro(type: avro.Type, json: unknown, singleObject = false): Uint8Array {
  const issues = checkAvroJson(type, json);
  if (issues.length > 0) throw new EncodeError(issues);
  let data: Buffer;
  try {
    data = type.toBuffer(type.fromString(JSON.stringify(json)));
  } catch (error) {
    throw new EncodeError([{ path: '', message: `avsc: ${(error as Error).message}` }]);
  }
  if (!singleObject) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(10 + data.length);
  out.set([0xc3, 0x01]);
  out.set(schemaFingerprint(type), 2);
  out.set(data, 10);
  return out;
}

export function checkAvroJson(type: avro.Type, json: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  check(type, json, '', issues, 0);
  return issues;
}

function check(type: avro.Type, value: unknown, path: string, issues: FieldIssue[], depth: number): void {
  if (issues.length >= MAX_ISSUES) return;
  if (depth > MAX_DEPTH) return void issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
  const t = type as AnyType;
  const name = type.name ?? type.typeName;
  const fail = (expected: string) => issues.push({ path, message: `expected ${expected}, got ${describe(value)}` });
  switch (type.typeName) {
    case 'null':
      if (value !== null) fail('null');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'int':
      if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31) fail('an int (32-bit integer)');
      return;
    case 'long':
      // avsc writes a long through a double: below -2^52 its zig-zag form loses the last bit, and
      // it refuses more than 2^53 - 2.
      if (!Number.isSafeInteger(value) || (value as number) < -(2 ** 52) || (value as number) > 2 ** 53 - 2) fail('a long from -2^52 to 2^53 - 2 (what JSON numbers and avsc hold exactly)');
      return;
    case 'float':
    case 'double':
      if (typeof value !== 'number') fail(`a number (${type.typeName})`);
      return;
    case 'string':
      if (typeof value !== 'string') fail('a string');
      return;
    case 'bytes':
      if (typeof value !== 'string' || /[^\u0000-\u00ff]/.test(value)) fail('bytes as a string of code points 0–255 (Avro JSON)');
      return;
    case 'fixed':
      if (typeof value !== 'string' || /[^\u0000-\u00ff]/.test(value) || value.length !== t.size) fail(`${t.size} bytes as a string of code points 0–255 (fixed ${name})`);
      return;
    case 'enum': {
      const symbols = t.symbols as string[];
      if (typeof value !== 'string' || !symbols.includes(value)) fail(`one of ${symbols.join(', ')} (enum ${name})`);
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return void fail(`a list (array of ${itemName(t.itemsType as avro.Type)})`);
      value.forEach((item, i) => check(t.itemsType as avro.Type, item, childPath(path, i), issues, depth + 1));
      return;
    case 'map':
      if (!isObject(value)) return void fail(`an object (map of ${itemName(t.valuesType as avro.Type)})`);
      for (const [key, item] of Object.entries(value)) check(t.valuesType as avro.Type, item, childPath(path, key, true), issues, depth + 1);
      return;
    case 'record':
    case 'error': {
      if (!isObject(value)) return void fail(`an object (record ${name})`);
      const fields = t.fields as { name: string; type: avro.Type; defaultValue(): unknown }[];
      const known = new Set(fields.map((f) => f.name));
      for (const key of Object.keys(value)) {
        if (!known.has(key)) issues.push({ path: childPath(path, key), message: `${name} has no field "${key}" (its fields: ${fields.map((f) => f.name).join(', ')})` });
      }
      for (const field of fields) {
        const fieldPath = childPath(path, field.name);
        if (!Object.hasOwn(value, field.name)) {
          if (field.defaultValue() === undefined) issues.push({ path: fieldPath, message: `missing, and the field has no default` });
          continue;
        }
        check(field.type, value[field.name], fieldPath, issues, depth + 1);
      }
      return;
    }
    case 'union:wrapped':
    case 'union:unwrapped': {
      const branches = t.types as avro.Type[];
      const names = branches.map(itemName);
      if (value === null) {
        if (!names.includes('null')) fail(`one of the union's branches as {"branch": value} (${names.join(', ')}); this union has no null`);
        return;
      }
      if (!isObject(value) || Object.keys(value).length !== 1) return void fail(`a union value as {"branch": value}, the branch one of ${names.join(', ')}`);
      const [branch, inner] = Object.entries(value)[0];
      // avsc names a named branch by its full name, as Avro's JSON encoding does.
      const index = names.indexOf(branch);
      if (index < 0 || branch === 'null') return void issues.push({ path, message: `"${branch}" is not a branch of this union (${names.join(', ')})` });
      check(branches[index], inner, childPath(path, branch, true), issues, depth + 1);
      return;
    }
    default:
      issues.push({ path, message: `the schema type ${type.typeName} is not supported here` });
  }
}

function itemName(type: avro.Type): string {
  return type.name ?? type.typeName;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
