/**
 * JSON → MessagePack with @msgpack/msgpack. The JSON form (json-form.ts) carries what JSON cannot:
 * `{"$bytes": base64}` becomes bin, `{"$ext": type, "$data": base64}` an extension,
 * `{"$bigint": "…"}` a 64-bit integer. The bytes are the library's, with these options.
 */
import { encode, ExtData } from '@msgpack/msgpack';
import { fromBase64, fromJsonForm, isBase64 } from '../json-form';
import { EncodeError, type FieldIssue } from '../tree';

export const MSGPACK_ENCODE_OPTIONS = { useBigInt64: true } as const;

export function encodeMsgpack(json: unknown): Uint8Array {
  const { value, issues } = fromJsonForm(json, special);
  if (issues.length > 0) throw new EncodeError(issues);
  try {
    return encode(value, MSGPACK_ENCODE_OPTIONS);
  } catch (error) {
    throw new EncodeError([{ path: '', message: `@msgpack/msgpack: ${(error as Error).message}` }]);
  }
}

function special(kind: '$ext' | '$tag', object: Record<string, unknown>, path: string, issues: FieldIssue[]): unknown {
  if (kind === '$tag') {
    issues.push({ path, message: '$tag is for CBOR; MessagePack has extensions: {"$ext": type, "$data": base64}' });
    return null;
  }
  const type = object.$ext;
  const data = object.$data;
  if (!Number.isInteger(type) || (type as number) < -128 || (type as number) > 127) issues.push({ path, message: '$ext takes an extension type from -128 to 127' });
  if (typeof data !== 'string' || !isBase64(data)) issues.push({ path, message: '$data takes the extension data as a base64 string' });
  if (Object.keys(object).some((k) => k !== '$ext' && k !== '$data')) issues.push({ path, message: 'an extension has only $ext and $data' });
  return new ExtData(Number(type), typeof data === 'string' && isBase64(data) ? fromBase64(data) : new Uint8Array());
}
