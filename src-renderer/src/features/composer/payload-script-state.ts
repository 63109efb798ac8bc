/** The composer's payload script: its source, how many messages, the preview of the first ones. */
import { create } from 'zustand';
import type { BuiltMessageView } from '../../../../src-core/api';
import { request } from '../../api-client';
import { toUiError, type UiError } from '../../lib/errors';
import { useComposer } from '../../stores/composer-store';
import { useSends } from '../../stores/sends-store';

export const EXAMPLE_SCRIPT = `(i, ctx) => ({
  body: JSON.stringify({ orderId: i + 1, of: ctx.count, at: new Date(ctx.now).toISOString(), amount: Math.round(Math.random() * 10000) / 100 }),
  headers: { 'content-type': 'application/json', 'x-seq': i },
})`;
/** Above this a scripted send asks first, as the composer does for copies. */
export const CONFIRM_SCRIPTED = 1_000;

export interface PayloadScriptState {
  readonly open: boolean;
  readonly source: string;
  readonly countText: string;
  readonly preview?: BuiltMessageView[];
  readonly error?: UiError;
  readonly previewing: boolean;
  readonly confirming: boolean;
  patch(p: Partial<Pick<PayloadScriptState, 'open' | 'source' | 'countText' | 'confirming'>>): void;
  runPreview(): Promise<void>;
  send(connectionId: string): Promise<void>;
}

export function countProblem(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 100_000) return `Messages must be a whole number from 1 to 100,000${t ? ` (not “${t}”)` : ''}.`;
  return undefined;
}

export const usePayloadScript = create<PayloadScriptState>()((set, get) => ({
  open: false,
  source: EXAMPLE_SCRIPT,
  countText: '10',
  previewing: false,
  confirming: false,
  patch: (p) => set({ ...p, ...(p.source !== undefined || p.countText !== undefined ? { preview: undefined, error: undefined, confirming: false } : {}) }),
  async runPreview() {
    const { source, countText } = get();
    const total = countProblem(countText) ? 1 : Number(countText);
    const destination = useComposer.getState().destination.trim() || '/queue/preview';
    set({ previewing: true, error: undefined });
    try {
      const { messages } = await request('scripts.preview', { source, destination, count: Math.min(5, total), total });
      if (get().source === source) set({ preview: messages, previewing: false });
    } catch (error) {
      set({ error: toUiError(error), preview: undefined, previewing: false });
    }
  },
  async send(connectionId) {
    const { source, countText } = get();
    if (countProblem(countText)) return;
    const count = Number(countText);
    if (count > CONFIRM_SCRIPTED && !get().confirming) return set({ confirming: true });
    set({ confirming: false, error: undefined });
    const composer = useComposer.getState();
    const destination = composer.destination.trim();
    if (!destination) return set({ error: { code: 'invalid-request', message: 'Give a destination above first.' } });
    const headers = composer.headers.filter((h) => h.name !== '' && h.name.toLowerCase() !== 'content-type').map((h) => [h.name, h.value] as [string, string]);
    const tx = composer.transactionId;
    await useSends
      .getState()
      .run(connectionId, `${count.toLocaleString()} scripted message${count === 1 ? '' : 's'} to ${destination}`, (operationId) =>
        request('scripts.send', { connectionId, operationId, destination, source, count, receipt: composer.receipt, headers, ...(tx ? { transactionId: tx } : {}) }),
      { transactionId: tx, origin: 'composer' })
      .catch((error: unknown) => set({ error: toUiError(error) }));
  },
}));
