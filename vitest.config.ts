import { defineConfig } from 'vitest/config';

// Two projects: the default run (`npm test`) and slow suites (`npm run test:slow`, also run by .ci/run).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          exclude: ['**/*.slow.test.ts', 'node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'slow',
          include: ['test/**/*.slow.test.ts'],
          // One file at a time: the Redis restart test stops the shared Redis.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
