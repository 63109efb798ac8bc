/** Printing for the CLI: lines to stdout that respect back-pressure, and usage errors. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function writeLines(lines: string[]): Promise<void> | undefined {
  if (process.stdout.write(lines.join('\n') + '\n')) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}
