/** The composer's draft, sending it, and its inline result. Templates live here too. */
import { create } from 'zustand';
import type { BodyInput, Template } from '../../../src-core/api';
import { request } from '../api-client';
import { bytesToBase64, parseHex, validateBase64 } from '../lib/bytes';
import { toUiError, type UiError } from '../lib/errors';
import { PRESET_SEND_HEADERS } from '../lib/presets';

export type BodyMode = 'text' | 'json' | 'hex' | 'base64' | 'file';

export interface HeaderRow {
  readonly key: number;
  readonly name: string;
  readonly value: string;
}

export interface SendOutcome {
  readonly ok: boolean;
  readonly text: string;
  readonly at: number;
}

export interface ComposerState {
  readonly destination: string;
  readonly headers: HeaderRow[];
  readonly bodyMode: BodyMode;
  readonly bodyText: string;
  readonly file?: { name: string; size: number; base64: string };
  readonly receipt: boolean;
  readonly copies: number;
  readonly transactionId?: string;
  readonly sending: boolean;
  readonly outcome?: SendOutcome;
  readonly error?: UiError;
  readonly templates: Template[];
  readonly templatesError?: UiError;
  patch(p: Partial<Pick<ComposerState, 'destination' | 'bodyMode' | 'bodyText' | 'file' | 'receipt' | 'copies' | 'transactionId'>>): void;
  addHeader(name?: string, value?: string): void;
  setHeader(key: number, patch: Partial<Pick<HeaderRow, 'name' | 'value'>>): void;
  removeHeader(key: number): void;
  prefill(draft: { destination: string; headers: [string, string][]; body: BodyInput; textual: boolean; json: boolean }): void;
  /** Puts a preset's usual headers on a composer nobody has edited yet. */
  applyPresetDefaults(headers: readonly (readonly [string, string])[]): void;
  send(connectionId: string): Promise<void>;
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

/** Headers presets add, as `name:value`: a composer holding only these (and content-type) is still untouched. */
const PRESET_PAIRS = new Set(Object.values(PRESET_SEND_HEADERS).flatMap((list) => list.map(([name, value]) => `${name}:${value}`)));

export const useComposer = create<ComposerState>()((set, get) => ({
  destination: '',
  headers: [{ key: nextKey++, name: 'content-type', value: 'text/plain' }],
  bodyMode: 'text',
  bodyText: '',
  receipt: true,
  copies: 1,
  sending: false,
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
      outcome: undefined,
      error: undefined,
    });
  },
  async send(connectionId) {
    const s = get();
    if (s.sending) return;
    if (!s.destination.trim()) {
      set({ error: { code: 'invalid-request', message: 'a destination is required, e.g. /queue/orders' }, outcome: undefined });
      return;
    }
    const body = composeBody(s);
    if ('error' in body) {
      set({ error: { code: 'invalid-request', message: body.error }, outcome: undefined });
      return;
    }
    const headers = s.headers.filter((h) => h.name.trim()).map((h) => [h.name, h.value] as [string, string]);
    set({ sending: true, error: undefined });
    const started = performance.now();
    try {
      const result = await request('messages.send', {
        connectionId,
        destination: s.destination.trim(),
        headers,
        body: body.body,
        receipt: s.receipt,
        copies: s.copies,
        ...(s.transactionId ? { transactionId: s.transactionId } : {}),
      });
      set({ sending: false, outcome: { ok: true, text: describeSend(result, performance.now() - started, s.transactionId), at: Date.now() } });
    } catch (error) {
      set({ sending: false, error: toUiError(error), outcome: undefined });
    }
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
      outcome: undefined,
      error: undefined,
    });
  },
  async deleteTemplate(id) {
    await request('templates.delete', { id });
    set({ templates: get().templates.filter((t) => t.id !== id) });
  },
}));

function describeSend(result: { sent: number; receiptLatenciesMs: number[] }, elapsed: number, tx?: string): string {
  const what = result.sent === 1 ? 'Sent 1 message' : `Sent ${result.sent.toLocaleString()} messages`;
  const inTx = tx ? ` in transaction ${tx} (delivered on commit)` : '';
  const lat = result.receiptLatenciesMs;
  if (!lat.length) return `${what}${inTx} · no receipt asked · ${Math.round(elapsed)} ms`;
  if (lat.length === 1) return `${what}${inTx} · receipt in ${lat[0].toFixed(1)} ms`;
  const sorted = [...lat].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${what}${inTx} · ${lat.length} receipts · median ${median.toFixed(1)} ms · max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}
