/** A tiny rate sparkline (SVG), with the current rate as text beside it. */
export function Sparkline({ points, label }: { points: readonly number[]; label: string }) {
  const w = 48;
  const h = 14;
  if (points.length < 2) return <svg width={w} height={h} aria-hidden="true" />;
  const max = Math.max(1, ...points);
  const step = w / (points.length - 1);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(h - 1 - (p / max) * (h - 2)).toFixed(1)}`).join(' ');
  return (
    <svg width={w} height={h} className="sparkline" role="img" aria-label={label}>
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}
