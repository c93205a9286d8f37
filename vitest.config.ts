/**
 * The test suite as four Vitest projects. Unit tests are pure and run in parallel; the others start
 * real servers, databases, builds and browsers, so each of those projects runs one file at a time,
 * and the projects run one after another (sequence.groupOrder) so they never compete for the cores.
 *
 *   npx vitest --project unit        one project (watch mode when run in a terminal)
 *   npx vitest run tests/api/jf2     one file
 */
import { defineConfig } from 'vitest/config';

const serial = { fileParallelism: false, maxWorkers: 1 } as const;

export default defineConfig({
  test: {
    // a stuck test fails with a reason instead of hanging CI
    teardownTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          ...serial,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          ...serial,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          ...serial,
          testTimeout: 120_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
