/** Shared helpers for benchmarks: medians over interleaved rounds, and a table with ratios. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function formatRate(value: number, unit: string): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)} G${unit}`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M${unit}`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k${unit}`;
  return `${value.toFixed(1)} ${unit}`;
}

/** Prints one row per contender, each with its ratio to `ours`. */
export function printTable(title: string, rows: { name: string; value: number; unit: string; extra?: string }[], ours: string): void {
  const base = rows.find((r) => r.name === ours)?.value ?? NaN;
  console.log(`\n${title}`);
  for (const row of rows) {
    const ratio = row.name === ours ? '' : `   ours/${row.name} = ${(base / row.value).toFixed(2)}x`;
    console.log(`  ${row.name.padEnd(18)} ${formatRate(row.value, row.unit).padStart(14)}${row.extra ? '  ' + row.extra : ''}${ratio}`);
  }
}
