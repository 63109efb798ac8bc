/**
 * The Destinations dock tab: every destination this connection has seen, and every one the broker
 * reports, grouped by kind, with counts, last message time and rate, the broker's depth,
 * consumers and unacked messages where it says, and one click to subscribe, browse or send.
 */
import { useEffect, useMemo, useState } from 'react';
import type { BrokerInfo, BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { formatTime } from '../../lib/format';
import { useDestinations } from '../../stores/destinations-store';
import { useStats } from '../../stores/stats-store';
import { DestinationRow } from './destination-row';
import { buildTree, type DestinationGroupKind } from './destination-tree';
import { ManagementUrlForm } from './management-url-form';
import './destinations.css';

const REFRESH_MS = 5000;
/** Rows drawn per group at most (a broker with thousands of queues stays quick); the filter narrows the rest. */
const SHOWN_PER_GROUP = 200;
const SOURCE_LABEL: Record<BrokerInfo['source'], string> = {
  'rabbitmq-management': 'RabbitMQ management API',
  'activemq-statistics': 'ActiveMQ statistics plugin',
  sandbox: 'Sandbox broker',
  none: 'No broker figures',
};

export default function DestinationsPanel({ connection, preset }: { connection: ConnectionView | undefined; preset: BrokerPreset | undefined }) {
  const connectionId = connection?.id;
  const profileId = connection?.profileId;
  const stats = useStats((s) => (connectionId ? s.byConnection[connectionId] : undefined));
  const info = useDestinations((s) => (connectionId ? s.info[connectionId] : undefined));
  const asking = useDestinations((s) => (connectionId ? s.asking[connectionId] : false));
  const requestError = useDestinations((s) => (connectionId ? s.errors[connectionId] : undefined));
  const settings = useDestinations((s) => (profileId ? s.settings[profileId] : undefined));
  const [auto, setAuto] = useState(true);
  const [filter, setFilter] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [editingUrl, setEditingUrl] = useState(false);
  const [rowError, setRowError] = useState<string>();

  useEffect(() => {
    setRowError(undefined);
    setEditingUrl(false);
    if (!connectionId) return;
    void useStats.getState().load(connectionId);
    void useDestinations.getState().refresh(connectionId);
  }, [connectionId]);
  useEffect(() => {
    if (profileId) void useDestinations.getState().loadSettings(profileId);
  }, [profileId]);
  useEffect(() => {
    if (!connectionId || !auto) return;
    const timer = setInterval(() => void useDestinations.getState().refresh(connectionId), REFRESH_MS);
    return () => clearInterval(timer);
  }, [connectionId, auto]);

  const groups = useMemo(
    () => buildTree({ seen: Object.values(stats?.rows ?? {}), subscriptions: connection?.subscriptions ?? [], broker: info?.destinations ?? [], filter }),
    [stats?.rows, connection?.subscriptions, info?.destinations, filter],
  );

  if (!connection || !connectionId || !profileId) return <EmptyState title="No connection">Open a connection to see its destinations.</EmptyState>;

  const refresh = () => void useDestinations.getState().refresh(connectionId);
  const toggle = (kind: DestinationGroupKind) => {
    const next = new Set(collapsed);
    if (next.has(kind.label)) next.delete(kind.label);
    else next.add(kind.label);
    setCollapsed(next);
  };
  const rabbit = info?.source === 'rabbitmq-management';
  const noFigures = info ? whyNoFigures(info) : undefined;
  const total = groups.reduce((n, g) => n + g.entries.length, 0);

  return (
    <div className="dest-panel">
      <div className="pane-toolbar dest-toolbar">
        <p className="dest-source">
          <strong>{info ? SOURCE_LABEL[info.source] : 'Broker figures'}</strong>
          {info ? (
            <span>
              {' '}
              · {info.note}
              {info.available ? (
                <span className="muted">
                  {' '}
                  · {info.total.toLocaleString()} on the broker{info.hidden ? `, ${info.hidden.toLocaleString()} not listed` : ''} · as of {formatTime(info.fetchedAt)}
                </span>
              ) : null}
            </span>
          ) : (
            <span className="muted"> · asking the broker…</span>
          )}
        </p>
        <span className="row-actions">
          <button type="button" className="small" onClick={refresh} disabled={asking}>
            {asking ? 'Asking…' : 'Refresh'}
          </button>
          <label className="check">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> every {REFRESH_MS / 1000} s
          </label>
          {rabbit || connection.server?.startsWith('RabbitMQ') || preset === 'rabbitmq' ? (
            <button type="button" className="small" aria-expanded={editingUrl} onClick={() => setEditingUrl(!editingUrl)}>
              Management API URL…
            </button>
          ) : null}
        </span>
      </div>
      {editingUrl ? (
        <ManagementUrlForm
          profileId={profileId}
          current={settings?.managementUrl}
          derived={settings?.managementUrl ? undefined : info?.endpoint}
          onDone={() => {
            setEditingUrl(false);
            refresh();
          }}
        />
      ) : null}
      <ErrorText error={info?.error ? `${info.note} ${info.error}` : undefined} />
      <ErrorText error={requestError ? `Cannot ask the broker: ${requestError.message}` : undefined} />
      <ErrorText error={rowError} />
      <div className="dest-filter">
        <input type="search" placeholder="Filter destinations" aria-label="Filter destinations" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted">{total === 1 ? '1 destination' : `${total.toLocaleString()} destinations`}</span>
      </div>
      {total === 0 ? (
        <EmptyState title={filter ? 'No destination matches' : 'No destinations yet'}>
          {filter ? 'Change the filter.' : 'Subscribe, send, or receive: every destination this connection meets is listed here, with what the broker says about it.'}
        </EmptyState>
      ) : (
        <table className="dock-table dest-table" aria-label="Destinations">
          <thead>
            <tr>
              <th scope="col">Destination</th>
              <th scope="col">Actions</th>
              <th scope="col" className="num" title="MESSAGE frames this connection received from it">
                Seen in
              </th>
              <th scope="col" className="num" title="SEND frames this connection wrote to it">
                Seen out
              </th>
              <th scope="col">Last message</th>
              <th scope="col" className="num" title="Messages a second in · out, over the last 5 s">
                Rate in · out
              </th>
              <th scope="col" className="num" title="Messages in the queue, as the broker counts them">
                Depth
              </th>
              <th scope="col" className="num" title="Waiting for a consumer">
                Ready
              </th>
              <th scope="col" className="num" title="Delivered to a consumer, not yet acked">
                Unacked
              </th>
              <th scope="col" className="num">
                Consumers
              </th>
              <th scope="col" title="As the broker counts: messages ever in · out (ActiveMQ, sandbox) or rates (RabbitMQ)">
                Broker flow
              </th>
            </tr>
          </thead>
          {groups.map((group) => {
            const open = !collapsed.has(group.kind.label);
            return (
              <tbody key={group.kind.label}>
                <tr className="dest-group">
                  <th scope="rowgroup" colSpan={11}>
                    <button type="button" className="dest-group-toggle" aria-expanded={open} onClick={() => toggle(group.kind)}>
                      <span aria-hidden="true">{open ? '▾' : '▸'} </span>
                      {group.kind.label} {group.kind.prefix ? <span className="mono">{group.kind.prefix}…</span> : null} · {group.entries.length.toLocaleString()}
                    </button>
                  </th>
                </tr>
                {open
                  ? group.entries.slice(0, SHOWN_PER_GROUP).map((entry) => (
                      <DestinationRow
                        key={entry.destination}
                        entry={entry}
                        connection={connection}
                        preset={preset}
                        browsable={connection.canBrowse && group.kind.queue}
                        noFigures={noFigures}
                        onError={setRowError}
                      />
                    ))
                  : null}
                {open && group.entries.length > SHOWN_PER_GROUP ? (
                  <tr>
                    <td colSpan={11} className="muted">
                      {(group.entries.length - SHOWN_PER_GROUP).toLocaleString()} more — filter to narrow
                    </td>
                  </tr>
                ) : null}
              </tbody>
            );
          })}
        </table>
      )}
    </div>
  );
}

/** Why a row has no broker figures: the broker offers none, or none for this kind of destination. */
function whyNoFigures(info: BrokerInfo): string {
  if (!info.available) return info.error ?? info.note;
  if (info.source === 'rabbitmq-management') return 'RabbitMQ keeps figures for queues only (a topic or exchange holds no messages), and this queue is not declared on the broker';
  return 'The broker did not report this destination (not created on it, or past the listing limit)';
}
