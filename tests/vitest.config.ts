import { defineConfig } from 'vitest/config';

/** The runner's own tests: they drive the CLI as a learner would, in spawned processes. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each test spawns a runner that spawns vitest: one file at a time keeps the two cores from thrashing.
    fileParallelism: false,
  },
});
