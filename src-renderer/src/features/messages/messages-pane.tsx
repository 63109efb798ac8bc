/** The middle pane: the filter, the follow switch, the list, and what to do when it is empty. */
import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { plural } from '../../lib/format';
import { useMessages } from '../../stores/messages-store';
import { FilterBox } from './filter-box';
import { MessageGrid } from './message-grid';

export function MessagesPane({ captureId, destination, waitingHint }: { captureId: string | undefined; destination?: string; waitingHint?: string }) {
  useEffect(() => useMessages.getState().open(captureId), [captureId]);
  const total = useMessages((s) => s.total);
  const filter = useMessages((s) => s.filter);
  const follow = useMessages((s) => s.follow);
  const selected = useMessages((s) => s.selected.size);
  const listError = useMessages((s) => s.listError);
  const filterError = useMessages((s) => s.filterError);

  return (
    <section className="pane msgs-pane" aria-labelledby="msgs-h" data-pane="messages" tabIndex={-1}>
      <div className="pane-toolbar">
        <h2 className="pane-title" id="msgs-h">
          Messages
        </h2>
        <span className="muted" role="status" aria-live="off">
          {filter ? `${plural(total, 'match', 'matches')}` : plural(total, 'message')}
          {selected > 1 ? ` · ${selected} selected` : ''}
        </span>
        <FilterBox />
        <label className="check" title="Scroll to each new message">
          <input type="checkbox" checked={follow} onChange={(e) => useMessages.getState().setFollow(e.target.checked)} /> Follow
        </label>
      </div>
      <ErrorText error={listError} />
      {!captureId ? (
        <EmptyState title="No destination chosen">
          <p>Subscribe to a destination on the left, then pick it to see its messages here.</p>
        </EmptyState>
      ) : total === 0 && !filter ? (
        <EmptyState title={`Waiting for messages on ${destination ?? 'this destination'}…`}>
          <p>{waitingHint ?? 'send one from the composer below.'}</p>
        </EmptyState>
      ) : filterError ? (
        <EmptyState title="The filter is not valid">
          <p>Fix it above (the problem is under the box), or press Esc in the box to clear it.</p>
        </EmptyState>
      ) : total === 0 && filter ? (
        <EmptyState title="No message matches the filter">
          <p>
            Filter: <code>{filter}</code>. Plain text searches headers and body; <code>re:</code> a regex; <code>header:value</code> one header.
          </p>
        </EmptyState>
      ) : (
        <MessageGrid />
      )}
    </section>
  );
}
