/**
 * The catalog: one record per kata, each in scripts/catalog/<id>.ts. The kata's id is its folder name in katas/,
 * solutions/ and specs/.
 * `npm test` checks that every record has its files and that the level titles here match the spec's level
 * suites and the headings of the kata's README.
 */

import { cacheFactory } from './catalog/cache-factory.ts';
import { circuitBreaker } from './catalog/circuit-breaker.ts';
import { distributedRateLimiter } from './catalog/distributed-rate-limiter.ts';
import { durableJobQueue } from './catalog/durable-job-queue.ts';
import { fifo } from './catalog/fifo.ts';
import { fixedWindow } from './catalog/fixed-window.ts';
import { jobProcessor } from './catalog/job-processor.ts';
import { lfu } from './catalog/lfu.ts';
import { lru } from './catalog/lru.ts';
import { priorityQueue } from './catalog/priority-queue.ts';
import { rateLimiterFactory } from './catalog/rate-limiter-factory.ts';
import { retryBackoff } from './catalog/retry-backoff.ts';
import { slidingWindowCounter } from './catalog/sliding-window-counter.ts';
import { slidingWindowLog } from './catalog/sliding-window-log.ts';
import { tokenBucket } from './catalog/token-bucket.ts';
import { ttlCache } from './catalog/ttl-cache.ts';

export type System = 'cache' | 'rate-limiter' | 'job-processor';
export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Hint {
  readonly text: string;
  /** Part of the name of a test this hint helps with; the runner offers it when that test is the first failure. */
  readonly forTest?: string;
}

export interface Level {
  readonly title: string;
  /** Expected time for this level in an interview, as a range in minutes. */
  readonly minutes: readonly [low: number, high: number];
  /** From gentle to nearly the answer. */
  readonly hints: readonly Hint[];
}

export interface Kata {
  readonly id: string;
  readonly title: string;
  readonly system: System;
  readonly difficulty: Difficulty;
  /** One sentence: what the learner builds. */
  readonly summary: string;
  readonly levels: readonly Level[];
  /** Ids of katas that build on, or are built on by, this one (each must be in the catalog). */
  readonly related: readonly string[];
}

/** In the order the workbook presents them: by system, then from first to learn to last. */
export const catalog: readonly Kata[] = [
  lru,
  lfu,
  fifo,
  ttlCache,
  cacheFactory,
  tokenBucket,
  fixedWindow,
  slidingWindowLog,
  slidingWindowCounter,
  rateLimiterFactory,
  priorityQueue,
  retryBackoff,
  circuitBreaker,
  jobProcessor,
  distributedRateLimiter,
  durableJobQueue,
];

export function findKata(id: string): Kata | undefined {
  return catalog.find((kata) => kata.id === id);
}
