/**
 * What `npm run bench` measures: the main operations of every kata's reference solution, each at three sizes.
 *
 * Every case names the complexity its kata's README claims. The size n is the number of entries, keys, queued
 * jobs or items the structure holds when the timed operations run; the batch is large enough (≥ n operations)
 * for traps that only show after about n operations (a V8 `Map` used as a queue) to show.
 */
import * as cacheFactory from '../../solutions/cache-factory/index.ts';
import * as circuitBreaker from '../../solutions/circuit-breaker/index.ts';
import * as fifo from '../../solutions/fifo/index.ts';
import * as fixedWindow from '../../solutions/fixed-window/index.ts';
import * as jobProcessor from '../../solutions/job-processor/index.ts';
import * as lfu from '../../solutions/lfu/index.ts';
import * as lru from '../../solutions/lru/index.ts';
import * as priorityQueue from '../../solutions/priority-queue/index.ts';
import * as rateLimiterFactory from '../../solutions/rate-limiter-factory/index.ts';
import * as retryBackoff from '../../solutions/retry-backoff/index.ts';
import * as slidingWindowCounter from '../../solutions/sliding-window-counter/index.ts';
import * as slidingWindowLog from '../../solutions/sliding-window-log/index.ts';
import * as tokenBucket from '../../solutions/token-bucket/index.ts';
import * as ttlCache from '../../solutions/ttl-cache/index.ts';
import * as lruMapReinsert from '../../specs/lru/buggy/map-reinsert.ts';
import * as pqSortedArray from '../../specs/priority-queue/buggy/sorted-array.ts';
import * as swlArrayShift from '../../specs/sliding-window-log/buggy/array-shift.ts';
import { randomIndexes, type Sample, timeAsync, timeSync, timeSyncWithin } from './measure.ts';

/** How the cost per operation should grow with n if the claim holds. */
export type Growth = 'constant' | 'logarithmic';

export interface BenchCase {
  readonly kata: string;
  readonly operation: string;
  /** The complexity the kata's README claims, as printed. */
  readonly claim: string;
  readonly growth: Growth;
  readonly sizes: readonly number[];
  readonly trial: (n: number) => Sample | Promise<Sample>;
  /** Measured rounds per size (default 5). */
  readonly rounds?: number;
  /** A known-buggy design from specs/<id>/buggy/, expected to grow. */
  readonly trap?: boolean;
}

export interface MemoryCase {
  readonly kata: string;
  /** What one entry is, e.g. 'entry (string key, shared value)'. */
  readonly entry: string;
  readonly n: number;
  readonly build: (n: number) => unknown;
}

const sizes = [1_000, 10_000, 100_000] as const;
/** Timed operations per trial: at least n, at least this many. */
const minOps = 100_000;
const opsFor = (n: number) => Math.max(n, minOps);
const keys = (n: number) => Array.from({ length: n }, (_, i) => `key:${i}`);

/**
 * Reads are spread over a hot set of 1,000 keys picked at random among the n held, as the specs' growth checks do:
 * the structure grows, the working set does not, so what is measured is the algorithm, not the CPU's memory
 * caches (uniform reads over 1e5 entries miss those caches on most reads, whatever the algorithm).
 */
function hotKeys(names: readonly string[], ops: number): string[] {
  const hot = randomIndexes(Math.min(1_000, names.length), names.length, 5);
  const order = randomIndexes(ops, hot.length, 6);
  return Array.from(order, (i) => names[hot[i] as number] as string);
}

interface CacheLike {
  get(key: string): unknown;
  put(key: string, value: number): void;
}

/** get (every one a hit, on random keys) and put (every one a miss that evicts) on a full cache of capacity n. */
function cacheCases(kata: string, create: (capacity: number) => CacheLike, claim = 'O(1)'): BenchCase[] {
  const full = (n: number) => {
    const cache = create(n);
    const names = keys(n);
    for (const key of names) cache.put(key, 1);
    return { cache, names };
  };
  return [
    {
      kata,
      operation: 'get (hit, full cache)',
      claim,
      growth: 'constant',
      sizes,
      trial: (n) => {
        const { cache, names } = full(n);
        const ops = opsFor(n);
        const order = hotKeys(names, ops);
        return timeSync(cache, ops, (c, i) => c.get(order[i] as string));
      },
    },
    {
      kata,
      operation: 'put (miss, evicts, full cache)',
      claim,
      growth: 'constant',
      sizes,
      trial: (n) => {
        const { cache } = full(n);
        const ops = opsFor(n);
        const fresh = Array.from({ length: ops }, (_, i) => `new:${i}`);
        return timeSync(cache, ops, (c, i) => c.put(fresh[i] as string, 2));
      },
    },
  ];
}

