import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Process tests spawn real children; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // Removes the temporary directories tests leave behind (AOSH_KEEP_TEST_DIRS=1 keeps them).
    globalSetup: ['test/helpers/temp-sweep.ts'],
  },
});
