import { describe, expect, it, test } from 'vitest';
import { level } from '../support/level.ts';
import { describeWithServerClock, serverEpoch, watchCommands } from '../support/redis.ts';
import { drainOrder, expectLeaseLost, newQueue, useClocks } from './helpers.ts';

describeWithServerClock(level(3, 'Retries, backoff and dead letters'), () => {
  const clock = useClocks();

  describe('fail with attempts left', () => {
    it('keeps the error and delays the job by the backoff', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { type: 'fixed', baseMs: 500 } });
      const job = await queue.reserve('w1');
      await clock.advance(20);
      // t=20
      expect(await queue.fail(id, job?.leaseToken ?? '', new Error('SMTP 451'))).toEqual({
        state: 'delayed',
        dueAt: serverEpoch + 520,
      });
      expect(await queue.get(id)).toMatchObject({
        state: 'delayed',
        attempts: 1,
        dueAt: serverEpoch + 520,
        leaseExpiresAt: null,
        workerId: null,
        errors: [{ attempt: 1, message: 'SMTP 451', at: serverEpoch + 20 }],
      });
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 1, running: 0, failed: 0, succeeded: 0 });
    });

    it('retries at the due time, not a millisecond before, as the next attempt', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { type: 'fixed', baseMs: 500 } });
      const first = await queue.reserve('w1');
      await queue.fail(id, first?.leaseToken ?? '', new Error('x'));
      await clock.advance(499);
      expect(await queue.reserve('w1')).toBeNull();
      await clock.advance(1);
      const second = await queue.reserve('w2');
      expect(second).toMatchObject({ id, attempt: 2, payload: { n: 1 } });
      expect(second?.leaseToken).not.toBe(first?.leaseToken);
    });

    test.each([
      { type: 'fixed', baseMs: 100, maxMs: undefined, delays: [100, 100, 100, 100] },
      { type: 'linear', baseMs: 100, maxMs: undefined, delays: [100, 200, 300, 400] },
      { type: 'exponential', baseMs: 100, maxMs: undefined, delays: [100, 200, 400, 800] },
      { type: 'exponential', baseMs: 100, maxMs: 300, delays: [100, 200, 300, 300] },
      { type: 'linear', baseMs: 250, maxMs: 600, delays: [250, 500, 600, 600] },
      { type: undefined, baseMs: 1, maxMs: undefined, delays: [1, 2, 4, 8] },
    ] as const)(
      '$type backoff from $baseMs ms capped at $maxMs: due after $delays',
      async ({ type, baseMs, maxMs, delays }) => {
        const { queue } = newQueue();
        const backoff = { baseMs, ...(type === undefined ? {} : { type }), ...(maxMs === undefined ? {} : { maxMs }) };
        const id = await queue.enqueue({ n: 1 }, { maxAttempts: 5, backoff });
        const seen: number[] = [];
        for (let attempt = 1; attempt <= 4; attempt++) {
          const job = await queue.reserve('w');
          expect(job?.attempt).toBe(attempt);
          await clock.advance(7);
          const result = await queue.fail(id, job?.leaseToken ?? '', 'no');
          const dueAt = 'dueAt' in result ? result.dueAt : Number.NaN;
          seen.push(dueAt - clock.now);
          await clock.set(dueAt - 1);
          expect(await queue.reserve('w')).toBeNull();
          await clock.set(dueAt);
        }
        expect(seen).toEqual(delays);
      },
    );

    it('waits 1000 ms, then 2000 ms by default', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const first = await queue.reserve('w');
      expect(await queue.fail(id, first?.leaseToken ?? '', 'a')).toEqual({
        state: 'delayed',
        dueAt: serverEpoch + 1_000,
      });
      await clock.advance(1_000);
      const second = await queue.reserve('w');
      expect(await queue.fail(id, second?.leaseToken ?? '', 'b')).toEqual({
        state: 'delayed',
        dueAt: serverEpoch + 3_000,
      });
    });

    it('requeues at once when the backoff is 0', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { baseMs: 0 } });
      const job = await queue.reserve('w');
      expect(await queue.fail(id, job?.leaseToken ?? '', 'x')).toEqual({ state: 'queued', dueAt: serverEpoch });
      expect((await queue.get(id))?.state).toBe('queued');
      expect((await queue.reserve('w'))?.attempt).toBe(2);
    });

    it('puts a retried job in line by its retry time', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { type: 'fixed', baseMs: 1_000 } });
      const job = await queue.reserve('w');
      await queue.fail(id, job?.leaseToken ?? '', 'x');
      await clock.advance(1_500);
      // t=1500: job 2 enqueued after job 1 became ready again (t=1000)
      await queue.enqueue({ n: 2 });
      expect(await drainOrder(queue)).toEqual([1, 2]);
    });

    it('keeps the message of an Error, and String() of anything else', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { maxAttempts: 4, backoff: { baseMs: 0 } });
      for (const error of [new TypeError('bad type'), 'plain text', 42]) {
        const job = await queue.reserve('w');
        await queue.fail(id, job?.leaseToken ?? '', error);
      }
      expect((await queue.get(id))?.errors.map((entry) => entry.message)).toEqual(['bad type', 'plain text', '42']);
    });

    it('refuses a stale lease and changes nothing: no error kept, no attempt used', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { baseMs: 0 } });
      const job = await queue.reserve('w', { leaseMs: 1_000 });
      await expectLeaseLost(queue.fail(id, 'forged', 'x'), id);
      await clock.advance(1_000);
      await expectLeaseLost(queue.fail(id, job?.leaseToken ?? '', 'x'), id);
      expect(await queue.get(id)).toMatchObject({ state: 'running', attempts: 1, errors: [] });
    });

    it('fails in one EVALSHA', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { baseMs: 0 } });
      const warm = await queue.reserve('w');
      await queue.fail(id, warm?.leaseToken ?? '', 'warm-up');
      const job = await queue.reserve('w');
      const seen = await watchCommands(async () => {
        await queue.fail(id, job?.leaseToken ?? '', 'x');
      });
      expect(seen.fromClients).toEqual(['evalsha']);
    });
  });

  describe('dead letters', () => {
    it('dead-letters the job after its last attempt, with every error', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 9 }, { maxAttempts: 3, backoff: { type: 'fixed', baseMs: 100 } });
      const at: number[] = [];
      let last: unknown;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const job = await queue.reserve('w');
        at.push(clock.now);
        last = await queue.fail(id, job?.leaseToken ?? '', new Error(`failure ${attempt}`));
        await clock.advance(100);
      }
      expect(last).toEqual({ state: 'failed', failedAt: serverEpoch + 200 });
      const errors = [1, 2, 3].map((attempt) => ({ attempt, message: `failure ${attempt}`, at: at[attempt - 1] }));
      const dead = {
        id,
        payload: { n: 9 },
        state: 'failed',
        priority: 0,
        attempts: 3,
        maxAttempts: 3,
        enqueuedAt: serverEpoch,
        dueAt: null,
        leaseExpiresAt: null,
        workerId: null,
        failedAt: serverEpoch + 200,
        errors,
      };
      expect(await queue.get(id)).toEqual(dead);
      expect(await queue.deadLetters()).toEqual([dead]);
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 1, succeeded: 0 });
      expect(await queue.reserve('w')).toBeNull();
    });

    it('dead-letters at once with maxAttempts 1', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { maxAttempts: 1 });
      const job = await queue.reserve('w');
      expect(job?.maxAttempts).toBe(1);
      expect(await queue.fail(id, job?.leaseToken ?? '', 'x')).toEqual({ state: 'failed', failedAt: serverEpoch });
    });

    it('ends a job that always fails in the dead-letter list with all its errors', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { maxAttempts: 6, backoff: { type: 'exponential', baseMs: 10 } });
      let attempts = 0;
      for (let round = 0; round < 100; round++) {
        const job = await queue.reserve('w');
        if (job === null) {
          await clock.advance(5);
          continue;
        }
        attempts++;
        await queue.fail(job.id, job.leaseToken, new Error(`always (${job.attempt})`));
      }
      expect(attempts).toBe(6);
      const [dead] = await queue.deadLetters();
      expect(dead?.id).toBe(id);
      expect(dead?.errors.map((error) => [error.attempt, error.message])).toEqual(
        [1, 2, 3, 4, 5, 6].map((n) => [n, `always (${n})`]),
      );
    });

    it('lists dead letters in the order they failed', async () => {
      const { queue } = newQueue();
      const a = await queue.enqueue({ n: 1 }, { maxAttempts: 1 });
      const b = await queue.enqueue({ n: 2 }, { maxAttempts: 1 });
      const c = await queue.enqueue({ n: 3 }, { maxAttempts: 1 });
      const jobs = [await queue.reserve('w'), await queue.reserve('w'), await queue.reserve('w')];
      await queue.fail(c, jobs[2]?.leaseToken ?? '', 'c');
      await clock.advance(1);
      await queue.fail(a, jobs[0]?.leaseToken ?? '', 'a');
      await clock.advance(1);
      await queue.fail(b, jobs[1]?.leaseToken ?? '', 'b');
      expect((await queue.deadLetters()).map((job) => job.id)).toEqual([c, a, b]);
    });

    it('reads every dead letter in one EVALSHA', async () => {
      const { queue } = newQueue();
      for (let n = 1; n <= 3; n++) {
        const id = await queue.enqueue({ n }, { maxAttempts: 1 });
        const job = await queue.reserve('w');
        await queue.fail(id, job?.leaseToken ?? '', `error ${n}`);
      }
      await queue.deadLetters();
      let dead: unknown[] = [];
      const seen = await watchCommands(async () => {
        dead = await queue.deadLetters();
      });
      expect({ dead: dead.length, fromClients: seen.fromClients }).toEqual({ dead: 3, fromClients: ['evalsha'] });
    });

    it('returns an empty list when nothing failed', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      expect(await queue.deadLetters()).toEqual([]);
    });
  });

  describe('bad input', () => {
    test.each([
      ['maxAttempts 0', { maxAttempts: 0 }, RangeError, /maxAttempts.*`0` \(number\)/],
      ['maxAttempts 1.5', { maxAttempts: 1.5 }, RangeError, /maxAttempts/],
      ['maxAttempts "3"', { maxAttempts: '3' }, TypeError, /maxAttempts/],
      ['backoff null', { backoff: null }, TypeError, /backoff/],
      ['backoff.type "random"', { backoff: { type: 'random', baseMs: 1 } }, TypeError, /type/],
      ['backoff.baseMs missing', { backoff: { type: 'fixed' } }, TypeError, /baseMs/],
      ['backoff.baseMs -1', { backoff: { baseMs: -1 } }, RangeError, /baseMs/],
      ['backoff.maxMs -1', { backoff: { baseMs: 1, maxMs: -1 } }, RangeError, /maxMs/],
      ['backoff.maxMs 1.5', { backoff: { baseMs: 1, maxMs: 1.5 } }, RangeError, /maxMs/],
    ] as const)('rejects %s, storing nothing', async (_label, options, errorClass, pattern) => {
      const { queue } = newQueue();
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.enqueue({ n: 1 }, options)).rejects.toThrow(errorClass);
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.enqueue({ n: 1 }, options)).rejects.toThrow(pattern);
      expect((await queue.counts()).queued).toBe(0);
    });

    it('accepts maxMs Infinity as no cap', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { backoff: { baseMs: 5, maxMs: Number.POSITIVE_INFINITY } });
      const job = await queue.reserve('w');
      expect(await queue.fail(id, job?.leaseToken ?? '', 'x')).toEqual({ state: 'delayed', dueAt: serverEpoch + 5 });
    });
  });
});
