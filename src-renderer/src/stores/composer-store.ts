/**
 * The composer's draft, checked before it goes (destination, copies, header names), a large send
 * confirmed first, then sent through the sends store. Templates live here too.
 */
import { create } from 'zustand';
import type { BodyInput, Template } from '../../../src-core/api';
import { request } from '../api-client';
import { bytesToBase64, parseHex, validateBase64 } from '../lib/bytes';
import { toUiError, type UiError } from '../lib/errors';
import { headerNameProblem, headerValueProblem } from '../lib/header-text';
import { PRESET_SEND_HEADERS } from '../lib/presets';
import { useSends } from './sends-store';

export type BodyMode = 'text' | 'json' | 'hex' | 'base64' | 'file';

export interface HeaderRow {
  readonly key: number;
  readonly name: string;
  readonly value: string;
}

/** The most copies one send may ask for (the contract's limit). */
export const MAX_COPIES = 100_000;
/** Above these a send asks first: it may flood a broker, and it should be seen coming. */
export const CONFIRM_COPIES = 1_000;
export const CONFIRM_BYTES = 10 * 1024 * 1024;

/** A send waiting for the user's yes: what it will do. */
export interface PendingConfirm {
  readonly connectionId: string;
  readonly copies: number;
  readonly totalBytes: number;
  readonly destination: string;
}

export interface ComposerState {
  readonly destination: string;
  readonly headers: HeaderRow[];
  readonly bodyMode: BodyMode;
  readonly bodyText: string;
  readonly file?: { name: string; size: number; base64: string };
  readonly receipt: boolean;
  /** As typed: checked, never clamped (see copiesProblem). */
  readonly copiesText: string;
  readonly transactionId?: string;
  /** What is wrong with the draft, where the user will fix it. */
  readonly error?: UiError;
  /** A large send the user has to confirm first. */
  readonly confirm?: PendingConfirm;
  readonly templates: Template[];
  readonly templatesError?: UiError;
  readonly templateNote?: string;
  patch(p: Partial<Pick<ComposerState, 'destination' | 'bodyMode' | 'bodyText' | 'file' | 'receipt' | 'copiesText' | 'transactionId'>>): void;
  addHeader(name?: string, value?: string): void;
  setHeader(key: number, patch: Partial<Pick<HeaderRow, 'name' | 'value'>>): void;
  removeHeader(key: number): void;
  prefill(draft: { destination: string; headers: [string, string][]; body: BodyInput; textual: boolean; json: boolean }): void;
  /** Puts a preset's usual headers on a composer nobody has edited yet. */
  applyPresetDefaults(headers: readonly (readonly [string, string])[]): void;
  /** Checks the draft; sends it, or asks to confirm first when it is large. */
  send(connectionId: string): Promise<void>;
  /** The user said yes (or no) to a large send. */
  confirmSend(yes: boolean): Promise<void>;
  loadTemplates(): Promise<void>;
  saveTemplate(name: string): Promise<void>;
  applyTemplate(template: Template): void;
  deleteTemplate(id: string): Promise<void>;
}

let nextKey = 1;

/** The body as the bridge wants it, or the reason it cannot be sent. */
export function composeBody(state: Pick<ComposerState, 'bodyMode' | 'bodyText' | 'file'>): { body: BodyInput } | { error: string } {
  switch (state.bodyMode) {
    case 'text':
      return { body: { encoding: 'text', text: state.bodyText } };
    case 'json':
      return jsonProblem(state.bodyText) ? { error: jsonProblem(state.bodyText)! } : { body: { encoding: 'text', text: state.bodyText } };
    case 'hex': {
      const parsed = parseHex(state.bodyText);
      return 'error' in parsed ? { error: parsed.error } : { body: { encoding: 'base64', base64: bytesToBase64(parsed.bytes) } };
    }
    case 'base64': {
      const problem = validateBase64(state.bodyText);
      return problem ? { error: problem } : { body: { encoding: 'base64', base64: state.bodyText.replace(/\s+/g, '') } };
    }
    case 'file':
      return state.file ? { body: { encoding: 'base64', base64: state.file.base64 } } : { error: 'choose a file to send as the body' };
  }
}

