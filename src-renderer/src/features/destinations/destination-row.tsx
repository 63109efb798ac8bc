/**
 * One destination of the overview: what this connection has seen of it, what the broker says,
 * and one click to subscribe (or show its messages), browse where the broker can, or send to it.
 */
import { useState } from 'react';
import type { BrokerDestination, BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { errorText } from '../../lib/errors';
import { formatRate, formatTime } from '../../lib/format';
import { PRESET_SUBSCRIBE_HEADERS } from '../../lib/presets';
import { useComposer } from '../../stores/composer-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { useUi } from '../../stores/ui-store';
import type { DestinationEntry } from './destination-tree';

export interface DestinationRowProps {
  readonly entry: DestinationEntry;
  readonly connection: ConnectionView;
  readonly preset: BrokerPreset | undefined;
  readonly browsable: boolean;
  /** Why the broker gives no figure for this row (e.g. RabbitMQ topics), shown on hover. */
  readonly noFigures: string | undefined;
  readonly onError: (message: string | undefined) => void;
}

export function DestinationRow({ entry, connection, preset, browsable, noFigures, onError }: DestinationRowProps) {
  const { destination, seen, broker } = entry;
  const [busy, setBusy] = useState(false);
  const connected = connection.state === 'connected';
  const subscription = entry.subscriptions.find((s) => !s.browse);
  const last = Math.max(seen?.lastInAt ?? 0, seen?.lastOutAt ?? 0);

  const act = async (what: string, run: () => Promise<unknown>) => {
    setBusy(true);
    onError(undefined);
    try {
      await run();
    } catch (error) {
      onError(`${what} ${destination} failed: ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };
  const subscribe = (browse: boolean) =>
    act(browse ? 'Browsing' : 'Subscribing to', () =>
      useSubscriptions.getState().add({
        connectionId: connection.id,
        destination,
        ack: 'client-individual',
        browse,
        headers: PRESET_SUBSCRIBE_HEADERS[preset ?? 'generic'].map(([n, v]) => [n, v] as [string, string]),
      }),
    );
  const send = () => {
    useComposer.getState().patch({ destination });
    useUi.getState().setDock(true, 'composer');
  };

  return (
    <tr>
      <th scope="row" className="dest-name">
        <span className="mono" title={destination}>
          {destination}
        </span>
        {subscription ? <span className={`badge ${subscription.paused ? 'badge-paused' : 'dest-subscribed'}`}>{subscription.paused ? 'paused' : 'subscribed'}</span> : null}
        {!seen && broker ? <span className="badge dest-broker-only">on the broker</span> : null}
      </th>
      <td>
        <span className="row-actions">
          {subscription ? (
            <button type="button" className="small" aria-label={`Show messages of ${destination}`} onClick={() => useSubscriptions.getState().select(connection.id, subscription.captureId)}>
              Show
            </button>
          ) : (
            <button type="button" className="small" aria-label={`Subscribe to ${destination}`} disabled={!connected || busy} onClick={() => void subscribe(false)}>
              Subscribe
            </button>
          )}
          {browsable ? (
            <button type="button" className="small" aria-label={`Browse ${destination}`} title="Read the queue without consuming it" disabled={!connected || busy} onClick={() => void subscribe(true)}>
              Browse
            </button>
          ) : null}
          <button type="button" className="small" aria-label={`Send to ${destination}`} title="Open the composer with this destination" onClick={send}>
            Send
          </button>
        </span>
      </td>
      <td className="num mono">{seen ? seen.messagesIn.toLocaleString() : '—'}</td>
      <td className="num mono">{seen ? seen.messagesOut.toLocaleString() : '—'}</td>
      <td className="mono">{last ? formatTime(last) : '—'}</td>
      <td className="num mono">{seen ? `${formatRate(seen.rateIn)} · ${formatRate(seen.rateOut)}` : '—'}</td>
      <Figure value={broker?.depth} why={broker ? undefined : noFigures} />
      <Figure value={broker?.ready} why={broker ? undefined : noFigures} />
      <Figure value={broker?.unacked} why={broker ? undefined : noFigures} />
      <Figure value={broker?.consumers} why={broker ? undefined : noFigures} />
      <td className="mono dest-broker-flow">{brokerFlow(broker)}</td>
    </tr>
  );
}

function Figure({ value, why }: { value: number | undefined; why: string | undefined }) {
  return (
    <td className="num mono" title={value === undefined ? why : undefined}>
      {value === undefined ? '—' : value.toLocaleString()}
    </td>
  );
}

/** What went through it as the broker counts: messages ever in and out (ActiveMQ, sandbox) or rates (RabbitMQ). */
function brokerFlow(b: BrokerDestination | undefined): string {
  if (!b) return '—';
  if (b.enqueued !== undefined) return `${b.enqueued.toLocaleString()} in${b.dequeued !== undefined ? ` · ${b.dequeued.toLocaleString()} out` : ''}`;
  if (b.publishRate !== undefined || b.deliverRate !== undefined) return `${formatRate(b.publishRate ?? 0)} in · ${formatRate(b.deliverRate ?? 0)} out`;
  return '—';
}
