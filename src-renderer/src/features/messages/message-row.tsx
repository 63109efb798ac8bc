/** One row of the message list: never the whole body, only its preview. */
import { memo } from 'react';
import type { MessageSummary } from '../../../../src-core/api';
import { formatBytes, formatTime } from '../../lib/format';
import type { ListLayout } from './columns';

const ACK_WORDS: Record<MessageSummary['ackState'], string> = {
  none: 'auto',
  pending: 'pending',
  acked: 'acked',
  nacked: 'nacked',
  stale: 'stale',
};

export const MessageRow = memo(function MessageRow({
  index,
  row,
  start,
  selected,
  focused,
  layout,
  onPick,
}: {
  index: number;
  row: MessageSummary | undefined;
  start: number;
  selected: boolean;
  focused: boolean;
  layout: ListLayout;
  onPick(index: number, mode: 'single' | 'toggle' | 'range'): void;
}) {
  const style = { transform: `translateY(${start}px)`, height: layout.rowHeight, gridTemplateColumns: layout.template };
  if (!row) {
    return (
      <div role="row" aria-rowindex={index + 2} className="msg-row is-loading" style={style} id={`msg-row-${index}`}>
        <div role="gridcell" className="muted" aria-colspan={8}>
          loading…
        </div>
      </div>
    );
  }
  const preview = row.binary ? `binary · ${formatBytes(row.size)}` : row.preview;
  return (
    <div
      role="row"
      id={`msg-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`msg-row${layout.twoLine ? ' two-line' : ''}${layout.compact ? ' compact' : ''}${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''} ack-${row.ackState}`}
      style={style}
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onPick(index, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single')}
    >
      <div role="gridcell" className="mono">
        {formatTime(row.receivedAt)}
      </div>
      <div role="gridcell" className="mono ellipsis" title={row.destination}>
        {row.destination ?? ''}
      </div>
      <div role="gridcell" className="mono ellipsis" title={row.messageId}>
        {row.messageId ?? ''}
      </div>
      <div role="gridcell" className="num">
        {formatBytes(row.size)}
      </div>
      <div role="gridcell" className="ellipsis" title={row.contentType}>
        {row.contentType ?? ''}
      </div>
      <div role="gridcell" aria-label={row.redelivered ? 'redelivered' : 'first delivery'} title={row.redelivered ? 'redelivered' : ''}>
        {row.redelivered ? '↻' : ''}
      </div>
      <div role="gridcell">
        <span className={`ack-word ack-${row.ackState}`}>{ACK_WORDS[row.ackState]}</span>
      </div>
      {/* pre: the preview's own spaces, never merged (line breaks arrive as ␊ from the host) */}
      <div role="gridcell" className={`mono ellipsis preview${row.binary ? ' muted' : ''}`} style={{ whiteSpace: 'pre' }}>
        {preview}
      </div>
    </div>
  );
});
