/**
 * The raw frame composer's draft, the host's verdict on its bytes (raw.check, a moment after each
 * edit), the send and the broker's answer, and the saved raw templates. The verdict on screen is
 * always the verdict on the bytes Send will write: a send names their sha256, and the host refuses
 * other bytes.
 */
import { create } from 'zustand';
import type { RawAnswer, RawCheck, RawRecipeInput, RawTemplate } from '../../../src-core/api/schemas/raw';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export type RawBodyMode = 'text' | 'hex' | 'file';
export type RawVersion = '1.0' | '1.1' | '1.2';

export interface RawHeaderRow {
  readonly key: number;
  readonly name: string;
  readonly value: string;
}

export interface RawDraft {
  readonly command: string;
  readonly headers: readonly RawHeaderRow[];
  readonly bodyMode: RawBodyMode;
  readonly bodyText: string;
  readonly bodyHex: string;
  readonly file?: { readonly name: string; readonly size: number; readonly base64: string };
  readonly framing: 'content-length' | 'nul';
  readonly eol: 'lf' | 'crlf';
  readonly escape: boolean;
  readonly nul: boolean;
  /** The version to judge by when no connection is live (a live one's negotiated version wins). */
  readonly version: RawVersion;
}

export interface RawSent {
  readonly connectionId: string;
  readonly size: number;
  readonly version: string;
  readonly answer: RawAnswer;
  readonly at: number;
}

export interface RawComposerState extends RawDraft {
  /** Seconds to watch for the answer. */
  readonly waitText: string;
  readonly connectionId?: string;
  /** Connection id, state and version: when it changes the verdict may change (another version, a live CONNECT). */
  readonly connectionKey?: string;
  readonly check?: RawCheck;
  /** The edit the check on screen belongs to (`edit` counts edits). */
  readonly checkedEdit: number;
  readonly edit: number;
  readonly checkError?: UiError;
  readonly sending: boolean;
  readonly sent?: RawSent;
  readonly sendError?: UiError;
  readonly templates: readonly RawTemplate[];
  readonly templatesError?: UiError;
  readonly note?: { readonly ok: boolean; readonly text: string };
  patch(draft: Partial<RawDraft> & { waitText?: string }): void;
  setHeader(key: number, patch: { name?: string; value?: string }): void;
  addHeader(name?: string, value?: string): void;
  removeHeader(key: number): void;
  moveHeader(key: number, by: -1 | 1): void;
  setConnection(connectionId: string | undefined, key: string | undefined): void;
  /** Checks now (the debounce skipped). */
  checkNow(): Promise<void>;
  send(): Promise<void>;
  loadTemplates(): Promise<void>;
  saveTemplate(name: string): Promise<void>;
  applyTemplate(template: RawTemplate): void;
  deleteTemplate(id: string): Promise<void>;
  setNote(note: RawComposerState['note']): void;
}

const CHECK_DELAY_MS = 200;
export const WAIT_MAX_S = 60;

let nextKey = 1;
let checkTimer: ReturnType<typeof setTimeout> | undefined;

const initialDraft: RawDraft = {
  command: 'SEND',
  headers: [
    { key: nextKey++, name: 'destination', value: '/queue/raw' },
    { key: nextKey++, name: 'receipt', value: 'raw-1' },
  ],
  bodyMode: 'text',
  bodyText: 'hello',
  bodyHex: '',
  framing: 'content-length',
  eol: 'lf',
  escape: true,
  nul: true,
  version: '1.2',
};

/** The recipe the host builds the bytes from. */
export function recipeOf(draft: RawDraft): RawRecipeInput {
  const body: RawRecipeInput['body'] =
    draft.bodyMode === 'hex'
      ? { kind: 'hex', hex: draft.bodyHex }
      : draft.bodyMode === 'file'
        ? { kind: 'base64', base64: draft.file?.base64 ?? '', ...(draft.file ? { fileName: draft.file.name } : {}) }
        : { kind: 'text', text: draft.bodyText };
  return {
    command: draft.command,
    headers: draft.headers.map((h) => [h.name, h.value] as [string, string]),
    body,
    framing: draft.framing,
    eol: draft.eol,
    escape: draft.escape,
    nul: draft.nul,
  };
}

/** The wait in ms, or why the field is wrong. */
export function waitMsOf(text: string): number | string {
  const seconds = Number(text.trim());
  if (!text.trim() || !Number.isFinite(seconds)) return 'a number of seconds, e.g. 2';
  if (seconds < 0.1 || seconds > WAIT_MAX_S) return `between 0.1 and ${WAIT_MAX_S} seconds`;
  return Math.round(seconds * 1000);
}

