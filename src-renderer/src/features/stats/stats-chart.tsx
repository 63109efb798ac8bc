/**
 * Messages a second in and out over the last minutes, drawn with uPlot (loaded with the
 * Statistics tab, not before). Seconds without a point are drawn as zero: no traffic.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { STATS_LIMITS, type StatsPoint } from '../../../../src-core/api';
import { useUplot } from '../../lib/use-uplot';

const HEIGHT = 130;

export default function StatsChart({ points, nowSecond, label }: { points: readonly StatsPoint[]; nowSecond: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo(() => toData(points, nowSecond), [points, nowSecond]);
  useUplot(
    host,
    HEIGHT,
    (color) => {
      const muted = color('--fg-muted', '#4f5a69');
      const grid = { stroke: color('--border', '#d8dde4'), width: 1 };
      return {
        cursor: { drag: { x: false, y: false } },
        // The caption below names the lines and their totals; uPlot's own legend would repeat it.
        legend: { show: false },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { stroke: muted, grid, ticks: grid },
          { stroke: muted, grid, ticks: grid, label: 'msg/s', size: 56 },
        ],
        series: [
          {},
          { label: 'in/s', stroke: color('--accent', '#1659c7'), width: 2, points: { show: false } },
          { label: 'out/s', stroke: color('--violet', '#6d28d9'), width: 2, dash: [5, 3], points: { show: false } },
        ],
      };
    },
    data,
  );
  return <div ref={host} className="stats-chart" role="img" aria-label={label} />;
}

/** Every second of the window up to the last full one, zero where there was no traffic. */
function toData(points: readonly StatsPoint[], nowSecond: number): uPlot.AlignedData {
  const first = nowSecond - STATS_LIMITS.windowSeconds;
  const xs: number[] = [];
  const ins: number[] = [];
  const outs: number[] = [];
  const bySecond = new Map(points.map((p) => [p[0], p]));
  for (let s = first; s < nowSecond; s++) {
    const p = bySecond.get(s);
    xs.push(s);
    ins.push(p ? p[1] : 0);
    outs.push(p ? p[2] : 0);
  }
  return [xs, ins, outs];
}
