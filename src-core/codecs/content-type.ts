/**
 * From a message's content-type to the way its body should be read. Media types are matched
 * case-insensitively; parameters follow RFC 9110 (`; name=value`, the value maybe quoted).
 *
 * A protobuf or Avro body names its type with a parameter: `messageType` (also accepted: `proto`,
 * `type`, `schema`), e.g. `application/x-protobuf; messageType=shop.Order`.
 */
import type { SchemaCodec } from './tree';

export interface ContentType {
  /** `type/subtype`, lower case. */
  readonly mediaType: string;
  /** Parameter names lower case, values as written (unquoted). */
  readonly params: Readonly<Record<string, string>>;
}

export type BodyKind = SchemaCodec | 'json' | 'text' | 'image' | 'unknown';

export interface BodyKindChoice {
  readonly kind: BodyKind;
  /** From the content-type's messageType parameter. */
  readonly messageType?: string;
  readonly charset?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Undefined when there is no usable media type. */
export function parseContentType(value: string | undefined): ContentType | undefined {
  if (!value) return undefined;
  const [head, ...rest] = splitParams(value);
  const mediaType = head.trim().toLowerCase();
  const slash = mediaType.indexOf('/');
  if (slash <= 0 || slash === mediaType.length - 1 || !TOKEN.test(mediaType.slice(0, slash)) || !TOKEN.test(mediaType.slice(slash + 1))) return undefined;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name && !(name in params)) params[name] = v;
  }
  return { mediaType, params };
}

/** Splits at semicolons outside quoted strings. */
function splitParams(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted && c === '\\' && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const PROTOBUF = new Set(['application/x-protobuf', 'application/protobuf', 'application/x-google-protobuf', 'application/vnd.google.protobuf', 'application/octet-stream+protobuf']);
const AVRO = new Set(['application/avro', 'avro/binary', 'application/x-avro-binary', 'application/vnd.apache.avro+binary', 'application/x-avro']);
const MSGPACK = new Set(['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack']);
const CBOR = new Set(['application/cbor']);
const TEXTUAL = new Set(['application/xml', 'application/javascript', 'application/x-www-form-urlencoded', 'application/yaml', 'application/x-yaml', 'application/toml', 'application/sql', 'application/graphql', 'application/csv']);

const TYPE_PARAMS = ['messagetype', 'proto', 'type', 'schema'];

/** How a body with this content-type should be read; `unknown` when the type does not say. */
export function bodyKindFor(contentType: string | undefined): BodyKindChoice {
  const parsed = parseContentType(contentType);
  if (!parsed) return { kind: 'unknown' };
  const { mediaType, params } = parsed;
  const messageType = TYPE_PARAMS.map((p) => params[p]).find((v) => v !== undefined && v !== '');
  const charset = params.charset;
  const withType = (kind: BodyKind): BodyKindChoice => ({ kind, ...(messageType ? { messageType } : {}), ...(charset ? { charset } : {}) });
  const suffix = mediaType.slice(mediaType.lastIndexOf('+') + 1);
  if (PROTOBUF.has(mediaType) || (mediaType.includes('+') && (suffix === 'protobuf' || suffix === 'proto'))) return withType('protobuf');
  if (AVRO.has(mediaType) || (mediaType.includes('+') && suffix === 'avro')) return withType('avro');
  if (MSGPACK.has(mediaType) || (mediaType.includes('+') && suffix === 'msgpack')) return withType('msgpack');
  if (CBOR.has(mediaType) || (mediaType.includes('+') && suffix === 'cbor')) return withType('cbor');
  if (mediaType === 'application/json' || mediaType === 'text/json' || (mediaType.includes('+') && suffix === 'json')) return withType('json');
  if (mediaType.startsWith('image/')) return withType('image');
  if (mediaType.startsWith('text/') || TEXTUAL.has(mediaType) || (mediaType.includes('+') && suffix === 'xml')) return withType('text');
  return withType('unknown');
}

/** The content-type a body encoded with a codec should travel with. */
export function contentTypeFor(codec: SchemaCodec, messageType?: string): string {
  const base = { protobuf: 'application/x-protobuf', avro: 'application/avro', msgpack: 'application/msgpack', cbor: 'application/cbor' }[codec];
  return messageType ? `${base}; messageType=${quoteIfNeeded(messageType)}` : base;
}

function quoteIfNeeded(value: string): string {
  return TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
