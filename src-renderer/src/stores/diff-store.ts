/**
 * The diff dialog's state: the two things compared, and what comparing them found. Headers are
 * compared at once; the body byte by byte in pages (progress as it goes, stopped when the dialog
 * closes or the sides change); as text (jsdiff, off the main path, given up when too slow) and as
 * JSON when both parse, on the body's first HEAD_BYTES.
 */
import { create } from 'zustand';
import { diffLines, type Change } from 'diff';
import { diffHeaders, type HeaderDiff } from '../features/diff/header-diff';
import { diffBodies, type HexDiff } from '../features/diff/hex-diff';
import { diffJson, type JsonDiff } from '../features/diff/json-diff';
import { HEAD_BYTES, loadSide, type DiffSide, type SideRef } from '../features/diff/diff-sources';
import { toUiError, type UiError } from '../lib/errors';

/** Text diffs look at this much of each body; more is left to the hex diff. */
export const TEXT_BYTES = 256 * 1024;
const TEXT_TIMEOUT_MS = 1500;

export type TextResult = { readonly kind: 'diff'; readonly changes: readonly Change[]; readonly cut: boolean } | { readonly kind: 'none'; readonly why: string };
export type JsonResult = { readonly kind: 'diff'; readonly diff: JsonDiff } | { readonly kind: 'none'; readonly why: string };

export interface DiffState {
  readonly open: boolean;
  readonly left?: SideRef;
  readonly right?: SideRef;
  readonly sides?: { readonly left: DiffSide; readonly right: DiffSide };
  readonly loading: boolean;
  readonly error?: UiError;
  readonly headers?: HeaderDiff;
  readonly hex?: HexDiff;
  readonly text?: TextResult;
  readonly json?: JsonResult;
  show(left: SideRef | undefined, right: SideRef | undefined): void;
  setRight(right: SideRef | undefined): void;
  swap(): void;
  close(): void;
}

let run = 0;
let abort: AbortController | undefined;

export const useDiff = create<DiffState>()((set, get) => {
  async function compare(): Promise<void> {
    const { left, right } = get();
    abort?.abort();
    const mine = ++run;
    const current = () => mine === run;
    set({ sides: undefined, headers: undefined, hex: undefined, text: undefined, json: undefined, error: undefined, loading: !!(left && right) });
    if (!left || !right) return;
    try {
      const [l, r] = await Promise.all([loadSide(left), loadSide(right)]);
      if (!current()) return;
      set({ sides: { left: l, right: r }, headers: diffHeaders(l.headers, r.headers), json: jsonOf(l, r), loading: false });
      void textOf(l, r).then((text) => current() && set({ text }));
      abort = new AbortController();
      const hex = await diffBodies(l, r, { signal: abort.signal, onProgress: (h) => current() && set({ hex: h }) });
      if (current()) set({ hex });
    } catch (error) {
      if (current()) set({ error: toUiError(error), loading: false });
    }
  }

  return {
    open: false,
    loading: false,
    show(left, right) {
      set({ open: true, left, right });
      void compare();
    },
    setRight(right) {
      set({ right });
      void compare();
    },
    swap() {
      set({ left: get().right, right: get().left });
      void compare();
    },
    close() {
      abort?.abort();
      run++;
      set({ open: false, sides: undefined, headers: undefined, hex: undefined, text: undefined, json: undefined, error: undefined, loading: false });
    },
  };
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

function textOf(l: DiffSide, r: DiffSide): Promise<TextResult> {
  const a = decode(l.head.subarray(0, TEXT_BYTES));
  const b = decode(r.head.subarray(0, TEXT_BYTES));
  if (a === undefined || b === undefined) return Promise.resolve({ kind: 'none', why: `${a === undefined ? l.label : r.label} is not UTF-8 text: see the hex diff` });
  const cut = l.size > TEXT_BYTES || r.size > TEXT_BYTES;
  return new Promise((resolve) => {
    // Async mode with a time limit: jsdiff gives up (undefined) rather than freeze the UI.
    diffLines(a, b, {
      timeout: TEXT_TIMEOUT_MS,
      callback: (changes) => resolve(changes ? { kind: 'diff', changes, cut } : { kind: 'none', why: 'the texts differ too much to diff quickly: see the hex diff' }),
    });
  });
}

function jsonOf(l: DiffSide, r: DiffSide): JsonResult {
  if (l.size > HEAD_BYTES || r.size > HEAD_BYTES) return { kind: 'none', why: `a body over ${HEAD_BYTES / 1024 / 1024} MiB is not compared as JSON` };
  const a = parse(l.head);
  const b = parse(r.head);
  if (a === undefined || b === undefined) return { kind: 'none', why: `${a === undefined ? l.label : r.label} is not JSON` };
  return { kind: 'diff', diff: diffJson(a.value, b.value) };
}

function decode(bytes: Uint8Array): string | undefined {
  try {
    // A cut in the middle of a character is not a reason to call it binary.
    return utf8.decode(bytes.subarray(0, trimPartial(bytes)));
  } catch {
    return undefined;
  }
}

/** The length without a trailing incomplete UTF-8 sequence. */
function trimPartial(bytes: Uint8Array): number {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? end - back : end;
    }
  }
  return end;
}

function parse(bytes: Uint8Array): { value: unknown } | undefined {
  const text = decode(bytes);
  if (text === undefined || !/^\s*[[{"\d\-tfn]/.test(text)) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
