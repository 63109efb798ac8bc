import { defineConfig } from 'vitest/config';

// One project per test folder: the core's unit and property tests need nothing; the broker tests
// need real brokers, which their global set-up starts (and, with CI=true, fails loudly without).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['tests/core/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          // The parser fuzzed with 10⁵ inputs (tests/fuzz; `npm run fuzz` runs 10⁶).
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'host',
          include: ['tests/host/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'dist',
          include: ['tests/dist/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'brokers',
          include: ['tests/brokers/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/brokers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Real brokers are shared state: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
