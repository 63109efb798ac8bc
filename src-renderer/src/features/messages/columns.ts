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
/** Below this width the message ID leaves the visible columns (it stays in the row for assistive technology and in the inspector). */
export const COMPACT_BELOW = 400;

export interface ListLayout {
  readonly twoLine: boolean;
  /** Two lines without the message-ID column (see CSS `.compact`). */
  readonly compact: boolean;
  readonly rowHeight: number;
  readonly template: string;
  /** The narrowest the columns go; a narrower pane scrolls sideways. */
  readonly minWidth: number;
}

/** Row padding 8 px each side; column gap 8 px (6 px compact), as in features.css. */
function minWidthOf(mins: number[], gap: number, padding: number): number {
  return mins.reduce((a, b) => a + b, 0) + gap * (mins.length - 1) + padding * 2;
}

export function listLayout(width: number): ListLayout {
  const twoLine = width > 0 && width < TWO_LINE_BELOW;
  const compact = width > 0 && width < COMPACT_BELOW;
  // Compact: time · destination · size · ↻ · ack, then content-type · body (see CSS).
  if (compact) return { twoLine, compact, rowHeight: 38, template: '88px minmax(44px, 1fr) 54px 14px 54px', minWidth: minWidthOf([88, 44, 54, 14, 54], 6, 6) };
  // Two lines: time · destination · message-id · size · ↻ · ack, then content-type · body (see CSS).
  if (twoLine) return { twoLine, compact, rowHeight: 38, template: '92px minmax(60px, 1fr) minmax(60px, 1fr) 58px 16px 56px', minWidth: minWidthOf([92, 60, 60, 58, 16, 56], 8, 8) };
  return { twoLine, compact, rowHeight: 22, template: COLUMNS.map((c) => c.width).join(' '), minWidth: minWidthOf([92, 80, 80, 62, 60, 20, 56, 120], 8, 8) };
}
