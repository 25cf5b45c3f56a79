/** Loaded before every spec file of the `redis` project (vitest.config.ts), after specs/support/setup.ts. */
import { afterAll } from 'vitest';
import { releaseRedisResources } from '../redis.ts';

// Setup files run again for every spec file, so this closes each file's clients and servers after that file.
afterAll(releaseRedisResources);
