/** The message list's columns: one template for the header and every row. */
export const COLUMNS = [
  { key: 'time', label: 'Time', width: '92px' },
  { key: 'destination', label: 'Destination', width: 'minmax(90px, 1.1fr)' },
  { key: 'messageId', label: 'Message ID', width: 'minmax(90px, 1.2fr)' },
  { key: 'size', label: 'Size', width: '64px' },
  { key: 'contentType', label: 'Content-type', width: 'minmax(70px, 0.8fr)' },
  { key: 'redelivered', label: 'Redelivered', width: '28px' },
  { key: 'ack', label: 'Ack', width: '62px' },
  { key: 'preview', label: 'Body', width: 'minmax(120px, 2.5fr)' },
] as const;

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');
export const ROW_HEIGHT = 22;
