// The names of the tests that failed, with the first line of why, read from the JSON reports of
// vitest and Playwright. `npm test` prints them above its closing line, because CI keeps only the
// end of a run's output and a failure far above it would otherwise go unnamed.

const firstLine = (text) =>
  String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0)
    ?.slice(0, 240) ?? '';

/** Failed tests and files that failed to load, from vitest's JSON report. */
export function vitestFailures(summary) {
  const lines = [];
  for (const file of summary.testResults ?? []) {
    const name = String(file.name ?? '').replace(/^.*?(?=tests\/)/, '');
    const assertions = file.assertionResults ?? [];
    if (file.status === 'failed' && assertions.length === 0) lines.push(`${name}: did not load: ${firstLine(file.message)}`);
    for (const test of assertions) {
      if (test.status !== 'failed') continue;
      lines.push(`${name} > ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
  return lines;
}

/** Unexpected results from Playwright's JSON report (suites nest, so walk them). */
export function browserFailures(report) {
  const lines = [];
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const result = (test.results ?? []).at(-1);
        lines.push(`${spec.file ?? file}:${spec.line ?? ''} > ${spec.title}: ${firstLine(result?.error?.message)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, suite.file ?? file);
  };
  for (const suite of report.suites ?? []) walk(suite, suite.file);
  return lines;
}