interface Limiter {
  tryAcquire(key?: string, cost?: number): unknown;
}

/**
 * tryAcquire over n distinct keys, each hit in turn (so n keys are tracked), with a clock that moves 1 ms every
 * 100 calls: windows roll over and idle keys are forgotten during the batch, as in production.
 */
function limiterCase(kata: string, operation: string, create: (now: () => number) => Limiter): BenchCase {
  return {
    kata,
    operation,
    claim: 'O(1) amortised',
    growth: 'constant',
    sizes,
    trial: (n) => {
      let t = 0;
      const limiter = create(() => t);
      const names = keys(n);
      const ops = opsFor(n) * 2;
      return timeSync(limiter, ops, (l, i) => {
        if (i % 100 === 0) t++;
        l.tryAcquire(names[i % n]);
      });
    },
  };
}

const limit = { maxRequests: 10, timeWindowSeconds: 60 } as const;

/** A TTL cache holding n keys on a clock that stands still, and the hot keys the timed operations visit. */
function filledTtlCache(n: number) {
  const cache = new ttlCache.TTLCache<string, number>({ ttl: 60_000, now: () => 0 });
  const names = keys(n);
  for (const key of names) cache.set(key, 1);
  const ops = opsFor(n);
  return { cache, ops, order: hotKeys(names, ops) };
}