/** Why this is not JSON, with line and column, or undefined. */
export function jsonProblem(text: string): string | undefined {
  if (!text.trim()) return 'empty: a JSON body needs a value, e.g. {}';
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const at = Number(pos[1]);
      const before = text.slice(0, at);
      const line = before.split('\n').length;
      const column = at - before.lastIndexOf('\n');
      return `invalid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
    }
    return `invalid JSON: ${message}`;
  }
}

/** Why the copies field cannot be sent, or undefined: a whole number from 1 to 100,000, never clamped. */
export function copiesProblem(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `Copies must be a whole number from 1 to ${MAX_COPIES.toLocaleString()}${t ? ` (not “${t}”)` : ''}.`;
  const n = Number(t);
  if (n < 1 || n > MAX_COPIES) return `Copies must be from 1 to ${MAX_COPIES.toLocaleString()} (not ${n.toLocaleString()}).`;
  return undefined;
}

/** The first header that cannot be sent, with its row's key, or undefined. */
export function headerProblem(headers: readonly HeaderRow[]): { key: number; message: string } | undefined {
  for (const h of headers) {
    const message = headerNameProblem(h.name, h.value !== '') ?? headerValueProblem(h.value);
    if (message) return { key: h.key, message };
  }
  return undefined;
}

/** Headers presets add, as `name:value`: a composer holding only these (and content-type) is still untouched. */
const PRESET_PAIRS = new Set(Object.values(PRESET_SEND_HEADERS).flatMap((list) => list.map(([name, value]) => `${name}:${value}`)));

export const useComposer = create<ComposerState>()((set, get) => ({
  destination: '',
  headers: [{ key: nextKey++, name: 'content-type', value: 'text/plain' }],
  bodyMode: 'text',
  bodyText: '',
  receipt: true,
  copiesText: '1',
  templates: [],
  patch(p) {
    set(p);
  },
  addHeader(name = '', value = '') {
    set({ headers: [...get().headers, { key: nextKey++, name, value }] });
  },
  setHeader(key, patch) {
    set({ headers: get().headers.map((h) => (h.key === key ? { ...h, ...patch } : h)) });
  },
  removeHeader(key) {
    set({ headers: get().headers.filter((h) => h.key !== key) });
  },
  applyPresetDefaults(defaults) {
    const current = get().headers;
    const untouched = current.every((h) => (h.name === 'content-type' && h.value === 'text/plain') || PRESET_PAIRS.has(`${h.name}:${h.value}`));
    if (!untouched) return;
    const rows = [{ key: nextKey++, name: 'content-type', value: 'text/plain' }, ...defaults.map(([name, value]) => ({ key: nextKey++, name, value }))];
    set({ headers: rows });
  },
  prefill({ destination, headers, body, textual, json }) {
    const rows = headers.map(([name, value]) => ({ key: nextKey++, name, value }));
    const text = body.encoding === 'text' ? body.text : body.base64;
    set({
      destination,
      headers: rows,
      bodyMode: body.encoding === 'base64' ? 'base64' : json ? 'json' : textual ? 'text' : 'base64',
      bodyText: text,
      file: undefined,
      error: undefined,
    });
  },
  async send(connectionId) {
    const s = get();
    const fail = (message: string) => set({ error: { code: 'invalid-request', message } });
    if (useSends.getState().running[connectionId]) return;
    if (!s.destination.trim()) return fail('A destination is required, e.g. /queue/orders.');
    const copies = copiesProblem(s.copiesText);
    if (copies) return fail(copies);
    const header = headerProblem(s.headers);
    if (header) return fail(header.message);
    const body = composeBody(s);
    if ('error' in body) return fail(body.error);
    set({ error: undefined });
    const n = Number(s.copiesText.trim());
    const totalBytes = n * bodySize(body.body);
    // A typo must not flood a broker: large sends are seen coming and confirmed.
    if (n > CONFIRM_COPIES || totalBytes > CONFIRM_BYTES) {
      set({ confirm: { connectionId, copies: n, totalBytes, destination: s.destination.trim() } });
      return;
    }
    await sendDraft(connectionId);
  },
  async confirmSend(yes) {
    const pending = get().confirm;
    set({ confirm: undefined });
    if (yes && pending) await sendDraft(pending.connectionId);
  },
  async loadTemplates() {
    try {
      const { templates } = await request('templates.list', {});
      set({ templates, templatesError: undefined });
    } catch (error) {
      set({ templatesError: toUiError(error) });
    }
  },
  async saveTemplate(name) {
    const s = get();
    const body = composeBody(s);
    if ('error' in body) throw new Error(body.error);
    const existing = s.templates.find((t) => t.name === name);
    const { template } = await request('templates.save', {
      template: {
        ...(existing ? { id: existing.id } : {}),
        name,
        destination: s.destination,
        headers: s.headers.filter((h) => h.name.trim()).map((h) => [h.name, h.value] as [string, string]),
        body: body.body,
      },
    });
    set({ templates: [...get().templates.filter((t) => t.id !== template.id), template] });
  },
  applyTemplate(template) {
    set({
      destination: template.destination,
      headers: template.headers.map(([name, value]) => ({ key: nextKey++, name, value })),
      bodyMode: template.body.encoding === 'base64' ? 'base64' : 'text',
      bodyText: template.body.encoding === 'base64' ? template.body.base64 : template.body.text,
      file: undefined,
      error: undefined,
    });
  },
  async deleteTemplate(id) {
    await request('templates.delete', { id });
    set({ templates: get().templates.filter((t) => t.id !== id) });
  },
}));

/** Sends the checked draft; the outcome lands in the sends store under the connection's id. */
async function sendDraft(connectionId: string): Promise<void> {
  const s = useComposer.getState();
  const body = composeBody(s);
  if ('error' in body) return;
  const destination = s.destination.trim();
  const copies = Number(s.copiesText.trim());
  const headers = s.headers.filter((h) => h.name !== '' || h.value !== '').map((h) => [h.name, h.value] as [string, string]);
  const tx = s.transactionId;
  await useSends
    .getState()
    .run(
      connectionId,
      `to ${destination}`,
      (operationId) =>
        request('messages.send', { connectionId, operationId, destination, headers, body: body.body, receipt: s.receipt, copies, ...(tx ? { transactionId: tx } : {}) }),
      { transactionId: tx, origin: 'composer' },
    )
    .catch(() => undefined);
}

function bodySize(body: BodyInput): number {
  return body.encoding === 'text' ? new TextEncoder().encode(body.text).length : Math.floor((body.base64.length * 3) / 4);
}
