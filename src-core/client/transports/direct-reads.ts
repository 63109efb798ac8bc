/**
 * The read side shared by the TCP and TLS transports: node:net's `onread` (node:tls passes it on)
 * reads into slabs (ReadSlab) and hands each read straight to the transport, past the stream
 * machinery, which may hold the next read back (ReadCoalescing). Also the socket's write
 * high-water mark, so both open their sockets alike.
 */
import { ReadCoalescing, READ_COALESCING_DEFAULTS } from './read-coalescing';
import { ReadSlab } from './read-slab';
import { SlabRecycler } from './slab-recycler';
import type { SocketTransport } from './socket-transport';

/**
 * How much a socket buffers before writers are asked to wait. Node's 16 KiB default made every
 * 64 KiB body a syscall and a wait of its own; 4 MiB lets a publish loop hand the kernel dozens
 * at once (client CPU for 10k × 64 KiB published to RabbitMQ: 0.37 s → 0.15 s, median of the
 * client benchmark), and still bounds what one connection holds.
 */
export const WRITE_HIGH_WATER_MARK = 4 * 1024 * 1024;

export interface DirectReads {
  /** For `net.connect` / `tls.connect`. */
  readonly onread: { buffer: () => Uint8Array; callback: (count: number, room: Uint8Array) => boolean };
  readonly highWaterMark: number;
  readonly coalescing: ReadCoalescing;
  /** The transport the reads go to; set before the socket can read. */
  attach(transport: SocketTransport): void;
  /** Reuse read memory below stream offset `heldFrom()` (see Transport.lendReads). */
  lend(heldFrom: () => number): void;
}

export function directReads(readCoalesceMs: number | undefined): DirectReads {
  const slab = new ReadSlab();
  let target: SocketTransport | null = null;
  return {
    onread: {
      buffer: () => slab.room(),
      callback: (count, room) => {
        const bytes = slab.take(room, count);
        // Never null here: the transport attaches right after connect(), and reads begin once connected.
        return target!.received(bytes);
      },
    },
    highWaterMark: WRITE_HIGH_WATER_MARK,
    coalescing: new ReadCoalescing({ ...READ_COALESCING_DEFAULTS, windowMs: readCoalesceMs ?? READ_COALESCING_DEFAULTS.windowMs }),
    attach: (transport) => (target = transport),
    lend: (heldFrom) => slab.recycleWith(new SlabRecycler(heldFrom)),
  };
}
