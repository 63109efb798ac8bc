/**
 * Admission of WebSocket messages against the in-flight budget *before* they are received: ws
 * buffers a whole message before emitting it, so six concurrent 150 MB requests held ~1 GB in
 * ws's buffers alone however soon they were refused. Here every byte from the socket passes
 * through a small frame-header reader first; a data frame that starts a message reserves its
 * declared size from the budget and goes on to ws, or, when the budget has no room, is read and
 * dropped without being buffered: the caller answers it `busy` under the id found in its first
 * bytes. The reservation is released when the message has been answered.
 *
 * It sits in front of ws's own 'data' listener (the one that feeds ws's receiver): that listener
 * is taken off the socket and called from here with exactly the bytes of admitted frames. Our
 * listener carries ws's as `.listener`, so ws's own removeListener at close still detaches it.
 */
import type { Duplex } from 'node:stream';
import type { InFlightBudget } from './in-flight-budget';

export interface FrameAdmissionOptions {
  readonly budget: InFlightBudget;
  /** ws's maxPayload: a larger frame is left to ws, which closes the connection (1009) on its header alone. */
  readonly maxPayload: number;
  /**
   * A message refused unread: the start of its payload (unmasked, up to 200 bytes) and its size
   * (for a fragmented message, the size declared so far). Called as soon as that start is in,
   * while the rest is still arriving.
   */
  onRefused(start: Buffer, bytes: number): void;
  /** A later fragment of an admitted message found no room: only closing the connection is left. */
  onOverflow(): void;
}

export interface FrameAdmission {
  /** The reservation of the next message ws emits (in order); release it once the message is answered. */
  nextMessageReservation(): number;
  /** Releases what is still reserved for messages that never completed (the connection is gone). */
  dispose(): void;
}

const PEEK_BYTES = 200;
type DataListener = ((chunk: Buffer) => void) & { listener?: unknown };

/** Puts admission in front of ws on an upgraded socket; call it in handleUpgrade's callback. */
export function admitFrames(socket: Duplex, options: FrameAdmissionOptions): FrameAdmission {
  const listeners = socket.listeners('data') as DataListener[];
  if (listeners.length !== 1) throw new Error(`expected ws's one 'data' listener on the upgraded socket, found ${listeners.length}`);
  const feed = listeners[0]!;
  const { budget, maxPayload } = options;

  let header: Buffer = Buffer.alloc(0);
  let inPayload = false;
  let remaining = 0; // payload bytes left in the current frame
  let overflowed = false; // the connection is being closed: nothing more reaches ws
  let forwarding = true; // the current frame goes to ws (else it is dropped)
  let refusing = false; // the current message was refused: drop its fragments too
  let refusedBytes = 0;
  let peek: { mask: Buffer; parts: Buffer[]; have: number; want: number } | undefined;
  let partial = 0; // reserved for the admitted message whose last fragment is still to come
  const complete: number[] = []; // reservations of messages whose last frame ws is getting
  let finishesMessage = false;

  const decide = (frame: Buffer): void => {
    const fin = (frame[0]! & 0x80) !== 0;
    const opcode = frame[0]! & 0x0f;
    const length = payloadLength(frame);
    const maskOffset = headerLength(frame) - 4;
    finishesMessage = false;
    forwarding = true;
    if (opcode >= 0x8 || length > maxPayload) return; // control frames; oversize frames are ws's to refuse
    if (opcode === 0x0 && refusing) {
      forwarding = false;
      refusedBytes += length;
      finishesMessage = fin;
      return;
    }
    if (!budget.tryTake(length)) {
      if (opcode === 0x0) {
        overflowed = true;
        forwarding = false;
        options.onOverflow();
        return;
      }
      forwarding = false;
      refusing = true;
      refusedBytes = length;
      peek = { mask: frame.subarray(maskOffset, maskOffset + 4), parts: [], have: 0, want: Math.min(PEEK_BYTES, length) };
      finishesMessage = fin;
      return;
    }
    partial += length;
    if (fin) {
      // Queued before ws sees the frame's last byte: ws emits the message synchronously on it.
      complete.push(partial);
      partial = 0;
    }
  };

  /** Answers the refused message once its start is in (or its first frame is over). */
  const answerRefused = (): void => {
    if (peek === undefined) return;
    const start = unmask(Buffer.concat(peek.parts), peek.mask);
    peek = undefined;
    options.onRefused(start, refusedBytes);
  };

  const endFrame = (): void => {
    if (!refusing) return;
    answerRefused();
    if (finishesMessage) refusing = false;
  };

  const onData: DataListener = (chunk: Buffer) => {
    if (overflowed) return;
    let offset = 0;
    while (offset < chunk.length && !overflowed) {
      if (!inPayload) {
        const need = header.length < 2 ? 2 : headerLength(header);
        const take = Math.min(need - header.length, chunk.length - offset);
        header = Buffer.concat([header, chunk.subarray(offset, offset + take)]);
        offset += take;
        if (header.length < 2 || header.length < headerLength(header)) continue;
        const frame = header;
        header = Buffer.alloc(0);
        decide(frame);
        if (forwarding) feed.call(socket, frame);
        remaining = payloadLength(frame);
        inPayload = remaining > 0;
        if (!inPayload) endFrame();
        continue;
      }
      const n = Math.min(remaining, chunk.length - offset);
      const part = chunk.subarray(offset, offset + n);
      offset += n;
      remaining -= n;
      if (forwarding) feed.call(socket, part);
      else if (peek !== undefined) {
        const kept = part.subarray(0, peek.want - peek.have);
        peek.parts.push(Buffer.from(kept));
        peek.have += kept.length;
        if (peek.have >= peek.want) answerRefused();
      }
      if (remaining === 0) {
        inPayload = false;
        endFrame();
      }
    }
  };
  onData.listener = feed; // ws's removeListener('data', its own) removes ours
  socket.removeListener('data', feed);
  socket.on('data', onData);

  return {
    nextMessageReservation: () => complete.shift() ?? 0,
    dispose() {
      for (const bytes of complete.splice(0)) budget.release(bytes);
      budget.release(partial);
      partial = 0;
    },
  };
}

/** 2 bytes, then 2 or 8 of extended length, then 4 of mask when masked (clients always mask). */
function headerLength(frame: Buffer): number {
  const len7 = frame[1]! & 0x7f;
  const masked = (frame[1]! & 0x80) !== 0;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
}

function payloadLength(frame: Buffer): number {
  const len7 = frame[1]! & 0x7f;
  if (len7 === 126) return frame.readUInt16BE(2);
  if (len7 === 127) {
    const length = frame.readBigUInt64BE(2);
    return length > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(length);
  }
  return len7;
}

function unmask(data: Buffer, mask: Buffer): Buffer {
  if (mask.length !== 4) return data;
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ mask[i & 3]!;
  return out;
}