export const benchCases: readonly BenchCase[] = [
  ...cacheCases('lru', (capacity) => new lru.LRUCache<string, number>(capacity)),
  ...cacheCases('lfu', (capacity) => new lfu.LFUCache<string, number>(capacity)),
  ...cacheCases('fifo', (capacity) => new fifo.FIFOCache<string, number>(capacity)),
  {
    kata: 'ttl-cache',
    operation: 'get (hit)',
    claim: 'O(1)',
    growth: 'constant',
    sizes,
    trial: (n) => {
      const { cache, ops, order } = filledTtlCache(n);
      return timeSync(cache, ops, (c, i) => c.get(order[i] as string));
    },
  },
  {
    kata: 'ttl-cache',
    operation: 'set (update, random TTL)',
    claim: 'O(log n)',
    growth: 'logarithmic',
    sizes,
    trial: (n) => {
      const { cache, ops, order } = filledTtlCache(n);
      const ttls = randomIndexes(ops, n, 14);
      return timeSync(cache, ops, (c, i) => c.set(order[i] as string, 2, { ttl: 1_000 + (ttls[i] as number) }));
    },
  },
  ...cacheCases(
    'cache-factory',
    (capacity) => cacheFactory.CacheFactory.create<string, number>(cacheFactory.EvictionPolicy.LRU, { capacity }),
    'O(1)',
  ).map((c) => ({ ...c, operation: `LRU ${c.operation}` })),
  ...cacheCases('cache-factory', (capacity) =>
    cacheFactory.CacheFactory.create<string, number>(cacheFactory.EvictionPolicy.LFU, { capacity }),
  )
    .filter((c) => c.operation.startsWith('put'))
    .map((c) => ({ ...c, operation: `LFU ${c.operation}` })),
  limiterCase(
    'token-bucket',
    'tryAcquire (n keys in turn)',
    (now) => new tokenBucket.TokenBucket({ capacity: 10, refillPerSecond: 1, now }),
  ),
  limiterCase(
    'fixed-window',
    'tryAcquire (n keys in turn)',
    (now) => new fixedWindow.FixedWindow({ limit: 10, windowMs: 60_000, now }),
  ),
  limiterCase(
    'sliding-window-log',
    'tryAcquire (n keys in turn)',
    (now) => new slidingWindowLog.SlidingWindowLog({ limit: 10, windowMs: 60_000, now }),
  ),
  {
    kata: 'sliding-window-log',
    operation: 'tryAcquire (one key, log of n entries)',
    claim: 'O(1) amortised',
    growth: 'constant',
    sizes,
    trial: (n) => {
      // limit n per window of n ms, one request per ms: the log holds n timestamps and every call prunes one.
      let t = 0;
      const limiter = new slidingWindowLog.SlidingWindowLog({ limit: n, windowMs: n, now: () => t });
      for (let i = 0; i < n; i++) {
        t++;
        limiter.tryAcquire('hot');
      }
      const ops = opsFor(n);
      return timeSync(limiter, ops, (l) => {
        t++;
        l.tryAcquire('hot');
      });
    },
  },
  limiterCase(
    'sliding-window-counter',
    'tryAcquire (n keys in turn)',
    (now) => new slidingWindowCounter.SlidingWindowCounter({ limit: 10, windowMs: 60_000, now }),
  ),
  ...(['token-bucket', 'fixed-window', 'sliding-window-log', 'sliding-window-counter'] as const).map((strategy) =>
    limiterCase('rate-limiter-factory', `${strategy} tryAcquire (n keys in turn)`, (now) =>
      rateLimiterFactory.RateLimiterFactory.create(strategy, { ...limit, now }),
    ),
  ),
  {
    kata: 'priority-queue',
    operation: 'push then pop (n items held)',
    claim: 'O(log n)',
    growth: 'logarithmic',
    sizes,
    trial: (n) => {
      const random = randomIndexes(n, 1 << 30, 7);
      const queue = priorityQueue.PriorityQueue.from(random);
      const ops = opsFor(n);
      const values = randomIndexes(ops, 1 << 30, 8);
      return timeSync(queue, ops, (q, i) => {
        q.push(values[i] as number);
        q.pop();
      });
    },
  },
  {
    kata: 'priority-queue',
    operation: 'updatePriority (random handle)',
    claim: 'O(log n)',
    growth: 'logarithmic',
    sizes,
    trial: (n) => {
      const queue = new priorityQueue.PriorityQueue<number>();
      const initial = randomIndexes(n, 1 << 30, 9);
      const handles = Array.from(initial, (value) => queue.push(value));
      const ops = opsFor(n);
      const which = randomIndexes(ops, n, 10);
      const values = randomIndexes(ops, 1 << 30, 11);
      return timeSync(queue, ops, (q, i) =>
        q.updatePriority(handles[which[i] as number] as priorityQueue.Handle<number>, values[i] as number),
      );
    },
  },
  {
    kata: 'priority-queue',
    operation: 'from (bulk build), per item',
    claim: 'O(n) build',
    growth: 'constant',
    sizes,
    trial: (n) => {
      const items = randomIndexes(n, 1 << 30, 12);
      const rounds = Math.max(1, Math.floor(minOps / n));
      const sample = timeSync(items, rounds, (values) => priorityQueue.PriorityQueue.from(values));
      return { ns: sample.ns, ops: rounds * n };
    },
  },
  {
    kata: 'retry-backoff',
    operation: 'delaySchedule (decorrelated jitter), per delay',
    claim: 'O(1) per delay',
    growth: 'constant',
    sizes,
    trial: (n) => {
      const policy = { base: 100, maxDelay: 60_000, jitter: 'decorrelated', random: () => 0.5 } as const;
      const rounds = Math.max(1, Math.floor(minOps / n));
      const sample = timeSync(policy, rounds, (p) => retryBackoff.delaySchedule(p, n));
      return { ns: sample.ns, ops: rounds * n };
    },
  },
  {
    kata: 'retry-backoff',
    operation: 'retry, per attempt (n attempts, no wait)',
    claim: 'O(1) per attempt',
    growth: 'constant',
    sizes,
    trial: async (n) => {
      let calls = 0;
      const started = process.hrtime.bigint();
      await retryBackoff.retry(
        () => {
          calls++;
          if (calls < n) throw new Error('transient');
          return calls;
        },
        { base: 0, attempts: n },
        { sleep: () => Promise.resolve() },
      );
      return { ns: Number(process.hrtime.bigint() - started), ops: n };
    },
  },
  {
    kata: 'circuit-breaker',
    operation: 'execute (closed, failure-rate window of n calls)',
    claim: 'O(1) amortised',
    growth: 'constant',
    sizes,
    trial: async (n) => {
      // One call per ms and a window of n ms: the window holds n outcomes and every call drops one.
      let t = 0;
      const breaker = new circuitBreaker.CircuitBreaker({
        now: () => t,
        failureRate: { threshold: 0.9, windowMs: n, minimumCalls: 10 },
      });
      const ok = () => 1;
      for (let i = 0; i < n; i++) {
        t++;
        await breaker.execute(ok);
      }
      return timeAsync(breaker, opsFor(n), (b) => {
        t++;
        return b.execute(ok);
      });
    },
  },
  {
    kata: 'job-processor',
    operation: 'submit (n jobs waiting, priority)',
    claim: 'O(log n)',
    growth: 'logarithmic',
    sizes,
    trial: (n) => {
      const processor = jobProcessor.JobProcessorFactory.create('priority', { maxWorkers: 1, now: () => 0 });
      const never = () => new Promise<never>(() => {});
      processor.submit(never, 0); // holds the only worker: everything after waits
      const priorities = randomIndexes(n + opsFor(n), 1000, 13);
      const noop = () => 0;
      for (let i = 0; i < n; i++) processor.submit(noop, i, { priority: priorities[i] as number });
      const ops = opsFor(n);
      return timeSync(processor, ops, (p, i) => p.submit(noop, i, { priority: priorities[n + i] as number }));
    },
  },
  {
    kata: 'job-processor',
    operation: 'submit and run to completion, per job (n jobs, 4 workers)',
    claim: 'O(log n)',
    growth: 'logarithmic',
    sizes,
    trial: async (n) => {
      const processor = jobProcessor.JobProcessorFactory.create('fifo', { maxWorkers: 4 });
      const noop = (x: number) => x;
      const started = process.hrtime.bigint();
      for (let i = 0; i < n; i++) processor.submit(noop, i);
      await processor.onIdle();
      return { ns: Number(process.hrtime.bigint() - started), ops: n };
    },
  },
];

