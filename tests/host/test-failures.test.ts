import { describe, expect, it } from 'vitest';
import { browserFailures, vitestFailures } from '../../scripts/test-failures.mjs';

// `npm test` names what failed above its closing line: CI keeps only the end of the output.
describe('the failure recap of npm test', () => {
  it('names each failed vitest test with the first line of why, and files that did not load', () => {
    const lines = vitestFailures({
      testResults: [
        {
          name: '/clone/tests/core/a.test.ts',
          status: 'failed',
          assertionResults: [
            { status: 'passed', fullName: 'fine' },
            { status: 'failed', fullName: 'the parser rejects x', failureMessages: ['\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at a.test.ts:3'] },
          ],
        },
        { name: '/clone/tests/host/b.test.ts', status: 'failed', message: '\nSyntaxError: Unexpected token', assertionResults: [] },
        { name: '/clone/tests/host/c.test.ts', status: 'passed', assertionResults: [{ status: 'passed', fullName: 'ok' }] },
      ],
    });
    expect(lines).toEqual([
      'tests/core/a.test.ts > the parser rejects x: AssertionError: expected 1 to be 2',
      'tests/host/b.test.ts: did not load: SyntaxError: Unexpected token',
    ]);
  });

  it('walks nested Playwright suites and lists only the unexpected results', () => {
    const lines = browserFailures({
      suites: [
        {
          file: 'wire.spec.ts',
          specs: [{ file: 'wire.spec.ts', line: 4, title: 'passes', tests: [{ status: 'expected', results: [{}] }] }],
          suites: [
            {
              specs: [
                {
                  file: 'wire.spec.ts',
                  line: 26,
                  title: 'the wire log',
                  tests: [{ status: 'unexpected', results: [{ error: { message: 'Error: Timed out 10000ms waiting for expect' } }] }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(lines).toEqual(['wire.spec.ts:26 > the wire log: Error: Timed out 10000ms waiting for expect']);
  });
});
