/** Pieces every schema shares, with the limits that keep one request from exhausting the host. */
import { z } from 'zod';
import { headerProblem } from '../../protocol/serializer';
import { VERSIONS } from '../../protocol/spec';

export const LIMITS = {
  id: 128,
  name: 200,
  destination: 1024,
  headerName: 1024,
  headerValue: 64 * 1024,
  headers: 1000,
  /** A body sent from the UI, in bytes once decoded. */
  body: 100 * 1024 * 1024,
  uri: 4096,
  text: 1024 * 1024,
  pageSize: 10_000,
  copies: 100_000,
  importBytes: 512 * 1024 * 1024,
} as const;

export const idSchema = z.string().min(1).max(LIMITS.id);
export const nameSchema = z.string().trim().min(1, 'a name is required').max(LIMITS.name);
export const destinationSchema = z.string().min(1, 'a destination is required').max(LIMITS.destination);
export const versionSchema = z.enum(VERSIONS as unknown as ['1.0', '1.1', '1.2']);
export const ackModeSchema = z.enum(['auto', 'client', 'client-individual']);

/** Headers in wire order; duplicates allowed, as on the wire. */
export const headersSchema = z
  .array(z.tuple([z.string().max(LIMITS.headerName), z.string().max(LIMITS.headerValue)]))
  .max(LIMITS.headers);
export type HeaderList = z.infer<typeof headersSchema>;

/**
 * Headers the UI asks to put on the wire: also no empty name and no NUL anywhere, which no STOMP
 * version can carry (the serializer's own rule, `headerProblem`, under 1.2, which escapes all the
 * rest). What only some versions cannot carry (a CR under 1.1) is refused when the frame is built
 * for the connection's version, with the same words.
 */
export const sendableHeadersSchema = headersSchema.superRefine((headers, ctx) => {
  headers.forEach(([name, value], index) => {
    const problem = headerProblem(name, value, 'SEND', '1.2');
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: problem.replace(' (in a STOMP 1.2 SEND frame)', '') });
  });
});

/** A body crosses the bridge as text (UTF-8) or as base64 bytes. */
export const bodySchema = z.discriminatedUnion('encoding', [
  z.object({ encoding: z.literal('text'), text: z.string().max(LIMITS.body) }),
  z.object({ encoding: z.literal('base64'), base64: z.string().max(Math.ceil(LIMITS.body / 3) * 4) }),
]);
export type BodyInput = z.infer<typeof bodySchema>;

export const pageSchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(LIMITS.pageSize).default(200),
});

export const emptySchema = z.object({}).strict();
export const okSchema = z.object({ ok: z.literal(true) });
