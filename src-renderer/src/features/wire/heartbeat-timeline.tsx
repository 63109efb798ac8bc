/**
 * The heart-beat timeline, readable at a glance: two lanes on a time axis, → what we sent and ←
 * what the broker sent. Beats are ticks, frames a thin bar (a frame proves a peer alive as a beat
 * does), a late stretch is amber, each missed beat a red mark where it was due, and a red line
 * where the client declared the broker dead. Connected stretches are shaded; the agreed periods
 * and the tolerance are written above. Asked of the host every second while shown.
 */
import { useEffect, useRef, useState } from 'react';
import type { HeartbeatTimeline } from '../../../../src-core/api';
import { request } from '../../api-client';
import { errorText } from '../../lib/errors';
import { formatPeriod, formatTime } from '../../lib/format';
import { useWidth } from '../../lib/use-width';

const WINDOWS = [
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
  { ms: 900_000, label: '15 min' },
];
const HEIGHT = 96;
const LANE_Y = { out: 24, in: 60 } as const;
const LEFT = 52;

export function HeartbeatTimelineView({ connectionId }: { connectionId: string }) {
  const [windowMs, setWindowMs] = useState(60_000);
  const [data, setData] = useState<HeartbeatTimeline>();
  const [error, setError] = useState<string>();
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(300, useWidth(box));
  useEffect(() => {
    let live = true;
    const load = () =>
      request('wire.heartbeats', { connectionId, sinceMs: windowMs }).then(
        (d) => live && (setData(d), setError(undefined)),
        (e) => live && setError(errorText(e)),
      );
    void load();
    const timer = setInterval(load, 1_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [connectionId, windowMs]);

  const summary = data ? describe(data) : 'loading…';
  return (
    <section className="beats" aria-label="Heart-beat timeline">
      <div className="beats-head">
        <strong>Heart-beats</strong>
        {data ? (
          <span className="muted">
            we beat every {formatPeriod(data.sendEvery)}, the broker every {formatPeriod(data.expectEvery)} · dead after {data.tolerance} silent periods
          </span>
        ) : null}
        <select aria-label="Timeline window" value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))}>
          {WINDOWS.map((w) => (
            <option key={w.ms} value={w.ms}>
              last {w.label}
            </option>
          ))}
        </select>
        <span className="beats-legend" aria-hidden="true">
          <span className="lg lg-beat">| beat</span> <span className="lg lg-frame">▮ frames</span> <span className="lg lg-late">▬ late</span> <span className="lg lg-missed">✕ missed</span> <span className="lg lg-dead">┃ declared dead</span>
        </span>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          Cannot read the heart-beats: {error}
        </p>
      ) : null}
      <div ref={box} className="beats-chart">
        {data ? <Chart data={data} width={width} summary={summary} /> : null}
      </div>
      <p className="beats-summary" role="status">
        {summary}
      </p>
    </section>
  );
}

function Chart({ data: raw, width, summary }: { data: HeartbeatTimeline; width: number; summary: string }) {
  // A connection younger than the window fills the width: the axis starts a little before it.
  const firstConnected = Math.min(...raw.connections.map((c) => c.from), raw.now);
  const from = Math.max(raw.from, firstConnected - Math.max(2_000, (raw.now - firstConnected) * 0.05));
  const data = { ...raw, from };
  const span = Math.max(1, data.now - data.from);
  const x = (t: number) => LEFT + ((Math.max(t, data.from) - data.from) / span) * (width - LEFT - 8);
  const ticks = axisTicks(data.from, data.now);
  return (
    <svg width={width} height={HEIGHT} role="img" aria-label={summary} className="beats-svg">
      {data.connections.map((c, i) => (
        <rect key={`c${i}`} className="beats-connected" x={x(Math.max(c.from, data.from))} y={8} width={Math.max(1, x(c.to ?? data.now) - x(Math.max(c.from, data.from)))} height={68} />
      ))}
      {(['out', 'in'] as const).map((lane) => {
        const y = LANE_Y[lane];
        const l = data[lane];
        const maxFrames = Math.max(1, ...l.frames.map(([, n]) => n));
        return (
          <g key={lane}>
            <text x={4} y={y + 4} className="beats-lane-label">
              {lane === 'out' ? '→ out' : '← in'}
            </text>
            <line x1={LEFT} x2={width - 8} y1={y} y2={y} className="beats-axis" />
            {l.late.map((g, i) => (
              <rect key={`l${i}`} className="beats-late" x={x(g.from)} y={y - 3} width={Math.max(2, x(g.to) - x(g.from))} height={6} />
            ))}
            {l.frames.map(([t, n]) => (
              <rect key={`f${t}`} className="beats-frame" x={x(t)} y={y - 2 - 8 * Math.min(1, Math.log2(1 + n) / Math.log2(1 + maxFrames))} width={Math.max(1, (250 / span) * (width - LEFT))} height={2 + 8 * Math.min(1, Math.log2(1 + n) / Math.log2(1 + maxFrames))} />
            ))}
            {l.beats.map((t) => (
              <line key={`b${t}`} className="beats-beat" x1={x(t)} x2={x(t)} y1={y - 7} y2={y + 7} />
            ))}
            {l.missed.map((t) => (
              <text key={`m${t}`} className="beats-missed" x={x(t)} y={y + 5} textAnchor="middle">
                ✕
              </text>
            ))}
          </g>
        );
      })}
      {data.dead.map((d) => (
        <g key={`d${d.at}`}>
          <line className="beats-dead" x1={x(d.at)} x2={x(d.at)} y1={6} y2={78} />
          <text className="beats-dead-label" x={x(d.at) + 3} y={14}>
            declared dead
          </text>
        </g>
      ))}
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={92} className="beats-tick" textAnchor="middle">
          {formatTime(t).slice(0, 8)}
        </text>
      ))}
    </svg>
  );
}

function axisTicks(from: number, to: number): number[] {
  const span = to - from;
  const step = span <= 15_000 ? 2_000 : span <= 60_000 ? 10_000 : span <= 300_000 ? 60_000 : 180_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

function describe(d: HeartbeatTimeline): string {
  const parts = [`Last ${Math.round((d.now - d.from) / 60_000)} min: ${d.in.beats.length} beats in, ${d.out.beats.length} out`];
  if (d.in.missed.length || d.out.missed.length) parts.push(`missed: ${d.in.missed.length} from the broker, ${d.out.missed.length} of ours`);
  else parts.push('no beat missed');
  const ongoing = d.in.late.find((g) => g.ongoing);
  if (ongoing) parts.push(`the broker has been silent since ${formatTime(ongoing.from - d.expectEvery)}`);
  if (d.dead.length) parts.push(`declared dead ${d.dead.length === 1 ? 'once' : `${d.dead.length} times`}, last at ${formatTime(d.dead[d.dead.length - 1].at)} after ${d.dead[d.dead.length - 1].silentMs} ms of silence`);
  return `${parts.join(' · ')}.`;
}
