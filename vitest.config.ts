import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Generous: the property tests on PostgreSQL take ~25 s alone and several times that on a shared, loaded machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Storage tests each create their own database, so files may run side by side.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
