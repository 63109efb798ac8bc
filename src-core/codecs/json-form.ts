/**
 * Values of schemaless binary formats (MessagePack, CBOR) as JSON and back. JSON has no bytes, no
 * 64-bit integers beyond 2^53, no non-string keys, so those travel as small tagged objects:
 *
 *   {"$bytes": "<base64>"}                     binary (msgpack bin, CBOR byte string)
 *   {"$ext": <type>, "$data": "<base64>"}     a msgpack extension
 *   {"$tag": <number>, "$value": <json>}      a CBOR tag the library does not turn into a value
 *   {"$bigint": "<decimal>"}                  an integer beyond ±2^53
 *
 * Dates (msgpack timestamp, CBOR tag 0/1) become ISO strings and maps with non-string keys get
 * their keys as strings: the notes say so, since encoding that JSON would not give the same bytes.
 */
import { childPath, type FieldIssue } from './tree';

const MAX_DEPTH = 200;

export interface JsonFormResult {
  readonly json: unknown;
  /** What the JSON cannot say exactly. */
  readonly notes: string[];
}

export function toJsonForm(value: unknown, describeExtra?: (value: object) => unknown | undefined): JsonFormResult {
  const notes = new Set<string>();
  const convert = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new Error(`nested deeper than ${MAX_DEPTH} levels`);
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (v === undefined) {
      notes.add('undefined became null');
      return null;
    }
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      notes.add('NaN and infinities became strings');
      return String(v);
    }
    if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : { $bigint: v.toString() };
    if (v instanceof Uint8Array) return { $bytes: base64(v) };
    if (v instanceof Date) {
      notes.add('dates became ISO strings: encoding this JSON sends them as strings');
      return Number.isNaN(v.getTime()) ? null : v.toISOString();
    }
    if (Array.isArray(v)) return v.map((item) => convert(item, depth + 1));
    if (v instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, item] of v) {
        if (typeof k !== 'string') notes.add('map keys that were not strings became strings');
        setOwn(out, typeof k === 'string' ? k : JSON.stringify(convert(k, depth + 1)), convert(item, depth + 1));
      }
      return out;
    }
    if (v instanceof Set) return [...v].map((item) => convert(item, depth + 1));
    const extra = describeExtra?.(v as object);
    if (extra !== undefined) return convert(extra, depth + 1);
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as object)) setOwn(out, k, convert(item, depth + 1));
    return out;
  };
  const json = convert(value, 0);
  return { json, notes: [...notes] };
}

/**
 * The JSON form back to values: `$bytes` → Uint8Array and `$bigint` → BigInt; `$ext`/`$tag` are
 * handed to `special`, which builds the library's own object. Problems are collected by path.
 */
export function fromJsonForm(json: unknown, special: (kind: '$ext' | '$tag', object: Record<string, unknown>, path: string, issues: FieldIssue[]) => unknown): { value: unknown; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const convert = (v: unknown, path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
      return null;
    }
    if (Array.isArray(v)) return v.map((item, i) => convert(item, childPath(path, i), depth + 1));
    if (typeof v !== 'object' || v === null) return v;
    const object = v as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length === 1 && keys[0] === '$bytes') {
      if (typeof object.$bytes !== 'string' || !isBase64(object.$bytes)) {
        issues.push({ path, message: '$bytes takes a base64 string' });
        return new Uint8Array();
      }
      return fromBase64(object.$bytes);
    }
    if (keys.length === 1 && keys[0] === '$bigint') {
      if (typeof object.$bigint !== 'string' || !/^-?\d+$/.test(object.$bigint)) {
        issues.push({ path, message: '$bigint takes a decimal integer as a string' });
        return 0;
      }
      return BigInt(object.$bigint);
    }
    if ('$ext' in object) return special('$ext', object, path, issues);
    if ('$tag' in object) return special('$tag', object, path, issues);
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(object)) setOwn(out, k, convert(item, childPath(path, k), depth + 1));
    return out;
  };
  const value = convert(json, '', 0);
  return { value, issues };
}

/** `out[key] = value`, except that a key named `__proto__` stays an ordinary key (JSON allows it). */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return B64.test(text);
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
