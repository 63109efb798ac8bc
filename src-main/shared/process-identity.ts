/**
 * Is the process that wrote a lock still the one running under its pid? `kill(pid, 0)` answers
 * whether *some* process has that pid; on Linux /proc also tells a zombie (dead, not yet reaped:
 * PID 1 here reaps late) and a pid reused by a newer process (its start time differs).
 */
import { readFileSync } from 'node:fs';

/** The process's start time in clock ticks since boot (Linux), or undefined where unknown. */
export function processStartTicks(pid: number): string | undefined {
  const fields = procStatFields(pid);
  return fields?.[19];
}

export type Liveness = 'alive' | 'dead';

/** Whether `pid` still runs the process that recorded `startTicks` (when it recorded one). */
export function processLiveness(pid: number, startTicks?: string): Liveness {
  if (!Number.isSafeInteger(pid) || pid <= 0) return 'dead';
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user; only ESRCH means there is none.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  const fields = procStatFields(pid);
  if (fields === undefined) return 'alive'; // no /proc (macOS, Windows): kill(0) is all we know
  if (fields[0] === 'Z' || fields[0] === 'X') return 'dead';
  if (startTicks !== undefined && fields[19] !== undefined && fields[19] !== startTicks) return 'dead';
  return 'alive';
}

/** /proc/<pid>/stat from the state field on (the command name in parentheses may hold spaces). */
function procStatFields(pid: number): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  return close < 0 ? undefined : text.slice(close + 2).trim().split(' ');
}
