/**
 * Schema-aware bodies: a profile's .proto and .avsc files, its destination → type mappings, and
 * bodies decoded into a tree whose nodes carry their byte ranges (or encoded from JSON).
 */
import { z } from 'zod';
import { destinationSchema, idSchema, LIMITS } from './common';

export const SCHEMA_CODECS = ['protobuf', 'avro', 'msgpack', 'cbor'] as const;
export const schemaCodecSchema = z.enum(SCHEMA_CODECS);
export type SchemaCodecName = z.infer<typeof schemaCodecSchema>;

export const SCHEMA_LIMITS = {
  /** Text of one .proto or .avsc file. */
  fileText: 1024 * 1024,
  files: 200,
  mappings: 1000,
  messageType: 512,
  /** JSON to encode, as text. */
  json: 32 * 1024 * 1024,
} as const;

export const schemaFileNameSchema = z
  .string()
  .trim()
  .min(1, 'a file name is required')
  .max(LIMITS.name)
  .regex(/^[^/\\\u0000-\u001f]+$/, 'a file name has no slashes or control characters');

export const schemaFileSchema = z.object({
  id: idSchema,
  name: schemaFileNameSchema,
  kind: z.enum(['protobuf', 'avro']),
  text: z.string().max(SCHEMA_LIMITS.fileText),
  updatedAt: z.string(),
});
export type SchemaFileView = z.infer<typeof schemaFileSchema>;

export const schemaFileInputSchema = z.object({
  /** Absent: a new file; present: replaces that file. */
  id: idSchema.optional(),
  name: schemaFileNameSchema,
  /** Absent: from the name (.proto, .avsc/.json). */
  kind: z.enum(['protobuf', 'avro']).optional(),
  text: z.string().max(SCHEMA_LIMITS.fileText),
});

export const destinationMappingSchema = z.object({
  /** Exact, or with `*` for any run of characters: `/queue/orders.*`. */
  destination: destinationSchema,
  codec: schemaCodecSchema,
  messageType: z.string().min(1).max(SCHEMA_LIMITS.messageType).optional(),
});
export type DestinationMappingView = z.infer<typeof destinationMappingSchema>;

export const schemaProblemSchema = z.object({
  file: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const schemaSetViewSchema = z.object({
  profileId: idSchema,
  files: z.array(schemaFileSchema),
  mappings: z.array(destinationMappingSchema),
  messageTypes: z.object({ protobuf: z.array(z.string()), avro: z.array(z.string()) }),
  problems: z.array(schemaProblemSchema),
});
export type SchemaSetView = z.infer<typeof schemaSetViewSchema>;

export const byteRangeSchema = z.object({ start: z.number().int(), end: z.number().int() });
export type ByteRangeView = z.infer<typeof byteRangeSchema>;

export interface TreeNodeView {
  key?: string | number;
  path: string;
  kind: 'record' | 'map' | 'array' | 'string' | 'bytes' | 'integer' | 'float' | 'boolean' | 'null' | 'enum' | 'wrapper' | 'unknown' | 'more';
  type?: string;
  value?: string | number | boolean | null;
  range?: ByteRangeView;
  valueRange?: ByteRangeView;
  noRange?: string;
  children?: TreeNodeView[];
  count?: number;
  truncated?: boolean;
  note?: string;
}

export const treeNodeSchema: z.ZodType<TreeNodeView> = z.lazy(() =>
  z.object({
    key: z.union([z.string(), z.number()]).optional(),
    path: z.string(),
    kind: z.enum(['record', 'map', 'array', 'string', 'bytes', 'integer', 'float', 'boolean', 'null', 'enum', 'wrapper', 'unknown', 'more']),
    type: z.string().optional(),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    range: byteRangeSchema.optional(),
    valueRange: byteRangeSchema.optional(),
    noRange: z.string().optional(),
    children: z.array(treeNodeSchema).optional(),
    count: z.number().int().optional(),
    truncated: z.boolean().optional(),
    note: z.string().optional(),
  }),
);

const chosenBySchema = z.enum(['request', 'content-type', 'destination']);

/** How a body reads: a tree (a schema codec), an error at a byte and field, or a plain viewer. */
export const bodyDecodingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tree'),
    chosenBy: chosenBySchema,
    codec: schemaCodecSchema,
    messageType: z.string().optional(),
    root: treeNodeSchema,
    /** The value as JSON the encoder takes back (for "edit and send"), as text. */
    json: z.string(),
    nodeCount: z.number().int(),
    notes: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('error'),
    chosenBy: chosenBySchema,
    codec: schemaCodecSchema,
    messageType: z.string().optional(),
    message: z.string(),
    offset: z.number().int().optional(),
    path: z.string().optional(),
  }),
  z.object({ kind: z.literal('plain'), viewer: z.enum(['json', 'text', 'image', 'hex']), reason: z.string() }),
]);
export type BodyDecodingView = z.infer<typeof bodyDecodingSchema>;

export const decodeInputSchema = z.object({
  captureId: idSchema,
  seq: z.number().int().min(0),
  /** Whose schemas; default: the profile of the connection that captured the message. */
  profileId: idSchema.optional(),
  /** The user's choice over the automatic one. */
  codec: schemaCodecSchema.optional(),
  messageType: z.string().min(1).max(SCHEMA_LIMITS.messageType).optional(),
  avroFraming: z.enum(['auto', 'raw', 'single-object']).default('auto'),
});

export const encodeInputSchema = z.object({
  profileId: idSchema,
  codec: schemaCodecSchema,
  messageType: z.string().min(1).max(SCHEMA_LIMITS.messageType).optional(),
  json: z.string().max(SCHEMA_LIMITS.json),
  avroSingleObject: z.boolean().default(false),
});

/** What went wrong where, for an encode that failed (the ApiError's details). */
export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });

export const encodeResultSchema = z.object({
  base64: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  messageType: z.string().optional(),
});
