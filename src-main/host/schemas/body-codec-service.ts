/**
 * Decoding a captured body with its profile's schemas (bodies.decode) and encoding JSON into a
 * body (bodies.encode). Decoding runs in the host: avsc needs Node's Buffer, and the renderer
 * then gets a ready tree (capped at 20 000 nodes) instead of the libraries.
 */
import { ApiError, type ValidParams } from '../../../src-core/api';
import type { BodyDecodingView, TreeNodeView } from '../../../src-core/api/schemas/schemas';
import type { ParsedFrame } from '../../../src-core/protocol/frame';
import { getHeader } from '../../../src-core/protocol/frame';
import type { SchemaStore } from './schema-store';

/** A JSON form longer than this is left out of a decode result (the tree is still there). */
const MAX_JSON_TEXT = 4 * 1024 * 1024;

export interface BodyCodecSources {
  readonly schemas: SchemaStore;
  /** The captured frame. */
  frame(captureId: string, seq: number): Promise<{ frame: Pick<ParsedFrame, 'headers' | 'body'> }>;
  /** The profile of the connection that captured into this capture, when it is still known. */
  profileOfCapture(captureId: string): string | undefined;
}

export class BodyCodecService {
  constructor(private readonly sources: BodyCodecSources) {}

  async decode(input: ValidParams<'bodies.decode'>): Promise<BodyDecodingView & { profileId?: string }> {
    const { frame } = await this.sources.frame(input.captureId, input.seq);
    const profileId = input.profileId ?? this.sources.profileOfCapture(input.captureId);
    const schemas = profileId ? await this.sources.schemas.set(profileId) : undefined;
    const { decodeBody } = await codecs();
    const decoded = decodeBody({
      bytes: frame.body,
      contentType: getHeader(frame, 'content-type'),
      destination: getHeader(frame, 'destination'),
      schemas,
      codec: input.codec,
      messageType: input.messageType,
      avroFraming: input.avroFraming,
    });
    const withProfile = profileId ? { profileId } : {};
    if (decoded.kind !== 'tree') return { ...decoded, ...withProfile };
    const { tree } = decoded;
    let json = JSON.stringify(tree.json ?? null, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
    const notes = [...tree.notes];
    if (json.length > MAX_JSON_TEXT) {
      notes.push(`the JSON form is ${(json.length / 1048576).toFixed(1)} MiB: too large to show here`);
      json = '';
    }
    return {
      kind: 'tree',
      chosenBy: decoded.chosenBy,
      codec: tree.codec,
      ...(tree.messageType ? { messageType: tree.messageType } : {}),
      root: tree.root as TreeNodeView,
      json,
      nodeCount: tree.nodeCount,
      notes,
      ...withProfile,
    };
  }

  async encode(input: ValidParams<'bodies.encode'>): Promise<{ base64: string; size: number; contentType: string; messageType?: string }> {
    const schemas = await this.sources.schemas.set(input.profileId);
    const { encodeBody, EncodeError } = await codecs();
    try {
      const encoded = encodeBody({ codec: input.codec, messageType: input.messageType, json: input.json, schemas, avroSingleObject: input.avroSingleObject });
      return {
        base64: Buffer.from(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength).toString('base64'),
        size: encoded.bytes.length,
        contentType: encoded.contentType,
        ...(encoded.messageType ? { messageType: encoded.messageType } : {}),
      };
    } catch (error) {
      if (error instanceof EncodeError) throw new ApiError('invalid-request', `not a valid ${input.codec}${input.messageType ? ` ${input.messageType}` : ''}: ${error.message}`, { issues: error.issues });
      throw error;
    }
  }
}

function codecs() {
  return import('../../../src-core/codecs');
}
