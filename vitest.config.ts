import { defineConfig } from 'vitest/config';
import { redisKatas } from './specs/support/redis/katas.ts';

const redisSpecs = redisKatas.map((id) => `specs/${id}/**/*.spec.ts`);

/**
 * The specs. `npm run kata` and `npm test` drive this config through scripts/lib/spec-host.ts;
 * `npx vitest run specs/lru` works too (set KATA_IMPL_DIR to choose the implementation).
 *
 * Two projects: `katas`, the in-memory katas, and `redis`, the distributed katas, whose global setup starts a
 * private redis-server only when one of their specs is in the run. Redis specs share that server and its settable
 * clock, so they run one file at a time, after the others.
 */
export default defineConfig({
  test: {
    isolate: false,
    pool: 'threads',
    setupFiles: ['specs/support/setup.ts'],
    // A learner's never-settling promise fails its test after this long instead of hanging the run.
    testTimeout: 2_000,
    hookTimeout: 2_000,
    // Specs must be deterministic: a failure is never retried away.
    retry: 0,
    projects: [
      {
        extends: true,
        test: { name: 'katas', include: ['specs/**/*.spec.ts'], exclude: redisSpecs },
      },
      {
        extends: true,
        test: {
          name: 'redis',
          include: redisSpecs,
          globalSetup: ['specs/support/redis/global-setup.ts'],
          // Added to the shared setup file (`extends: true` concatenates the lists).
          setupFiles: ['specs/support/redis/setup.ts'],
          // A round trip to a local Redis is well under a millisecond; the margin is for a loaded machine and
          // for the specs that start worker processes (they set their own, longer, timeouts).
          testTimeout: 5_000,
          hookTimeout: 10_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