const memoryN = 100_000;

function fillCache(cache: CacheLike, n: number) {
  for (let i = 0; i < n; i++) cache.put(`key:${i}`, 1);
  return cache;
}

function fillLimiter(limiter: Limiter, n: number) {
  for (let i = 0; i < n; i++) limiter.tryAcquire(`user:${i}`);
  return limiter;
}

export const memoryCases: readonly MemoryCase[] = [
  { kata: 'lru', entry: 'entry', n: memoryN, build: (n) => fillCache(new lru.LRUCache(n), n) },
  { kata: 'lfu', entry: 'entry', n: memoryN, build: (n) => fillCache(new lfu.LFUCache(n), n) },
  { kata: 'fifo', entry: 'entry', n: memoryN, build: (n) => fillCache(new fifo.FIFOCache(n), n) },
  {
    kata: 'ttl-cache',
    entry: 'entry',
    n: memoryN,
    build: (n) => {
      const cache = new ttlCache.TTLCache<string, number>({ ttl: 60_000, now: () => 0 });
      for (let i = 0; i < n; i++) cache.set(`key:${i}`, 1);
      return cache;
    },
  },
  {
    kata: 'cache-factory',
    entry: 'entry (LRU policy)',
    n: memoryN,
    build: (n) =>
      fillCache(cacheFactory.CacheFactory.create<string, number>(cacheFactory.EvictionPolicy.LRU, { capacity: n }), n),
  },
  {
    kata: 'token-bucket',
    entry: 'key',
    n: memoryN,
    build: (n) => fillLimiter(new tokenBucket.TokenBucket({ capacity: 10, refillPerSecond: 1, now: () => 0 }), n),
  },
  {
    kata: 'fixed-window',
    entry: 'key',
    n: memoryN,
    build: (n) => fillLimiter(new fixedWindow.FixedWindow({ limit: 10, windowMs: 60_000, now: () => 0 }), n),
  },
  {
    kata: 'sliding-window-log',
    entry: 'key (one request logged)',
    n: memoryN,
    build: (n) => fillLimiter(new slidingWindowLog.SlidingWindowLog({ limit: 10, windowMs: 60_000, now: () => 0 }), n),
  },
  {
    kata: 'sliding-window-counter',
    entry: 'key',
    n: memoryN,
    build: (n) =>
      fillLimiter(new slidingWindowCounter.SlidingWindowCounter({ limit: 10, windowMs: 60_000, now: () => 0 }), n),
  },
  {
    kata: 'priority-queue',
    entry: 'item (number)',
    n: memoryN,
    build: (n) => {
      const queue = new priorityQueue.PriorityQueue<number>();
      for (let i = 0; i < n; i++) queue.push(i);
      return queue;
    },
  },
  {
    kata: 'job-processor',
    entry: 'waiting job',
    n: memoryN,
    build: (n) => {
      const processor = jobProcessor.JobProcessorFactory.create('priority', { maxWorkers: 1, now: () => 0 });
      processor.submit(() => new Promise<never>(() => {}), 0);
      for (let i = 0; i < n; i++) processor.submit((x: number) => x, i);
      return processor;
    },
  },
];

/** A timed batch of a trap stops after this long; enough operations have run by then to show the trend. */
const trapBudgetMs = 300;

interface MixedCache {
  get(key: number): unknown;
  put(key: number, value: number): void;
}

