/**
 * Asks the host how the open message's body reads with its profile's schemas (bodies.decode), once
 * per message: the answer picks the Decoded viewer automatically when the content-type or the
 * destination mapping names a schema codec.
 */
import { useEffect } from 'react';
import { decodingFor, useSchemas, type Decoding } from '../../stores/schemas-store';

/** Bodies up to this size are decoded as soon as they are opened; larger ones when asked. */
export const AUTO_DECODE_LIMIT = 16 * 1024 * 1024;

export function useDecoding(ref: { captureId: string; seq: number } | undefined, enabled = true): Decoding | undefined {
  const captureId = ref?.captureId;
  const seq = ref?.seq;
  useEffect(() => {
    if (enabled && captureId !== undefined && seq !== undefined) void useSchemas.getState().decode({ captureId, seq });
  }, [captureId, seq, enabled]);
  return useSchemas((s) => decodingFor(s, ref));
}

/** Whether the Decoded viewer has something to show: a tree, or a schema codec's error. */
export function decodingApplies(decoding: Decoding | undefined): boolean {
  return decoding?.kind === 'tree' || decoding?.kind === 'error';
}
