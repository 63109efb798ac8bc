// Types of test-failures.mjs for the test that imports it.
/** Lines `file > test: first line of why` for vitest's JSON report. */
export declare function vitestFailures(summary: unknown): string[];
/** Lines `file:line > title: first line of why` for Playwright's JSON report. */
export declare function browserFailures(report: unknown): string[];
