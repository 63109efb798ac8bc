/**
 * What the message list needs of every message, kept in memory whether the message itself is in
 * memory or spilled: where its record is, and its summary fields. Columns of typed arrays rather
 * than one object per message: 100k objects would cost several times the bytes and GC time.
 * Strings repeating across messages are interned; message-ids and previews live in a byte arena.
 */
import { ACK_STATES } from '../../../src-core/api';
import { ByteArena } from './byte-arena';
import type { AckState } from './capture-types';
import { StringInterner } from './string-interner';

export interface SummaryFields {
  /** The record's offset in the capture's log (memory and file share one address space). */
  readonly logOffset: number;
  readonly receivedAt: number;
  readonly size: number;
  readonly destination?: string;
  readonly messageId?: string;
  readonly contentType?: string;
  readonly redelivered: boolean;
  readonly binary: boolean;
  readonly preview: string;
}

const FLAG_REDELIVERED = 1;
const FLAG_BINARY = 2;
const FIRST_CAPACITY = 64;
/** Bytes per message across all columns below. */
const ROW_BYTES = 8 + 8 + 4 + 4 + 4 + 8 + 4 + 2 + 1 + 1;

export class SummaryIndex {
  private length = 0;
  private capacity = 0;
  private logOffsets = new Float64Array(0);
  private receivedAts = new Float64Array(0);
  private sizes = new Uint32Array(0);
  private destinations = new Uint32Array(0);
  private contentTypes = new Uint32Array(0);
  /** Arena address of the message-id followed by the preview. */
  private textAddresses = new Float64Array(0);
  /** -1 when the message has no message-id header. */
  private idLengths = new Int32Array(0);
  private previewLengths = new Uint16Array(0);
  private flags = new Uint8Array(0);
  private acks = new Uint8Array(0);
  private readonly arena = new ByteArena();
  private readonly strings = new StringInterner();

  get count(): number {
    return this.length;
  }

  get memoryBytes(): number {
    return this.capacity * ROW_BYTES + this.arena.memoryBytes + this.strings.memoryBytes;
  }

  push(fields: SummaryFields): number {
    if (this.length === this.capacity) this.grow();
    const i = this.length;
    const idBytes = fields.messageId === undefined ? 0 : Buffer.byteLength(fields.messageId, 'utf8');
    const previewBytes = Buffer.byteLength(fields.preview, 'utf8');
    const slot = this.arena.reserve(idBytes + previewBytes);
    if (idBytes > 0) slot.buf.write(fields.messageId as string, slot.at, idBytes, 'utf8');
    if (previewBytes > 0) slot.buf.write(fields.preview, slot.at + idBytes, previewBytes, 'utf8');
    this.logOffsets[i] = fields.logOffset;
    this.receivedAts[i] = fields.receivedAt;
    this.sizes[i] = fields.size;
    this.destinations[i] = this.strings.id(fields.destination);
    this.contentTypes[i] = this.strings.id(fields.contentType);
    this.textAddresses[i] = slot.address;
    this.idLengths[i] = fields.messageId === undefined ? -1 : idBytes;
    this.previewLengths[i] = previewBytes;
    this.flags[i] = (fields.redelivered ? FLAG_REDELIVERED : 0) | (fields.binary ? FLAG_BINARY : 0);
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
    const address = this.textAddresses[i];
    const idLength = this.idLengths[i];
    const idBytes = Math.max(0, idLength);
    const flags = this.flags[i];
    return {
      logOffset: this.logOffsets[i],
      receivedAt: this.receivedAts[i],
      size: this.sizes[i],
      destination: this.strings.value(this.destinations[i]),
      messageId: idLength < 0 ? undefined : this.arena.text(address, idBytes),
      contentType: this.strings.value(this.contentTypes[i]),
      redelivered: (flags & FLAG_REDELIVERED) !== 0,
      binary: (flags & FLAG_BINARY) !== 0,
      preview: this.arena.text(address + idBytes, this.previewLengths[i]),
    };
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
    this.textAddresses = new Float64Array(0);
    this.idLengths = new Int32Array(0);
    this.previewLengths = new Uint16Array(0);
    this.flags = new Uint8Array(0);
    this.acks = new Uint8Array(0);
    this.arena.clear();
    this.strings.clear();
  }

  private grow(): void {
    const capacity = Math.max(FIRST_CAPACITY, this.capacity * 2);
    this.logOffsets = grown(this.logOffsets, new Float64Array(capacity));
    this.receivedAts = grown(this.receivedAts, new Float64Array(capacity));
    this.sizes = grown(this.sizes, new Uint32Array(capacity));
    this.destinations = grown(this.destinations, new Uint32Array(capacity));
    this.contentTypes = grown(this.contentTypes, new Uint32Array(capacity));
    this.textAddresses = grown(this.textAddresses, new Float64Array(capacity));
    this.idLengths = grown(this.idLengths, new Int32Array(capacity));
    this.previewLengths = grown(this.previewLengths, new Uint16Array(capacity));
    this.flags = grown(this.flags, new Uint8Array(capacity));
    this.acks = grown(this.acks, new Uint8Array(capacity));
    this.capacity = capacity;
  }
}

function grown<T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(old: T, next: T): T {
  (next as Uint8Array).set(old as unknown as Uint8Array);
  return next;
}
