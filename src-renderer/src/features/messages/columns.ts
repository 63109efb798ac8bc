/**
 * The message list's columns: one template for the header and every row. A wide pane shows one
 * line per message with the body preview last; a narrow one puts the preview on a second line.
 */
export const COLUMNS = [
  { key: 'time', label: 'Time (ms)', width: '92px' },
  { key: 'destination', label: 'Destination', width: 'minmax(80px, 1.1fr)' },
  { key: 'messageId', label: 'Message ID', width: 'minmax(80px, 1.2fr)' },
  { key: 'size', label: 'Size', width: '62px' },
  { key: 'contentType', label: 'Content-type', width: 'minmax(60px, 0.8fr)' },
  { key: 'redelivered', label: 'Redelivered', width: '20px' },
  { key: 'ack', label: 'Ack', width: '56px' },
  { key: 'preview', label: 'Body', width: 'minmax(120px, 2.5fr)' },
] as const;

/** Below this width the body preview moves to a second line. */
export const TWO_LINE_BELOW = 900;

export interface ListLayout {
  readonly twoLine: boolean;
  readonly rowHeight: number;
  readonly template: string;
}

export function listLayout(width: number): ListLayout {
  const twoLine = width > 0 && width < TWO_LINE_BELOW;
  // Two lines: time · destination · message-id · size · ↻ · ack, then content-type · body (see CSS).
  if (twoLine) return { twoLine, rowHeight: 38, template: '92px minmax(60px, 1fr) minmax(60px, 1fr) 58px 16px 56px' };
  return { twoLine, rowHeight: 22, template: COLUMNS.map((c) => c.width).join(' ') };
}
