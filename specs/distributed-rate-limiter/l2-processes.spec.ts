import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { implFile } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { stopAll, WorkerProcess } from '../support/redis/workers.ts';
import { describeWithServerClock, redisTarget, uniquePrefix, useServerClock } from '../support/redis.ts';
import { decide, useLimiters } from './helpers.ts';
import type { HammerRequest, HammerResult } from './workers/hammer.ts';

const hammerScript = fileURLToPath(new URL('./workers/hammer.ts', import.meta.url));

/** The four processes' clocks: two hours slow, a second slow, right, three hours fast. */
const skews = [-2 * 3_600_000, -1_000, 0, 3 * 3_600_000];

/** Rounds of the hammer test; each uses a fresh key. */
const rounds = 50;
const capacity = 25;
/** Requests per process per round, all in flight at once: 4 × 40 = 160 for 25 tokens. */
const requestsPerProcess = 40;

describe(level(2, 'Many processes, one limit'), () => {
  describeWithServerClock('four processes on one key', () => {
    const clock = useServerClock();
    let workers: WorkerProcess[] = [];

    beforeAll(async () => {
      const target = redisTarget();
      if (!target.available) throw new Error('no Redis');
      const env = { IMPL_FILE: implFile('distributed-rate-limiter'), REDIS_URL: target.url };
      workers = await Promise.all(
        skews.map((skew) => WorkerProcess.start(hammerScript, { ...env, CLOCK_SKEW_MS: String(skew) })),
      );
    }, 60_000);

    afterAll(async () => {
      await stopAll();
    });

    /** Every process sends its requests at once; resolves with each process's result. */
    function hammer(prefix: string, key: string, refillPerSecond: number): Promise<HammerResult[]> {
      const request: HammerRequest = { prefix, key, capacity, refillPerSecond, requests: requestsPerProcess };
      return Promise.all(workers.map((worker) => worker.request<HammerResult>(request)));
    }

    it('never admits more than the capacity in total, over many rounds: 0 over-admissions', async () => {
      const prefix = uniquePrefix('dl-l2-hammer');
      const admitted: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // A fresh key each round, the server clock frozen: exactly `capacity` tokens to share.
        const results = await hammer(prefix, `round-${round}`, 0.001);
        for (const result of results) expect(result.sources).toEqual({ redis: requestsPerProcess });
        admitted.push(results.reduce((sum, result) => sum + result.allowed, 0));
      }
      const overAdmissions = admitted.reduce((sum, count) => sum + Math.max(0, count - capacity), 0);
      const summary =
        `${rounds} rounds × ${workers.length} processes × ${requestsPerProcess} requests for ${capacity} tokens: ` +
        `admitted per round ${admitted.join(',')}; over-admissions ${overAdmissions}`;
      // LLD_REPORT=1 prints the count (the kata's README quotes it); a failure shows it anyway.
      if (process.env.LLD_REPORT === '1') console.info(`distributed-rate-limiter: ${summary}`);
      expect(admitted, summary).toEqual(Array.from({ length: rounds }, () => capacity));
    }, 60_000);

    it('refills by the server clock only, whatever the processes clocks say (they disagree by hours)', async () => {
      const prefix = uniquePrefix('dl-l2-skew');
      const total = (results: HammerResult[]) => results.reduce((sum, result) => sum + result.allowed, 0);
      expect(total(await hammer(prefix, 'k', 1))).toBe(capacity); // t=0: the full bucket, then empty
      expect(total(await hammer(prefix, 'k', 1))).toBe(0); // still t=0: nothing refilled
      await clock.advance(10_000); // t=10 s: 10 tokens at 1/s
      expect(total(await hammer(prefix, 'k', 1))).toBe(10);
      await clock.advance(999); // t=10.999 s: not a whole token yet
      expect(total(await hammer(prefix, 'k', 1))).toBe(0);
    }, 60_000);
  });

  describeWithServerClock('one process whose clock is moved', () => {
    useServerClock();
    const { make } = useLimiters('dl-l2-date');

    afterEach(() => {
      vi.useRealTimers();
    });

    it('gives the same decisions when the client clock jumps by hours (Date is faked)', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      const first = [await decide(limiter, 'k'), await decide(limiter, 'k')];
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 6 * 3_600_000); // six hours ahead
      const ahead = [await decide(limiter, 'k'), await decide(limiter, 'k')];
      vi.setSystemTime(Date.now() - 12 * 3_600_000); // six hours behind
      const behind = await decide(limiter, 'k');
      expect([...first, ...ahead, behind].map((decision) => [decision.allowed, decision.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
        [false, 0],
      ]);
    });
  });
});
