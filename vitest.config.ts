import { defineConfig } from 'vitest/config';

/**
 * The specs. `npm run kata` and `npm test` drive this config through scripts/lib/spec-host.ts;
 * `npx vitest run specs/lru` works too (set KATA_IMPL_DIR to choose the implementation).
 */
export default defineConfig({
  test: {
    isolate: false,
    pool: 'threads',
    include: ['specs/**/*.spec.ts'],
    setupFiles: ['specs/support/setup.ts'],
    // A learner's never-settling promise fails its test after this long instead of hanging the run.
    testTimeout: 2_000,
    hookTimeout: 2_000,
    // Specs must be deterministic: a failure is never retried away.
    retry: 0,
  },
});
