/**
 * JSON to body bytes with a profile's schemas: the composer's "edit as JSON, send as protobuf,
 * Avro, MessagePack or CBOR". Every problem comes back with its field path (EncodeError.issues);
 * the bytes are the library's own encoding of that JSON.
 */
import { encodeAvro } from './avro/avro-encode';
import { avroType } from './avro/avro-schema';
import { encodeCbor } from './cbor/cbor-encode';
import { parseJsonWithPosition } from './json-position';
import { contentTypeFor } from './content-type';
import { encodeMsgpack } from './msgpack/msgpack-encode';
import { encodeProtobuf } from './protobuf/proto-encode';
import { protoType } from './protobuf/proto-schema';
import type { SchemaSet } from './schema-set';
import { EncodeError, type SchemaCodec } from './tree';

export interface EncodeRequest {
  readonly codec: SchemaCodec;
  /** Protobuf message type or Avro schema name; not used by msgpack and CBOR. */
  readonly messageType?: string;
  /** The JSON text as the user wrote it. */
  readonly json: string;
  readonly schemas: SchemaSet;
  /** Avro only: prefix C3 01 and the schema's fingerprint. */
  readonly avroSingleObject?: boolean;
}

export interface Encoded {
  readonly bytes: Uint8Array;
  /** The content-type that says how to read it back. */
  readonly contentType: string;
  /** The full name of the type used (a short name is resolved). */
  readonly messageType?: string;
}

export function encodeBody(request: EncodeRequest): Encoded {
  const json = parseJsonText(request.json);
  switch (request.codec) {
    case 'protobuf': {
      const type = lookup(() => protoType(request.schemas.proto, required(request.messageType, 'a protobuf message type')));
      const name = type.fullName.slice(1);
      return { bytes: encodeProtobuf(type, json), contentType: contentTypeFor('protobuf', name), messageType: name };
    }
    case 'avro': {
      const name = required(request.messageType, 'an Avro schema');
      const type = lookup(() => avroType(request.schemas.avro, name));
      const full = type.name ?? name;
      return { bytes: encodeAvro(type, json, request.avroSingleObject), contentType: contentTypeFor('avro', full), messageType: full };
    }
    case 'msgpack':
      return { bytes: encodeMsgpack(json), contentType: contentTypeFor('msgpack') };
    case 'cbor':
      return { bytes: encodeCbor(json), contentType: contentTypeFor('cbor') };
  }
}

/** JSON.parse, with the line and column of a syntax error. */
export function parseJsonText(text: string): unknown {
  const parsed = parseJsonWithPosition(text);
  if (!parsed.ok) throw new EncodeError([{ path: '', message: parsed.message }]);
  return parsed.value;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new EncodeError([{ path: '', message: `choose ${what} to encode with` }]);
  return value;
}

function lookup<T>(find: () => T): T {
  try {
    return find();
  } catch (error) {
    throw new EncodeError([{ path: '', message: (error as Error).message }]);
  }
}
