/**
 * The public API of the STOMP Explorer core. Each layer is usable alone:
 * protocol (spec, frame, parser, serializer, commands, session, failover) needs no I/O;
 * client adds transports and the async client; broker is the embedded sandbox (a real STOMP broker
 * on loopback, for trying things out and for fault injection); proxy, load, codecs and scripting
 * are the tools built on them.
 */
export * from './protocol/spec';
export * from './protocol/frame';
export * from './protocol/parse-error';
export { bodyParts, DEFAULT_PARSER_LIMITS, parseAll, StompParser, type ParseEvent, type ParserLimits, type ParserOptions } from './protocol/parser';
export { serializeFrame, serializeHeartBeat, StompSerializeError, type SerializeOptions } from './protocol/serializer';
export * as commands from './protocol/commands';
export { StompProtocolError } from './protocol/commands';
export * from './protocol/session';
export * from './protocol/failover-uri';
export * from './protocol/failover-plan';
export * from './client';
export * from './broker';
// The recording proxy, the load generator, schema-aware bodies and the script sandbox, by name
// space: each is a tool of its own on top of the layers above.
export * as proxy from './proxy';
export * as load from './load';
export * as codecs from './codecs';
export * as scripting from './scripting';
