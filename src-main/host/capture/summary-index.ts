/**
 * What must be known of every message without reading it, kept in memory whether the message
 * itself is in memory or spilled: where its record is, and the summary fields a list or a filter
 * by state needs. Columns of typed arrays rather than one object per message: 100k objects would
 * cost several times the bytes and GC time. Strings repeating across messages are interned.
 * The message-id and the body preview are not kept here: they are read from the record for the
 * rows on screen only (about 30 bytes a message here instead of 200; a million messages fit in
 * ~30 MB).
 */
import { ACK_STATES } from '../../../src-core/api';
import type { AckState } from './capture-types';
import { StringInterner } from './string-interner';

export interface SummaryFields {
  /** The record's offset in the capture's log (memory and file share one address space). */
  readonly logOffset: number;
  readonly receivedAt: number;
  readonly size: number;
  readonly destination?: string;
  readonly contentType?: string;
  readonly redelivered: boolean;
  /** Undefined until known: a body of up to 64 KiB is looked at when its row is first shown. */
  readonly binary: boolean | undefined;
}

const FLAG_REDELIVERED = 1;
const FLAG_BINARY = 2;
const FLAG_BINARY_KNOWN = 4;
const FIRST_CAPACITY = 64;
/** Bytes per message across all columns below. */
export const ROW_BYTES = 8 + 8 + 4 + 4 + 4 + 1 + 1;

export class SummaryIndex {
  private length = 0;
  private capacity = 0;
  private logOffsets = new Float64Array(0);
  private receivedAts = new Float64Array(0);
  private sizes = new Uint32Array(0);
  private destinations = new Uint32Array(0);
  private contentTypes = new Uint32Array(0);
  private flags = new Uint8Array(0);
  private acks = new Uint8Array(0);
  private readonly strings = new StringInterner();

  get count(): number {
    return this.length;
  }

  get memoryBytes(): number {
    return this.capacity * ROW_BYTES + this.strings.memoryBytes;
  }

  push(fields: SummaryFields): number {
    if (this.length === this.capacity) this.grow();
    const i = this.length;
    this.logOffsets[i] = fields.logOffset;
    this.receivedAts[i] = fields.receivedAt;
    this.sizes[i] = fields.size;
    this.destinations[i] = this.strings.id(fields.destination);
    this.contentTypes[i] = this.strings.id(fields.contentType);
    this.flags[i] = (fields.redelivered ? FLAG_REDELIVERED : 0) | (fields.binary === undefined ? 0 : FLAG_BINARY_KNOWN | (fields.binary ? FLAG_BINARY : 0));
    this.acks[i] = 0;
    this.length++;
    return i;
  }

  logOffset(i: number): number {
    return this.logOffsets[i];
  }

  /** Records are laid end to end, so a record ends where the next one starts (or at the log's end). */
  recordLength(i: number, logEnd: number): number {
    return (i + 1 < this.length ? this.logOffsets[i + 1] : logEnd) - this.logOffsets[i];
  }

  fields(i: number): SummaryFields {
    const flags = this.flags[i];
    return {
      logOffset: this.logOffsets[i],
      receivedAt: this.receivedAts[i],
      size: this.sizes[i],
      destination: this.strings.value(this.destinations[i]),
      contentType: this.strings.value(this.contentTypes[i]),
      redelivered: (flags & FLAG_REDELIVERED) !== 0,
      binary: flags & FLAG_BINARY_KNOWN ? (flags & FLAG_BINARY) !== 0 : undefined,
    };
  }

  /** Records what a first look at the body found. */
  setBinary(i: number, binary: boolean): void {
    this.flags[i] = (this.flags[i] & FLAG_REDELIVERED) | FLAG_BINARY_KNOWN | (binary ? FLAG_BINARY : 0);
  }

  ackState(i: number): AckState {
    return ACK_STATES[this.acks[i]];
  }

  setAckState(i: number, state: AckState): void {
    this.acks[i] = ACK_STATES.indexOf(state);
  }

  /** Every message whose state is `from` moves to `to`; returns how many did. */
  replaceAckStates(from: AckState, to: AckState): number {
    const a = ACK_STATES.indexOf(from);
    const b = ACK_STATES.indexOf(to);
    let changed = 0;
    for (let i = 0; i < this.length; i++) {
      if (this.acks[i] === a) {
        this.acks[i] = b;
        changed++;
      }
    }
    return changed;
  }

  clear(): void {
    this.length = 0;
    this.capacity = 0;
    this.logOffsets = new Float64Array(0);
    this.receivedAts = new Float64Array(0);
    this.sizes = new Uint32Array(0);
    this.destinations = new Uint32Array(0);
    this.contentTypes = new Uint32Array(0);
    this.flags = new Uint8Array(0);
    this.acks = new Uint8Array(0);
    this.strings.clear();
  }

  private grow(): void {
    // Doubling while small; past a million rows a quarter more at a time, so the columns never
    // hold a million empty rows (30 MB) beyond what the capture needs.
    const capacity = Math.max(FIRST_CAPACITY, this.capacity < 1 << 20 ? this.capacity * 2 : Math.ceil(this.capacity * 1.25));
    this.logOffsets = grown(this.logOffsets, new Float64Array(capacity));
    this.receivedAts = grown(this.receivedAts, new Float64Array(capacity));
    this.sizes = grown(this.sizes, new Uint32Array(capacity));
    this.destinations = grown(this.destinations, new Uint32Array(capacity));
    this.contentTypes = grown(this.contentTypes, new Uint32Array(capacity));
    this.flags = grown(this.flags, new Uint8Array(capacity));
    this.acks = grown(this.acks, new Uint8Array(capacity));
    this.capacity = capacity;
  }
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(old: T, next: T): T {
  (next as Uint8Array).set(old as unknown as Uint8Array);
  return next;
}
