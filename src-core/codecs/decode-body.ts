/**
 * Which way to read a body, and the reading: a request's explicit choice first, then the
 * content-type (with its messageType parameter), then the profile's mapping for the destination,
 * then the bytes themselves (text or binary). Schema-aware codecs give a tree with byte ranges;
 * everything else is left to the plain viewers (text, JSON, image, hex).
 */
import { decodeAvro, type AvroFraming } from './avro/avro-decode';
import { decodeCbor } from './cbor/cbor-decode';
import { bodyKindFor } from './content-type';
import { decodeMsgpack } from './msgpack/msgpack-decode';
import { decodeProtobuf } from './protobuf/proto-decode';
import { protoType } from './protobuf/proto-schema';
import { EMPTY_SCHEMA_SET, mappingFor, type SchemaSet } from './schema-set';
import { judgeText } from './text-or-binary';
import { CodecError, DEFAULT_DECODE_LIMITS, type DecodedTree, type DecodeLimits, type SchemaCodec } from './tree';

export interface DecodeRequest {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
  readonly destination?: string;
  readonly schemas?: SchemaSet;
  /** The user's choice in the viewer, over anything automatic. */
  readonly codec?: SchemaCodec;
  readonly messageType?: string;
  readonly avroFraming?: AvroFraming;
  readonly limits?: DecodeLimits;
}

export type ChosenBy = 'request' | 'content-type' | 'destination';

export type BodyDecoding =
  | { readonly kind: 'tree'; readonly chosenBy: ChosenBy; readonly tree: DecodedTree }
  | {
      readonly kind: 'error';
      readonly chosenBy: ChosenBy;
      readonly codec: SchemaCodec;
      readonly messageType?: string;
      readonly message: string;
      readonly offset?: number;
      readonly path?: string;
    }
  /** Not a schema codec: which plain viewer fits, and why. */
  | { readonly kind: 'plain'; readonly viewer: 'json' | 'text' | 'image' | 'hex'; readonly reason: string };

export function decodeBody(request: DecodeRequest): BodyDecoding {
  const schemas = request.schemas ?? EMPTY_SCHEMA_SET;
  const fromType = bodyKindFor(request.contentType);
  let codec: SchemaCodec | undefined;
  let messageType: string | undefined;
  let chosenBy: ChosenBy;
  if (request.codec) {
    codec = request.codec;
    messageType = request.messageType ?? fromType.messageType ?? mappingFor(schemas.mappings, request.destination)?.messageType;
    chosenBy = 'request';
  } else if (isSchemaCodec(fromType.kind)) {
    codec = fromType.kind;
    messageType = fromType.messageType ?? mappingFor(schemas.mappings, request.destination)?.messageType;
    chosenBy = 'content-type';
  } else {
    const mapping = fromType.kind === 'unknown' ? mappingFor(schemas.mappings, request.destination) : undefined;
    if (!mapping) return plain(request.bytes, fromType.kind, fromType.charset);
    codec = mapping.codec;
    messageType = mapping.messageType;
    chosenBy = 'destination';
  }
  try {
    return { kind: 'tree', chosenBy, tree: decodeWith(request.bytes, codec, messageType, schemas, request.avroFraming ?? 'auto', request.limits ?? DEFAULT_DECODE_LIMITS) };
  } catch (error) {
    const located = error instanceof CodecError ? { offset: error.offset, path: error.path } : {};
    return { kind: 'error', chosenBy, codec, ...(messageType ? { messageType } : {}), message: (error as Error).message, ...stripUndefined(located) };
  }
}

function decodeWith(bytes: Uint8Array, codec: SchemaCodec, messageType: string | undefined, schemas: SchemaSet, framing: AvroFraming, limits: DecodeLimits): DecodedTree {
  switch (codec) {
    case 'protobuf':
      if (!messageType) throw new CodecError('protobuf does not say its message type: map this destination to one, or send content-type "application/x-protobuf; messageType=pkg.Type"');
      return decodeProtobuf(bytes, protoType(schemas.proto, messageType), limits);
    case 'avro':
      return decodeAvro(bytes, schemas.avro, messageType, framing, limits);
    case 'msgpack':
      return decodeMsgpack(bytes, limits);
    case 'cbor':
      return decodeCbor(bytes, limits);
  }
}

function plain(bytes: Uint8Array, kind: string, charset: string | undefined): BodyDecoding {
  if (kind === 'image') return { kind: 'plain', viewer: 'image', reason: 'the content-type is an image' };
  const judged = judgeText(bytes, charset);
  if (judged.kind === 'binary') return { kind: 'plain', viewer: 'hex', reason: `binary: ${judged.reason}` };
  if (kind === 'json') return { kind: 'plain', viewer: 'json', reason: 'the content-type is JSON' };
  return { kind: 'plain', viewer: 'text', reason: kind === 'text' ? 'the content-type is text' : `valid ${judged.charset} text` };
}

export function isSchemaCodec(kind: string): kind is SchemaCodec {
  return kind === 'protobuf' || kind === 'avro' || kind === 'msgpack' || kind === 'cbor';
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