export const useRawComposer = create<RawComposerState>()((set, get) => {
  /** Every edit schedules a check; a check's answer counts only if no edit came after it was asked. */
  const edited = (changes: Partial<RawComposerState>) => {
    set({ ...changes, edit: get().edit + 1 });
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => void get().checkNow(), CHECK_DELAY_MS);
  };

  return {
    ...initialDraft,
    waitText: '2',
    checkedEdit: -1,
    edit: 0,
    sending: false,
    templates: [],
    patch(draft) {
      const { waitText, ...rest } = draft;
      if (waitText !== undefined) set({ waitText });
      if (Object.keys(rest).length > 0) edited(rest);
    },
    setHeader(key, patch) {
      edited({ headers: get().headers.map((h) => (h.key === key ? { ...h, ...patch } : h)) });
    },
    addHeader(name = '', value = '') {
      edited({ headers: [...get().headers, { key: nextKey++, name, value }] });
    },
    removeHeader(key) {
      edited({ headers: get().headers.filter((h) => h.key !== key) });
    },
    moveHeader(key, by) {
      const headers = [...get().headers];
      const at = headers.findIndex((h) => h.key === key);
      const to = at + by;
      if (at < 0 || to < 0 || to >= headers.length) return;
      [headers[at], headers[to]] = [headers[to], headers[at]];
      edited({ headers });
    },
    setConnection(connectionId, key) {
      if (key === get().connectionKey) return;
      // Another connection, or the same one reconnected, may speak another version: judge again.
      const other = connectionId !== get().connectionId;
      edited({ connectionId, connectionKey: key, ...(other ? { sent: undefined, sendError: undefined } : {}) });
    },
    async checkNow() {
      clearTimeout(checkTimer);
      const state = get();
      const edit = state.edit;
      try {
        const check = await request('raw.check', { recipe: recipeOf(state), version: state.version, ...(state.connectionId ? { connectionId: state.connectionId } : {}) });
        if (get().edit === edit) set({ check, checkedEdit: edit, checkError: undefined });
      } catch (error) {
        if (get().edit === edit) set({ check: undefined, checkedEdit: edit, checkError: toUiError(error) });
      }
    },
    async send() {
      const state = get();
      const wait = waitMsOf(state.waitText);
      if (!state.connectionId || typeof wait === 'string' || state.sending) return;
      if (state.checkedEdit !== state.edit || !state.check) await get().checkNow();
      const { check, connectionId } = get();
      if (!check || !connectionId) return;
      set({ sending: true, sendError: undefined, sent: undefined });
      try {
        const result = await request('raw.send', { connectionId, recipe: recipeOf(get()), sha256: check.sha256, waitMs: wait });
        set({ sent: { connectionId, size: result.size, version: result.version, answer: result.answer, at: Date.now() } });
      } catch (error) {
        set({ sendError: toUiError(error) });
      } finally {
        set({ sending: false });
      }
    },
    async loadTemplates() {
      try {
        const { templates } = await request('raw.listTemplates', {});
        set({ templates, templatesError: undefined });
      } catch (error) {
        set({ templatesError: toUiError(error) });
      }
    },
    async saveTemplate(name) {
      // A template of the same name is replaced, as in the composer's templates.
      const existing = get().templates.find((t) => t.name === name);
      await request('raw.saveTemplate', { template: { ...(existing ? { id: existing.id } : {}), name, recipe: recipeOf(get()) } });
      await get().loadTemplates();
    },
    applyTemplate(template) {
      const r = template.recipe;
      const body = r.body;
      edited({
        command: r.command,
        headers: r.headers.map(([name, value]) => ({ key: nextKey++, name, value })),
        bodyMode: body.kind === 'base64' ? 'file' : body.kind,
        bodyText: body.kind === 'text' ? body.text : get().bodyText,
        bodyHex: body.kind === 'hex' ? body.hex : get().bodyHex,
        file: body.kind === 'base64' ? { name: body.fileName ?? `${template.name}.bin`, size: Math.floor((body.base64.replace(/=+$/, '').length * 3) / 4), base64: body.base64 } : get().file,
        framing: r.framing,
        eol: r.eol,
        escape: r.escape,
        nul: r.nul,
        sent: undefined,
        sendError: undefined,
      });
    },
    async deleteTemplate(id) {
      await request('raw.deleteTemplate', { id });
      await get().loadTemplates();
    },
    setNote(note) {
      set({ note });
    },
  };
});
