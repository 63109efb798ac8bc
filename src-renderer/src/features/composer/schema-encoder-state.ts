/**
 * The composer's schema encoder: JSON written (or brought from a decoded message) and encoded in
 * the host with the profile's schemas; the field errors come back by path. "Use as body" puts the
 * bytes in the composer's body (base64) with the content-type that says how to read them back.
 */
import { create } from 'zustand';
import type { SchemaCodecName } from '../../../../src-core/api';
import { useComposer } from '../../stores/composer-store';
import { useSchemas, type EncodeOutcome } from '../../stores/schemas-store';

export interface SchemaEncoderState {
  readonly open: boolean;
  readonly codec: SchemaCodecName;
  readonly messageType: string;
  readonly json: string;
  readonly avroSingleObject: boolean;
  readonly checking: boolean;
  /** The last check's outcome, for the JSON it was made with. */
  readonly outcome?: EncodeOutcome & { json: string };
  readonly note?: string;
  patch(p: Partial<Pick<SchemaEncoderState, 'open' | 'codec' | 'messageType' | 'json' | 'avroSingleObject'>>): void;
  /** From a decoded message ("Edit in composer"). */
  load(from: { codec: SchemaCodecName; messageType?: string; json: string }): void;
  check(profileId: string): Promise<EncodeOutcome>;
  /** Encodes and, when it fits, makes it the composer's body. */
  useAsBody(profileId: string): Promise<boolean>;
}

export const useSchemaEncoder = create<SchemaEncoderState>()((set, get) => ({
  open: false,
  codec: 'protobuf',
  messageType: '',
  json: '{\n  \n}',
  avroSingleObject: false,
  checking: false,
  patch: (p) => set({ ...p, note: undefined }),
  load: ({ codec, messageType, json }) => set({ open: true, codec, messageType: messageType ?? '', json, outcome: undefined, note: undefined }),
  async check(profileId) {
    const { codec, messageType, json, avroSingleObject } = get();
    set({ checking: true });
    const outcome = await useSchemas.getState().encode({ profileId, codec, messageType: messageType || undefined, json, avroSingleObject });
    // A newer edit wins: keep the outcome only for the JSON it was made with.
    if (get().json === json) set({ outcome: { ...outcome, json }, checking: false });
    else set({ checking: false });
    return outcome;
  },
  async useAsBody(profileId) {
    const outcome = await get().check(profileId);
    if (!outcome.base64 || !outcome.contentType) return false;
    const composer = useComposer.getState();
    composer.patch({ bodyMode: 'base64', bodyText: outcome.base64 });
    const row = composer.headers.find((h) => h.name.toLowerCase() === 'content-type');
    if (row) composer.setHeader(row.key, { value: outcome.contentType });
    else composer.addHeader('content-type', outcome.contentType);
    set({ note: `The body is now ${outcome.size} bytes of ${get().codec}, with content-type ${outcome.contentType}.` });
    return true;
  },
}));
