/**
 * The wire log: every frame out (→) and in (←), heart-beats, diagnostics, and markers where the
 * link dropped, reconnected or replayed. Filters (commands, direction, destination, text), a
 * pause that freezes the view while the host keeps recording, each frame's exact bytes, export to
 * NDJSON and the same file opened offline, and the heart-beat timeline. Fixed-height virtual rows:
 * 100 000 entries scroll as 100 do.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { isWireFilterActive as isActive, wireFilterMatcher as matchesFilter, type WireFilter } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { download, safeFileName } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { useConnections } from '../../stores/connections-store';
import { useWire, watchWire } from '../../stores/wire-store';
import { useWireView, wireViewOf } from '../../stores/wire-view-store';
import { useFixedRows } from '../messages/use-fixed-rows';
import { HeartbeatTimelineView } from './heartbeat-timeline';
import { exportWireLog, openWireLogFile, type OpenedWireLog } from './wire-file';
import { WireFrameDetail } from './wire-frame-detail';
import { WIRE_ROW, WireRow } from './wire-row';
import { filteredSource, liveSource, offlineSource, type WireSource } from './wire-source';
import { WireToolbar } from './wire-toolbar';

export function WireLog({ connectionId }: { connectionId: string | undefined }) {
  const [offline, setOffline] = useState<OpenedWireLog>();
  const viewKey = offline ? `offline:${offline.name}` : (connectionId ?? 'none');
  const filter = useWireView((s) => wireViewOf(s, viewKey).filter);
  const setFilter = (next: WireFilter) => useWireView.getState().patch(viewKey, { filter: next });
  const [openError, setOpenError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  // A filter is applied a moment after typing stops, not on every key.
  const [applied, setApplied] = useState<WireFilter>({});
  useEffect(() => {
    const timer = setTimeout(() => setApplied(filter), 250);
    return () => clearTimeout(timer);
  }, [filter]);

  const source = useMemo<WireSource | undefined>(() => {
    if (offline) return offlineSource(offline.name, offline.entries, isActive(applied) ? applied : undefined, matchesFilter(applied));
    if (!connectionId) return undefined;
    return isActive(applied) ? filteredSource(connectionId, applied) : liveSource(connectionId);
  }, [connectionId, offline, applied]);
  useEffect(() => () => source?.dispose(), [source]);
  // While this shows a connection's live log, the host sends its newest entries with each batch.
  const live = !offline && connectionId !== undefined;
  useEffect(() => (live ? watchWire(connectionId) : undefined), [live, connectionId]);

  const open = async (file: File) => {
    setOpenError(undefined);
    try {
      setOffline(await openWireLogFile(file));
    } catch (e) {
      setOpenError(`Cannot open ${file.name}: ${errorText(e)}`);
    }
  };

  const picker = (
    <input
      ref={fileInput}
      type="file"
      accept=".ndjson,.jsonl,application/x-ndjson"
      className="sr-only"
      aria-label="Wire log file to open"
      tabIndex={-1}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) void open(file);
      }}
    />
  );
  if (!source) {
    return (
      <div className="wire">
        {picker}
        <EmptyState title="No connection">
          <p>Open a connection to see its frames here, or open a wire log saved earlier.</p>
          <button type="button" className="small" onClick={() => fileInput.current?.click()}>
            Open wire log…
          </button>
        </EmptyState>
        <ErrorText error={openError} />
      </div>
    );
  }
  return (
    <WireLogView
      key={source.key}
      source={source}
      viewKey={viewKey}
      connectionId={offline ? undefined : connectionId}
      filter={filter}
      filtered={isActive(applied)}
      onFilter={setFilter}
      offline={offline}
      onCloseOffline={() => setOffline(undefined)}
      onOpen={() => fileInput.current?.click()}
      picker={picker}
      openError={openError}
    />
  );
}

function WireLogView({
  source,
  viewKey,
  connectionId,
  filter,
  filtered,
  onFilter,
  offline,
  onCloseOffline,
  onOpen,
  picker,
  openError,
}: {
  source: WireSource;
  viewKey: string;
  connectionId: string | undefined;
  filter: WireFilter;
  filtered: boolean;
  onFilter(filter: WireFilter): void;
  offline: OpenedWireLog | undefined;
  onCloseOffline(): void;
  onOpen(): void;
  picker: React.ReactNode;
  openError: string | undefined;
}) {
  useSyncExternalStore(source.subscribe, () => source.version);
  const liveError = useWire((s) => (connectionId ? s.errors[connectionId] : undefined));
  const profileName = useConnections((s) => (connectionId ? s.byId[connectionId]?.profileName : undefined));
  const [follow, setFollow] = useState(true);
  const [dimBeats, setDimBeats] = useState(false);
  // Pause and the timeline survive a switch of dock tab, per connection.
  const pausedAt = useWireView((s) => wireViewOf(s, viewKey).pausedAt);
  const timeline = useWireView((s) => wireViewOf(s, viewKey).timeline);
  const setPausedAt = (at: number | undefined) => useWireView.getState().patch(viewKey, { pausedAt: at });
  const setTimeline = (open: boolean) => useWireView.getState().patch(viewKey, { timeline: open });
  const [picked, setPicked] = useState<number>();
  const [exporting, setExporting] = useState<string>();
  const [exportError, setExportError] = useState<string>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmatic = useRef(false);
  const liveTotal = source.total();
  // Paused: the view holds still at what it showed; the host goes on recording.
  const total = pausedAt ?? liveTotal;
  const virtual = useFixedRows({ count: total, rowHeight: WIRE_ROW, scrollRef, overscan: 20 });
  const { first, last, scrollToIndex } = virtual;

  useEffect(() => source.ensure(first, last), [source, first, last, total]);
  useEffect(() => {
    if (!follow || pausedAt !== undefined || !total) return;
    programmatic.current = true;
    scrollToIndex(total - 1, 'end');
    requestAnimationFrame(() => (programmatic.current = false));
  }, [follow, pausedAt, total, scrollToIndex]);

  const pickedEntry = picked !== undefined ? source.entry(picked) : undefined;
  const onExport = connectionId
    ? async () => {
        setExportError(undefined);
        try {
          const blob = await exportWireLog(connectionId, (done, all) => setExporting(`Exporting ${Math.round((done / Math.max(1, all)) * 100)}%…`));
          download(`${safeFileName(profileName ?? connectionId, 'wire-log')}.wire.ndjson`, blob, 'application/x-ndjson');
        } catch (e) {
          setExportError(`Export failed: ${errorText(e)}`);
        } finally {
          setExporting(undefined);
        }
      }
    : undefined;

  return (
    <div className="wire">
      {picker}
      {offline ? (
        <div className="banner wire-offline" role="status">
          <span>
            Offline: <strong>{offline.name}</strong>
            {offline.profile ? ` · ${offline.profile}` : ''}
            {offline.broker ? ` · ${offline.broker}` : ''}
            {offline.exportedAt ? ` · exported ${offline.exportedAt}` : ''} · {offline.entries.length.toLocaleString()} entries
          </span>
          <button type="button" className="small" onClick={onCloseOffline}>
            Close file
          </button>
        </div>
      ) : null}
      <WireToolbar
        filter={filter}
        filtered={filtered}
        onFilter={onFilter}
        shown={total}
        total={liveTotal}
        paused={pausedAt !== undefined}
        newWhilePaused={pausedAt !== undefined ? Math.max(0, liveTotal - pausedAt) : 0}
        onPause={(paused) => setPausedAt(paused ? liveTotal : undefined)}
        follow={follow}
        onFollow={setFollow}
        dimBeats={dimBeats}
        onDimBeats={setDimBeats}
        offline={!!offline}
        exporting={exporting}
        onExport={onExport ? () => void onExport() : undefined}
        onOpen={onOpen}
        timeline={timeline}
        onTimeline={setTimeline}
      />
      <ErrorText error={openError ?? exportError ?? (liveError ? `Cannot load the wire log: ${liveError.message}` : undefined)} />
      {timeline && connectionId ? <HeartbeatTimelineView connectionId={connectionId} /> : null}
      <div className="wire-body">
        <div
          className="wire-scroll mono"
          ref={scrollRef}
          role="log"
          aria-label="Wire log entries"
          tabIndex={0}
          onScroll={() => {
            const el = scrollRef.current;
            if (!el || programmatic.current) return;
            setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - WIRE_ROW * 1.5);
          }}
        >
          <div style={{ height: virtual.totalSize, position: 'relative' }}>
            {virtual.rows.map((row) => (
              <WireRow
                key={row.index}
                index={row.index}
                entry={source.entry(row.index)}
                trimmed={source.trimmed(row.index)}
                start={row.start}
                dim={dimBeats}
                picked={picked === row.index}
                onPick={() => setPicked(row.index)}
              />
            ))}
          </div>
        </div>
        {pickedEntry ? <WireFrameDetail entry={pickedEntry} source={source} onClose={() => setPicked(undefined)} /> : null}
      </div>
    </div>
  );
}
