import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Storage tests each create their own database, so files may run side by side.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
