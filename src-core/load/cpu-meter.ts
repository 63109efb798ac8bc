/** This process's CPU time over an interval (user and system, ms), and as a share of one core. */
export class CpuMeter {
  private readonly start = process.cpuUsage();
  private readonly startedAt = performance.now();

  read(): { userMs: number; systemMs: number; percentOfOneCore: number } {
    const used = process.cpuUsage(this.start);
    const wallMs = Math.max(1, performance.now() - this.startedAt);
    const userMs = used.user / 1000;
    const systemMs = used.system / 1000;
    return { userMs: round(userMs), systemMs: round(systemMs), percentOfOneCore: round(((userMs + systemMs) / wallMs) * 100) };
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
