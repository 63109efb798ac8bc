/**
 * What a diff compares: a captured message (headers from messages.get, the body read in pages
 * with messages.bodyPage, so a large body never crosses the bridge whole), a composer template
 * (its destination as the header a SEND carries, its headers, its body) or a raw template.
 */
import type { Template } from '../../../../src-core/api';
import type { RawTemplate } from '../../../../src-core/api/schemas/raw';
import { request } from '../../api-client';
import { base64ToBytes, parseHex } from '../../lib/bytes';
import type { BodyReader } from './hex-diff';

export interface DiffSide extends BodyReader {
  /** How the UI names it: "message #12 (/queue/orders)", "template order". */
  readonly label: string;
  readonly command: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The body's start (all of it when small): for the text and JSON views. */
  readonly head: Uint8Array;
}

export type SideRef =
  | { readonly kind: 'message'; readonly captureId: string; readonly seq: number }
  | { readonly kind: 'template'; readonly template: Template }
  | { readonly kind: 'raw-template'; readonly template: RawTemplate };

/** The body start fetched with the headers; text and JSON diffs look at this much. */
export const HEAD_BYTES = 1024 * 1024;

export async function loadSide(ref: SideRef): Promise<DiffSide> {
  if (ref.kind === 'message') return messageSide(ref.captureId, ref.seq);
  if (ref.kind === 'template') {
    const t = ref.template;
    const body = t.body.encoding === 'text' ? new TextEncoder().encode(t.body.text) : base64ToBytes(t.body.base64);
    return inMemory(`template ${t.name}`, 'SEND', [['destination', t.destination], ...t.headers], body);
  }
  const t = ref.template;
  const b = t.recipe.body;
  let body: Uint8Array;
  if (b.kind === 'text') body = new TextEncoder().encode(b.text);
  else if (b.kind === 'base64') body = base64ToBytes(b.base64);
  else {
    const parsed = parseHex(b.hex);
    if ('error' in parsed) throw new Error(`raw template ${t.name}: its hex body is not valid (${parsed.error})`);
    body = parsed.bytes;
  }
  return inMemory(`raw template ${t.name}`, t.recipe.command, t.recipe.headers, body);
}

export function refLabel(ref: SideRef): string {
  return ref.kind === 'message' ? `message #${ref.seq}` : ref.kind === 'template' ? `template ${ref.template.name}` : `raw template ${ref.template.name}`;
}

async function messageSide(captureId: string, seq: number): Promise<DiffSide> {
  const { message } = await request('messages.get', { captureId, seq, bodyLimit: HEAD_BYTES });
  const head = base64ToBytes(message.bodyBase64);
  const size = message.bodySize ?? head.length;
  return {
    label: `message #${seq}${message.destination ? ` (${message.destination})` : ''}`,
    command: message.command,
    headers: message.headers,
    head,
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (end <= head.length) return head.subarray(offset, end);
      const page = await request('messages.bodyPage', { captureId, seq, offset, length: end - offset });
      return base64ToBytes(page.base64);
    },
  };
}

function inMemory(label: string, command: string, headers: readonly (readonly [string, string])[], body: Uint8Array): DiffSide {
  return { label, command, headers, head: body.subarray(0, HEAD_BYTES), size: body.length, read: async (offset, length) => body.subarray(offset, Math.min(body.length, offset + length)) };
}

