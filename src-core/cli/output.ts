/**
 * Printing for the CLI: lines to stdout that respect back-pressure, progress lines on stderr, and
 * the failures that end a command with a documented exit status.
 */

/** Exit statuses, the same for every command (README, "The command-line tool"). */
export const EXIT = {
  ok: 0,
  /** Bad arguments, an unreadable file, a URI that does not parse, a frame that cannot be built. */
  usage: 1,
  /** decode: the input breaks a rule of the protocol. */
  parse: 2,
  /** subscribe: --timeout came before --count messages. */
  incomplete: 3,
  /** No connection: every attempt failed, the broker refused the CONNECT, or --connect-timeout ran out. */
  connect: 4,
  /** The broker answered ERROR, or sent no RECEIPT within --timeout. */
  broker: 5,
  /** The connection was lost and not recovered within --connect-timeout (or the plan gave up). */
  lost: 6,
  /** SIGINT or SIGTERM: stopped by the user, after a clean DISCONNECT. */
  interrupted: 130,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Ends a command with `status`; main prints it as the last line on stderr. */
export class CliFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

export function writeLines(lines: string[]): Promise<void> | undefined {
  if (process.stdout.write(lines.join('\n') + '\n')) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

/**
 * What happens on the way (a failed attempt, a drop, a reconnect), as one JSON object per line on
 * stderr, at once: stdout stays the command's output alone.
 */
export function progress(event: { readonly type: string } & Record<string, unknown>): void {
  process.stderr.write(JSON.stringify(event) + '\n');
}

/** Seconds from an option: a positive number (fractions allowed), or the default. */
export function seconds(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${option} must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return n;
}
