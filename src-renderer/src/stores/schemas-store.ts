/**
 * Schemas per profile (files, mappings, message types, problems) as the host keeps them, and the
 * decoding of the message open in the inspector. Decoding and encoding happen in the host; this
 * store only asks and remembers the answers.
 */
import { create } from 'zustand';
import type { BodyDecodingView, DestinationMappingView, SchemaCodecName, SchemaSetView } from '../../../src-core/api';
import { on, request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export interface DecodeKey {
  readonly captureId: string;
  readonly seq: number;
}

export interface DecodeChoice {
  readonly codec?: SchemaCodecName;
  readonly messageType?: string;
  readonly avroFraming?: 'auto' | 'raw' | 'single-object';
}

export type Decoding = (BodyDecodingView & { profileId?: string }) | { kind: 'failed'; error: UiError } | { kind: 'loading' };

export interface EncodeOutcome {
  readonly base64?: string;
  readonly size?: number;
  readonly contentType?: string;
  /** Every field that is wrong, with its path. */
  readonly issues: readonly { path: string; message: string }[];
  readonly error?: UiError;
}

interface SchemasState {
  readonly byProfile: Record<string, SchemaSetView | undefined>;
  readonly errors: Record<string, UiError | undefined>;
  /** The decoding of `key` (the open message) with the user's `choice`. */
  readonly decoding?: { key: string; choice: DecodeChoice; result: Decoding };
  load(profileId: string): Promise<void>;
  saveFile(profileId: string, file: { id?: string; name: string; text: string }): Promise<UiError | undefined>;
  deleteFile(profileId: string, fileId: string): Promise<UiError | undefined>;
  setMappings(profileId: string, mappings: DestinationMappingView[]): Promise<UiError | undefined>;
  decode(key: DecodeKey, choice?: DecodeChoice): Promise<void>;
  encode(input: { profileId: string; codec: SchemaCodecName; messageType?: string; json: string; avroSingleObject?: boolean }): Promise<EncodeOutcome>;
}

const keyOf = (k: DecodeKey) => `${k.captureId}#${k.seq}`;
let decodeGeneration = 0;

export const useSchemas = create<SchemasState>()((set, get) => ({
  byProfile: {},
  errors: {},
  async load(profileId) {
    try {
      const view = await request('schemas.list', { profileId });
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: view }, errors: { ...s.errors, [profileId]: undefined } }));
    } catch (error) {
      set((s) => ({ errors: { ...s.errors, [profileId]: toUiError(error) } }));
    }
  },
  async saveFile(profileId, file) {
    try {
      const { view } = await request('schemas.save', { profileId, file });
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: view } }));
      return undefined;
    } catch (error) {
      return toUiError(error);
    }
  },
  async deleteFile(profileId, fileId) {
    try {
      const { view } = await request('schemas.delete', { profileId, fileId });
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: view } }));
      return undefined;
    } catch (error) {
      return toUiError(error);
    }
  },
  async setMappings(profileId, mappings) {
    try {
      const { view } = await request('schemas.setMappings', { profileId, mappings });
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: view } }));
      return undefined;
    } catch (error) {
      return toUiError(error);
    }
  },
  async decode(key, choice = {}) {
    const k = keyOf(key);
    const gen = ++decodeGeneration;
    set({ decoding: { key: k, choice, result: { kind: 'loading' } } });
    let result: Decoding;
    try {
      result = await request('bodies.decode', { captureId: key.captureId, seq: key.seq, ...choice });
    } catch (error) {
      result = { kind: 'failed', error: toUiError(error) };
    }
    // Only the latest question's answer counts (the user moves through the list quickly).
    if (gen === decodeGeneration) set({ decoding: { key: k, choice, result } });
  },
  async encode(input) {
    try {
      const encoded = await request('bodies.encode', input);
      return { base64: encoded.base64, size: encoded.size, contentType: encoded.contentType, issues: [] };
    } catch (error) {
      const ui = toUiError(error);
      const issues = (ui.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
      return { issues: Array.isArray(issues) ? issues : [], error: ui };
    }
  },
}));

export function decodingFor(state: SchemasState, key: DecodeKey | undefined): Decoding | undefined {
  if (!key || state.decoding?.key !== keyOf(key)) return undefined;
  return state.decoding.result;
}

// Another window or tab (or this one) changed a profile's schemas: fetch them again if shown.
on('schemas.changed', ({ profileId }) => {
  if (useSchemas.getState().byProfile[profileId]) void useSchemas.getState().load(profileId);
});
