/**
 * What the durable-job-queue specs share: the implementation under test, a queue on a fresh prefix, the two
 * clocks (the server's, frozen and moved by the spec; the test process's own, parked years away so an
 * implementation that reads it gives itself away), and a measure of what the queue leaves in Redis.
 */
import type Redis from 'ioredis';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { allKeys, connect, type ServerClock, uniquePrefix, useServerClock } from '../support/redis.ts';

export type Kata = typeof import('../../katas/durable-job-queue/index.ts');

import type { DurableQueue as QueueClass } from '../../katas/durable-job-queue/index.ts';

export type { JobInfo, ReservedJob } from '../../katas/durable-job-queue/index.ts';
export type Queue<P = Task> = QueueClass<P>;

export const kata = await loadKata<Kata>('durable-job-queue');
export const { DurableQueue, DurableQueueError, LeaseLostError, Worker } = kata;

/** The payload most specs enqueue. */
export interface Task {
  readonly n: number;
}

/** Where the test process's own clock is parked: 30 years before the server's. */
export const clientEpoch = Date.UTC(2001, 0, 1, 0, 0, 0);

let shared: Redis | undefined;

/**
 * One client per spec file: the support module closes it after the file, and spec files share this module
 * (vitest runs them without isolation), so a closed client is replaced.
 */
export function client(): Redis {
  if (shared === undefined || shared.status === 'end' || shared.status === 'close') shared = connect();
  return shared;
}

/** A queue on a prefix no other test uses. */
export function newQueue<P = Task>(label = 'djq'): { queue: Queue<P>; redis: Redis; prefix: string } {
  const redis = client();
  const prefix = uniquePrefix(label);
  return { queue: new DurableQueue<P>({ redis, prefix }), redis, prefix };
}

/**
 * For a suite inside `describeWithServerClock`: the server clock frozen at `serverEpoch` before each test, the
 * test process's `Date` frozen at `clientEpoch`, 30 years earlier. Timers stay real (the Worker's heartbeats).
 */
export function useClocks(): ServerClock {
  const clock = useServerClock();
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clientEpoch);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return clock;
}

/**
 * Everything the queue keeps under `prefix`, as one number: 1 per string key, plus the length of every hash,
 * list, set and sorted set. Per-job leftovers (a job hash, an id left in the processing set) make it grow with the
 * number of jobs; fixed bookkeeping (counters) does not.
 */
export async function footprint(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  for (const key of await allKeys(redis, prefix)) {
    const type = await redis.type(key);
    if (type === 'string') total += 1;
    else if (type === 'hash') total += await redis.hlen(key);
    else if (type === 'list') total += await redis.llen(key);
    else if (type === 'set') total += await redis.scard(key);
    else if (type === 'zset') total += await redis.zcard(key);
    else total += 1;
  }
  return total;
}

/** Reserves every ready job, in order, and returns their payloads' `n`. */
export async function drainOrder(
  queue: { reserve(workerId: string): Promise<{ payload: unknown } | null> },
  workerId = 'w',
): Promise<number[]> {
  const order: number[] = [];
  for (;;) {
    const job = await queue.reserve(workerId);
    if (job === null) return order;
    order.push((job.payload as Task).n);
  }
}

/** Asserts `promise` rejects with a LeaseLostError for `jobId`. */
export async function expectLeaseLost(promise: Promise<unknown>, jobId: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LeaseLostError);
  expect(error).toBeInstanceOf(DurableQueueError);
  expect((error as { jobId: string }).jobId).toBe(jobId);
  expect((error as Error).message).toMatch(new RegExp(`job ${jobId}\\b`));
}

/** Waits (real time, bounded) until `condition` holds; fails with `what` otherwise. */
export async function eventually(what: string, condition: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
