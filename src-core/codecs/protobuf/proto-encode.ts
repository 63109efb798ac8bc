/**
 * JSON → protobuf bytes, with every problem named by its field path. protobufjs's own `fromObject`
 * coerces what it is given ("abc" for an int32 quietly becomes 0), so the JSON is checked against
 * the message type first, field by field; only a value that passes goes to `fromObject` and
 * `encode`, which make the bytes: exactly what protobufjs makes for the same JSON.
 *
 * The JSON is protobuf's JSON mapping as protobufjs reads it: field names as in the .proto,
 * 64-bit integers as numbers or decimal strings, enums by name or number, bytes as base64,
 * nested messages as objects, maps as objects.
 */
import protobuf from 'protobufjs';
import { childPath, EncodeError, type FieldIssue } from '../tree';

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$|^[A-Za-z0-9_-]*$/;
const MAX_ISSUES = 100;
const MAX_DEPTH = 100;

export function encodeProtobuf(type: protobuf.Type, json: unknown): Uint8Array {
  const issues = checkProtobufJson(type, json);
  if (issues.length > 0) throw new EncodeError(issues);
  const message = type.fromObject(json as Record<string, unknown>);
  const problem = type.verify(message);
  if (problem) throw new EncodeError([{ path: problem.split(':')[0] ?? '', message: problem.slice(problem.indexOf(':') + 1).trim() || problem }]);
  return type.encode(message).finish();
}

/** Every problem of `json` as a value of `type`, up to 100. */
export function checkProtobufJson(type: protobuf.Type, json: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  checkMessage(type, json, '', issues, 0);
  return issues;
}

function checkMessage(type: protobuf.Type, value: unknown, path: string, issues: FieldIssue[], depth: number): void {
  if (issues.length >= MAX_ISSUES) return;
  if (depth > MAX_DEPTH) return void issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return void issues.push({ path, message: `expected an object (a ${type.fullName.slice(1)}), got ${describe(value)}` });
  }
  const byJsonName = new Map<string, protobuf.Field>();
  for (const field of type.fieldsArray) byJsonName.set(camel(field.name), field);
  const oneofSeen = new Map<string, string>();
  for (const [name, fieldValue] of Object.entries(value)) {
    const field = Object.hasOwn(type.fields, name) ? type.fields[name] : byJsonName.get(name);
    const fieldPath = childPath(path, name);
    if (!field) {
      issues.push({ path: fieldPath, message: `${type.name} has no field "${name}" (its fields: ${type.fieldsArray.map((f) => f.name).join(', ') || 'none'})` });
      continue;
    }
    if (fieldValue === null) continue;
    if (field.partOf && fieldValue !== undefined) {
      const other = oneofSeen.get(field.partOf.name);
      if (other) issues.push({ path: fieldPath, message: `only one of the oneof ${field.partOf.name} may be set: ${other} is set too` });
      oneofSeen.set(field.partOf.name, field.name);
    }
    if (field.map) checkMap(field, fieldValue, fieldPath, issues, depth);
    else if (field.repeated) {
      if (!Array.isArray(fieldValue)) issues.push({ path: fieldPath, message: `expected a list (repeated ${field.type}), got ${describe(fieldValue)}` });
      else fieldValue.forEach((item, i) => checkValue(field, item, childPath(fieldPath, i), issues, depth));
    } else checkValue(field, fieldValue, fieldPath, issues, depth);
    if (issues.length >= MAX_ISSUES) return;
  }
}

function checkMap(field: protobuf.Field, value: unknown, path: string, issues: FieldIssue[], depth: number): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return void issues.push({ path, message: `expected an object (a map), got ${describe(value)}` });
  }
  const keyType = (field as unknown as protobuf.MapField).keyType;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = childPath(path, key, true);
    if (keyType === 'bool' && key !== 'true' && key !== 'false') issues.push({ path: itemPath, message: `a bool map key is "true" or "false", not ${JSON.stringify(key)}` });
    else if (Object.hasOwn(INT_RANGES, keyType)) checkInteger(keyType, key, itemPath, issues, 'map key ');
    checkValue(field, item, itemPath, issues, depth);
  }
}

function checkValue(field: protobuf.Field, value: unknown, path: string, issues: FieldIssue[], depth: number): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return checkMessage(resolved, value, path, issues, depth + 1);
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === 'string') {
      if (!Object.hasOwn(resolved.values, value)) issues.push({ path, message: `${JSON.stringify(value)} is not a value of ${resolved.name} (one of ${Object.keys(resolved.values).join(', ')})` });
    } else if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) issues.push({ path, message: `an enum number is a 32-bit integer, not ${value}` });
    } else issues.push({ path, message: `expected a ${resolved.name} name or number, got ${describe(value)}` });
    return;
  }
  const type = field.type;
  if (Object.hasOwn(INT_RANGES, type)) return checkInteger(type, value, path, issues);
  switch (type) {
    case 'double':
    case 'float':
      if (typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity') return;
      return void issues.push({ path, message: `expected a number (${type}), got ${describe(value)}` });
    case 'bool':
      if (typeof value !== 'boolean') issues.push({ path, message: `expected true or false, got ${describe(value)}` });
      return;
    case 'string':
      if (typeof value !== 'string') issues.push({ path, message: `expected a string, got ${describe(value)}` });
      return;
    case 'bytes':
      if (typeof value !== 'string' || !BASE64.test(value)) issues.push({ path, message: `expected bytes as a base64 string, got ${describe(value)}` });
      return;
    default:
      issues.push({ path, message: `the field type ${type} did not resolve in the schema` });
  }
}

function checkInteger(type: string, value: unknown, path: string, issues: FieldIssue[], what = ''): void {
  let n: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) return void issues.push({ path, message: `${what}${value} is beyond what a JSON number holds exactly: write it as a string` });
    n = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) n = BigInt(value);
  else return void issues.push({ path, message: `${what}expected an integer (${type}), got ${describe(value)}` });
  const [min, max] = INT_RANGES[type];
  if (n < min || n > max) issues.push({ path, message: `${what}${n} is out of range for ${type} (${min} to ${max})` });
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `the string ${JSON.stringify(value.slice(0, 40))}…` : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
