/** The one JSON shape the CLI prints for frames, heart-beats, diagnostics and errors (one per line). */
import type { ParsedFrame } from '../protocol/frame';
import type { ParseEvent } from '../protocol/parser';

export function frameJson(frame: Pick<ParsedFrame, 'command' | 'headers' | 'body'> & { framing?: ParsedFrame['framing'] }): string {
  return JSON.stringify({ type: 'frame', ...frameFields(frame) });
}

/** The frame's fields of that line, for commands that print more around them (proxy, replay). */
export function frameFields(frame: Pick<ParsedFrame, 'command' | 'headers' | 'body'> & { framing?: ParsedFrame['framing'] }) {
  return {
    command: frame.command,
    headers: frame.headers,
    body: Buffer.from(frame.body.buffer, frame.body.byteOffset, frame.body.byteLength).toString('base64'),
    framing: frame.framing ?? 'content-length',
  };
}

export function eventJson(event: ParseEvent): string {
  switch (event.type) {
    case 'frame':
      return frameJson(event.frame);
    case 'heartbeat':
      return JSON.stringify({ type: 'heartbeat', offset: event.offset });
    case 'diagnostic':
      return JSON.stringify({ type: 'diagnostic', ...event.diagnostic });
  }
}

export function errorJson(offset: number, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'error', offset, message, ...extra });
}