/** The LRU spec's growth-check workload: 3 gets of recent keys, then 1 new key that evicts, per 4 operations. */
function mixedLru(create: (capacity: number) => MixedCache): (n: number) => Sample {
  return (n) => {
    const state = { cache: create(n), next: 0 };
    for (let i = 0; i < n; i++) state.cache.put(i, i);
    state.next = n;
    return timeSyncWithin(state, opsFor(2 * n), trapBudgetMs, (s, i) => {
      if ((i & 3) === 3) {
        s.cache.put(s.next, i);
        s.next++;
      } else {
        const key = s.next - 1 - (i & 63);
        if (s.cache.get(key) === undefined) s.cache.put(key, i);
      }
    });
  };
}

/** One key, a log of n timestamps, one request per ms: every call appends one and prunes one. */
function slidingLogOneKey(create: (limit: number, now: () => number) => Limiter): (n: number) => Sample {
  return (n) => {
    let t = 0;
    const limiter = create(n, () => t);
    for (let i = 0; i < n; i++) {
      t++;
      limiter.tryAcquire('hot');
    }
    return timeSyncWithin(limiter, opsFor(2 * n), trapBudgetMs, (l) => {
      t++;
      l.tryAcquire('hot');
    });
  };
}

interface NumberQueue {
  push(value: number): unknown;
  pop(): unknown;
}

function pushPop(create: () => NumberQueue): (n: number) => Sample {
  return (n) => {
    const queue = create();
    const initial = randomIndexes(n, 1 << 30, 7);
    for (const value of initial) queue.push(value);
    const ops = opsFor(2 * n);
    const values = randomIndexes(ops, 1 << 30, 8);
    return timeSyncWithin(queue, ops, trapBudgetMs, (q, i) => {
      q.push(values[i] as number);
      q.pop();
    });
  };
}

const trapSizes = [1_000, 32_000] as const;

/**
 * Known-buggy designs the specs kill (specs/<id>/buggy/), timed beside the reference on the same workload, at
 * sizes 32× apart, 3 rounds each (an O(n) operation at 1e5 would take too long). A correct structure stays flat;
 * a trap grows with n.
 */
export const trapCases: readonly BenchCase[] = [
  {
    kata: 'lru',
    operation: 'reference: 3 hot gets + 1 evicting put',
    claim: 'O(1)',
    growth: 'constant',
    sizes: trapSizes,
    rounds: 3,
    trial: mixedLru((capacity) => new lru.LRUCache<number, number>(capacity)),
  },
  {
    kata: 'lru',
    operation: 'trap [specs/lru/buggy/map-reinsert.ts](../specs/lru/buggy/map-reinsert.ts): same workload',
    claim: 'looks O(1)',
    trap: true,
    growth: 'constant',
    sizes: trapSizes,
    rounds: 3,
    trial: mixedLru((capacity) => new lruMapReinsert.LRUCache<number, number>(capacity)),
  },
  {
    kata: 'sliding-window-log',
    operation: 'reference: one key, log of n entries',
    claim: 'O(1) amortised',
    growth: 'constant',
    sizes: trapSizes,
    rounds: 3,
    trial: slidingLogOneKey((limit, now) => new slidingWindowLog.SlidingWindowLog({ limit, windowMs: limit, now })),
  },
  {
    kata: 'sliding-window-log',
    operation:
      'trap [specs/sliding-window-log/buggy/array-shift.ts](../specs/sliding-window-log/buggy/array-shift.ts): same workload',
    claim: 'looks O(1)',
    trap: true,
    growth: 'constant',
    sizes: trapSizes,
    rounds: 3,
    trial: slidingLogOneKey((limit, now) => new swlArrayShift.SlidingWindowLog({ limit, windowMs: limit, now })),
  },
  {
    kata: 'priority-queue',
    operation: 'reference: push then pop, n items held',
    claim: 'O(log n)',
    growth: 'logarithmic',
    sizes: trapSizes,
    rounds: 3,
    trial: pushPop(() => new priorityQueue.PriorityQueue<number>()),
  },
  {
    kata: 'priority-queue',
    operation:
      'trap [specs/priority-queue/buggy/sorted-array.ts](../specs/priority-queue/buggy/sorted-array.ts): same workload',
    claim: 'looks O(log n)',
    trap: true,
    growth: 'logarithmic',
    sizes: trapSizes,
    rounds: 3,
    trial: pushPop(() => new pqSortedArray.PriorityQueue<number>()),
  },
];
