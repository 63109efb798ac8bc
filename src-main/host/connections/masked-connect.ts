/**
 * The bytes a wire log keeps of a frame, with a CONNECT's (or STOMP's) passcode masked: the log
 * shows that one was sent, never what it was. Everything else stays byte for byte; the mask has a
 * fixed length, so it does not tell the passcode's either.
 */
import { joinBytes } from '../../../src-core/protocol/join-bytes';

const MASK = new TextEncoder().encode('••••••');
const LF = 10;
const CONNECT_COMMANDS = new Set(['CONNECT', 'STOMP']);

export function maskedConnectBytes(command: string, raw: readonly Uint8Array[] | undefined): readonly Uint8Array[] | undefined {
  if (!raw || !CONNECT_COMMANDS.has(command)) return raw;
  const bytes = joinBytes(raw);
  const out: number[] = [];
  let start = 0;
  // Header lines until the blank one; CONNECT never escapes, so the name is plain bytes.
  for (;;) {
    const lf = bytes.indexOf(LF, start);
    const end = lf < 0 ? bytes.length : lf;
    const line = bytes.subarray(start, end);
    const text = new TextDecoder().decode(line);
    if (text.startsWith('passcode:')) out.push(...new TextEncoder().encode('passcode:'), ...MASK, ...(line.at(-1) === 13 ? [13] : []));
    else out.push(...line);
    if (lf < 0) break;
    out.push(LF);
    start = lf + 1;
    if (line.length === 0 || (line.length === 1 && line[0] === 13)) {
      out.push(...bytes.subarray(start));
      break;
    }
  }
  return [Uint8Array.from(out)];
}
