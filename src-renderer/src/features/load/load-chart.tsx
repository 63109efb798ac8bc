/**
 * A load run's rates (sent, confirmed, received per second) and latency (p50, p99 of each second)
 * drawn live with uPlot: one chart, rates on the left axis, latency on the right.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { LoadSampleView } from '../../../../src-core/api';
import { useUplot } from '../../lib/use-uplot';

const HEIGHT = 200;

export default function LoadChart({ samples }: { samples: readonly LoadSampleView[] }) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo(() => toData(samples), [samples]);
  useUplot(
    host,
    HEIGHT,
    (color) => ({
      scales: { x: { time: false }, rate: {}, ms: {} },
      axes: [
        { label: 's', stroke: color('--fg-muted', '#555') },
        { scale: 'rate', label: 'msg/s', stroke: color('--fg-muted', '#555') },
        { scale: 'ms', side: 1, label: 'latency ms', stroke: color('--fg-muted', '#555'), grid: { show: false } },
      ],
      series: [
        {},
        { label: 'sent/s', scale: 'rate', stroke: color('--accent', '#1659c7'), width: 2 },
        { label: 'confirmed/s', scale: 'rate', stroke: color('--ok', '#116329'), width: 1 },
        { label: 'received/s', scale: 'rate', stroke: color('--violet', '#6d28d9'), width: 1, dash: [4, 3] },
        { label: 'p50 ms', scale: 'ms', stroke: color('--warn', '#7d5300'), width: 1 },
        { label: 'p99 ms', scale: 'ms', stroke: color('--bad', '#b31d28'), width: 1 },
      ],
    }),
    data,
  );
  return <div ref={host} className="load-chart" role="img" aria-label={`Rates and latency over ${samples.length} seconds`} />;
}

function toData(samples: readonly LoadSampleView[]): uPlot.AlignedData {
  return [
    samples.map((s) => s.t),
    samples.map((s) => Math.round(s.sentRate)),
    samples.map((s) => Math.round(s.confirmedRate)),
    samples.map((s) => Math.round(s.receivedRate)),
    samples.map((s) => s.latency?.p50 ?? null),
    samples.map((s) => s.latency?.p99 ?? null),
  ];
}
