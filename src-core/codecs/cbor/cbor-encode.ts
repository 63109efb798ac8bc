/**
 * JSON → CBOR with cbor-x, as standard CBOR: no record extension, maps sized to fit, bytes as byte
 * strings (not typed-array tags). `{"$bytes": base64}`, `{"$bigint": "…"}` and
 * `{"$tag": n, "$value": json}` carry what JSON cannot (json-form.ts).
 */
import { Encoder, Tag } from 'cbor-x';
import { fromJsonForm } from '../json-form';
import { EncodeError, type FieldIssue } from '../tree';

export const CBOR_ENCODE_OPTIONS = { useRecords: false, mapsAsObjects: true, variableMapSize: true, tagUint8Array: false } as const;

export function encodeCbor(json: unknown): Uint8Array {
  const { value, issues } = fromJsonForm(json, special);
  if (issues.length > 0) throw new EncodeError(issues);
  try {
    const out = new Encoder(CBOR_ENCODE_OPTIONS).encode(value);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw new EncodeError([{ path: '', message: `cbor-x: ${(error as Error).message}` }]);
  }
}

function special(kind: '$ext' | '$tag', object: Record<string, unknown>, path: string, issues: FieldIssue[]): unknown {
  if (kind === '$ext') {
    issues.push({ path, message: '$ext is for MessagePack; CBOR has tags: {"$tag": number, "$value": value}' });
    return null;
  }
  const tag = object.$tag;
  if (!Number.isSafeInteger(tag) || (tag as number) < 0) issues.push({ path, message: '$tag takes a tag number (a non-negative integer)' });
  if (Object.keys(object).some((k) => k !== '$tag' && k !== '$value')) issues.push({ path, message: 'a tag has only $tag and $value' });
  const inner = fromJsonForm(object.$value ?? null, special);
  for (const issue of inner.issues) issues.push({ path: `${path}.$value${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
  return new Tag(inner.value, Number(tag));
}
