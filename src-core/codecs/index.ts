/**
 * Schema-aware bodies: protobuf (protobufjs), Avro (avsc), MessagePack (@msgpack/msgpack) and CBOR
 * (cbor-x) decoded into one tree whose nodes carry their byte ranges, and JSON encoded back with
 * field-path errors. Pure TypeScript without DOM; avsc needs Node's Buffer, so Avro runs in Node
 * (the app decodes and encodes in the host).
 */
export * from './tree';
export * from './content-type';
export * from './text-or-binary';
export * from './schema-problem';
export * from './schema-set';
export * from './decode-body';
export * from './encode-body';
export { decodeProtobuf } from './protobuf/proto-decode';
export { encodeProtobuf, checkProtobufJson } from './protobuf/proto-encode';
export { compileProto, protoType, type CompiledProto, type ProtoSource } from './protobuf/proto-schema';
export { decodeAvro, type AvroFraming } from './avro/avro-decode';
export { encodeAvro, checkAvroJson } from './avro/avro-encode';
export { compileAvro, avroType, schemaFingerprint, AVRO_TYPE_OPTIONS, type CompiledAvro } from './avro/avro-schema';
export { rabinFingerprint } from './avro/rabin';
export { decodeMsgpack, MSGPACK_DECODE_OPTIONS } from './msgpack/msgpack-decode';
export { encodeMsgpack, MSGPACK_ENCODE_OPTIONS } from './msgpack/msgpack-encode';
export { decodeCbor, CBOR_DECODE_OPTIONS } from './cbor/cbor-decode';
export { encodeCbor, CBOR_ENCODE_OPTIONS } from './cbor/cbor-encode';
