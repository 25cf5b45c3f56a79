import { describe, expect, it, test } from 'vitest';
import { level } from '../support/level.ts';
import { allKeys, describeWithServerClock, serverEpoch, watchCommands } from '../support/redis.ts';
import {
  client,
  DurableQueue,
  DurableQueueError,
  expectLeaseLost,
  footprint,
  LeaseLostError,
  newQueue,
  useClocks,
} from './helpers.ts';

describeWithServerClock(level(1, 'Enqueue, reserve and ack with leases'), () => {
  const clock = useClocks();

  describe('constructor', () => {
    it('keeps the prefix given', () => {
      expect(new DurableQueue({ redis: client(), prefix: 'jobs:' }).prefix).toBe('jobs:');
    });

    test.each([
      ['options missing', (): unknown => undefined, /options/],
      ['options null', (): unknown => null, /options/],
      ['redis missing', (): unknown => ({ prefix: 'p:' }), /redis/],
      ['redis a string', (): unknown => ({ redis: 'redis://localhost', prefix: 'p:' }), /redis/],
      ['prefix missing', (): unknown => ({ redis: client() }), /prefix/],
      ['prefix empty', (): unknown => ({ redis: client(), prefix: '' }), /prefix/],
      ['prefix a number', (): unknown => ({ redis: client(), prefix: 7 }), /prefix/],
    ] as const)('rejects %s with a TypeError naming it', (_label, options, pattern) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new DurableQueue(options())).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new DurableQueue(options())).toThrow(pattern);
    });
  });

  describe('enqueue', () => {
    it('returns distinct non-empty string ids', async () => {
      const { queue } = newQueue();
      const ids = [];
      for (let n = 0; n < 12; n++) ids.push(await queue.enqueue({ n }));
      for (const id of ids) expect(typeof id === 'string' && id.length > 0).toBe(true);
      expect(new Set(ids).size).toBe(12);
    });

    it('stores a queued job with the defaults, stamped with the server time', async () => {
      const { queue } = newQueue();
      // t=serverEpoch (the test process's own clock says 2001)
      const id = await queue.enqueue({ n: 1 });
      expect(await queue.get(id)).toEqual({
        id,
        payload: { n: 1 },
        state: 'queued',
        priority: 0,
        attempts: 0,
        maxAttempts: 3,
        enqueuedAt: serverEpoch,
        dueAt: null,
        leaseExpiresAt: null,
        workerId: null,
        failedAt: null,
        errors: [],
      });
      expect(await queue.counts()).toEqual({ queued: 1, delayed: 0, running: 0, failed: 0, succeeded: 0 });
    });

    test.each([
      ['an object', { a: [1, 'x', null], b: { c: true } }],
      ['a string with quotes and unicode', 'say "hé" 😀 \\ \n'],
      ['a number', 42.5],
      ['zero', 0],
      ['null', null],
      ['false', false],
      ['an empty array', []],
      ['a large array', Array.from({ length: 2_000 }, (_, i) => i)],
    ] as const)('round-trips %s as the payload', async (_label, payload) => {
      const { queue } = newQueue<unknown>();
      const id = await queue.enqueue(payload);
      expect((await queue.get(id))?.payload).toEqual(payload);
      const job = await queue.reserve('w1');
      expect(job?.payload).toEqual(payload);
    });

    test.each([
      ['undefined', undefined],
      ['a function', () => 1],
      ['a bigint', 10n],
      ['a symbol', Symbol('s')],
    ])('rejects %s as the payload with a TypeError naming payload, storing nothing', async (_label, payload) => {
      const { queue, redis, prefix } = newQueue<unknown>();
      await expect(queue.enqueue(payload)).rejects.toThrow(TypeError);
      await expect(queue.enqueue(payload)).rejects.toThrow(/payload/);
      expect(await allKeys(redis, prefix)).toEqual([]);
    });
  });

  describe('get and counts', () => {
    it('answer null for an unknown job and zeros for an empty queue', async () => {
      const { queue } = newQueue();
      expect(await queue.get('1')).toBeNull();
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 0 });
    });

    test.each([
      ['an empty jobId', ''],
      ['a numeric jobId', 1],
    ])('get rejects %s with a TypeError naming jobId', async (_label, jobId) => {
      const { queue } = newQueue();
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.get(jobId)).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.get(jobId)).rejects.toThrow(/jobId/);
    });
  });

  describe('reserve', () => {
    it('returns null when nothing is queued', async () => {
      const { queue } = newQueue();
      expect(await queue.reserve('w1')).toBeNull();
    });

    it('hands out the job under a lease that ends leaseMs later on the server clock', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 7 });
      await clock.advance(250);
      // t=serverEpoch+250
      const job = await queue.reserve('w1', { leaseMs: 5_000 });
      expect(job).toEqual({
        id,
        payload: { n: 7 },
        attempt: 1,
        maxAttempts: 3,
        priority: 0,
        enqueuedAt: serverEpoch,
        leaseToken: expect.any(String),
        leaseExpiresAt: serverEpoch + 250 + 5_000,
      });
      expect(job?.leaseToken.length).toBeGreaterThan(0);
    });

    it('leases for 30 seconds by default', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      expect((await queue.reserve('w1'))?.leaseExpiresAt).toBe(serverEpoch + 30_000);
    });

    it('hands each job to one worker only', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((worker) => queue.reserve(worker)));
      expect(results.filter((job) => job !== null)).toHaveLength(1);
    });

    it('shows the job running, with its worker and lease, in get and counts', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      await queue.reserve('worker-7', { leaseMs: 1_000 });
      expect(await queue.get(id)).toMatchObject({
        state: 'running',
        attempts: 1,
        workerId: 'worker-7',
        leaseExpiresAt: serverEpoch + 1_000,
        dueAt: null,
      });
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 1, failed: 0, succeeded: 0 });
    });

    it('gives a new token at every reserve', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      await queue.enqueue({ n: 2 });
      const [a, b] = [await queue.reserve('w'), await queue.reserve('w')];
      expect(a?.leaseToken).not.toBe(b?.leaseToken);
    });

    test.each([
      ['an empty workerId', '', {}, TypeError, /workerId/],
      ['a numeric workerId', 5, {}, TypeError, /workerId/],
      ['leaseMs 0', 'w', { leaseMs: 0 }, RangeError, /leaseMs.*`0` \(number\)/],
      ['leaseMs -1', 'w', { leaseMs: -1 }, RangeError, /leaseMs/],
      ['leaseMs 1.5', 'w', { leaseMs: 1.5 }, RangeError, /leaseMs/],
      ['leaseMs NaN', 'w', { leaseMs: Number.NaN }, RangeError, /leaseMs/],
      ['leaseMs Infinity', 'w', { leaseMs: Number.POSITIVE_INFINITY }, RangeError, /leaseMs/],
      ['leaseMs "100"', 'w', { leaseMs: '100' }, TypeError, /leaseMs.*\(string\)/],
    ] as const)('rejects %s, taking no job', async (_label, workerId, options, errorClass, pattern) => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.reserve(workerId, options)).rejects.toThrow(errorClass);
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.reserve(workerId, options)).rejects.toThrow(pattern);
      expect((await queue.counts()).queued).toBe(1);
    });
  });

  describe('ack', () => {
    it('deletes the job and counts it as succeeded', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1');
      await queue.ack(id, job?.leaseToken ?? '');
      expect(await queue.get(id)).toBeNull();
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 1 });
    });

    it('removes the job from the processing set: nothing per job is left in Redis', async () => {
      const one = newQueue();
      const many = newQueue();
      for (const [{ queue }, jobs] of [
        [one, 1],
        [many, 30],
      ] as const) {
        for (let n = 0; n < jobs; n++) await queue.enqueue({ n });
        for (let n = 0; n < jobs; n++) {
          const job = await queue.reserve('w1', { leaseMs: 1_000 });
          await queue.ack(job?.id ?? '', job?.leaseToken ?? '');
        }
      }
      expect(await footprint(many.redis, many.prefix)).toBe(await footprint(one.redis, one.prefix));
      // Even once every lease has expired, nothing comes back.
      await clock.advance(60_000);
      expect(await many.queue.reserve('w2')).toBeNull();
      expect(await many.queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 30 });
    });

    it('writes only keys under its prefix', async () => {
      const redis = client();
      const before = await redis.dbsize();
      const { queue, prefix } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      await queue.enqueue({ n: 2 });
      const job = await queue.reserve('w1');
      await queue.ack(id, job?.leaseToken ?? '');
      expect((await redis.dbsize()) - before).toBe((await allKeys(redis, prefix)).length);
    });

    it('refuses a second ack of the same lease', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1');
      await queue.ack(id, job?.leaseToken ?? '');
      await expectLeaseLost(queue.ack(id, job?.leaseToken ?? ''), id);
      expect((await queue.counts()).succeeded).toBe(1);
    });

    it('refuses a token that is not the lease of the job, and changes nothing', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const other = await queue.enqueue({ n: 2 });
      await queue.reserve('w1');
      const second = await queue.reserve('w2');
      await expectLeaseLost(queue.ack(id, 'not-the-token'), id);
      // The lease of another job is not the lease of this one.
      await expectLeaseLost(queue.ack(id, second?.leaseToken ?? ''), id);
      expect((await queue.get(id))?.state).toBe('running');
      expect((await queue.get(other))?.state).toBe('running');
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 2, failed: 0, succeeded: 0 });
    });

    it('refuses a job that was never enqueued', async () => {
      const { queue } = newQueue();
      await expectLeaseLost(queue.ack('404', 'token'), '404');
    });

    test.each([
      { after: 0, accepted: true },
      { after: 999, accepted: true },
      { after: 1_000, accepted: false },
      { after: 5_000, accepted: false },
    ])('ack $after ms after reserve with a 1000 ms lease: accepted $accepted', async ({ after, accepted }) => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(after);
      const ack = queue.ack(id, job?.leaseToken ?? '');
      if (accepted) {
        await ack;
        expect(await queue.get(id)).toBeNull();
      } else {
        await expectLeaseLost(ack, id);
        await expect(queue.ack(id, job?.leaseToken ?? '')).rejects.toMatchObject({ reason: 'expired' });
        expect((await queue.counts()).succeeded).toBe(0);
      }
    });

    test.each([
      ['an empty jobId', '', 't', /jobId/],
      ['a numeric jobId', 1, 't', /jobId/],
      ['an empty token', '1', '', /leaseToken/],
      ['a missing token', '1', undefined, /leaseToken/],
    ])('rejects %s with a TypeError naming it', async (_label, jobId, token, pattern) => {
      const { queue } = newQueue();
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.ack(jobId, token)).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.ack(jobId, token)).rejects.toThrow(pattern);
    });
  });

  describe('heartbeat', () => {
    it('extends the lease to now + the lease length given at reserve', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(600);
      // t=600
      expect(await queue.heartbeat(id, job?.leaseToken ?? '')).toBe(serverEpoch + 1_600);
      expect((await queue.get(id))?.leaseExpiresAt).toBe(serverEpoch + 1_600);
      await clock.advance(999);
      // t=1599: the old lease (until 1000) is long over, the renewed one is live
      await queue.ack(id, job?.leaseToken ?? '');
      expect((await queue.counts()).succeeded).toBe(1);
    });

    it('takes a new lease length when given one', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(100);
      expect(await queue.heartbeat(id, job?.leaseToken ?? '', { leaseMs: 10_000 })).toBe(serverEpoch + 10_100);
    });

    it('refuses an expired lease, a wrong token and an acknowledged job', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const done = await queue.enqueue({ n: 2 });
      const job = await queue.reserve('w1', { leaseMs: 1_000 });
      const finished = await queue.reserve('w1', { leaseMs: 1_000 });
      await queue.ack(done, finished?.leaseToken ?? '');
      await expectLeaseLost(queue.heartbeat(id, 'wrong'), id);
      await expectLeaseLost(queue.heartbeat(done, finished?.leaseToken ?? ''), done);
      await clock.advance(1_000);
      await expectLeaseLost(queue.heartbeat(id, job?.leaseToken ?? ''), id);
      expect((await queue.get(id))?.leaseExpiresAt).toBe(serverEpoch + 1_000);
    });

    it('rejects leaseMs 0 with a RangeError', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1');
      await expect(queue.heartbeat(id, job?.leaseToken ?? '', { leaseMs: 0 })).rejects.toThrow(RangeError);
    });
  });

  describe('Redis round trips and scripts', () => {
    it('makes every state change and read in one EVALSHA', async () => {
      const { queue } = newQueue();
      // Warm up: the first call of each script may load it.
      const warm = await queue.enqueue({ n: 0 });
      const warmJob = await queue.reserve('w');
      await queue.heartbeat(warm, warmJob?.leaseToken ?? '');
      await queue.ack(warm, warmJob?.leaseToken ?? '');
      await queue.get(warm);
      await queue.counts();
      let id = '';
      let token = '';
      const steps: [string, () => Promise<unknown>][] = [
        ['enqueue', async () => (id = await queue.enqueue({ n: 1 }))],
        ['reserve', async () => (token = (await queue.reserve('w'))?.leaseToken ?? '')],
        ['heartbeat', () => queue.heartbeat(id, token)],
        ['get', () => queue.get(id)],
        ['counts', () => queue.counts()],
        ['ack', () => queue.ack(id, token)],
      ];
      for (const [name, step] of steps) {
        const seen = await watchCommands(async () => {
          await step();
        });
        expect({ name, fromClients: seen.fromClients }).toEqual({ name, fromClients: ['evalsha'] });
      }
    });

    it('loads its scripts again after SCRIPT FLUSH (NOSCRIPT), every time', async () => {
      const { queue, redis } = newQueue();
      for (let n = 1; n <= 3; n++) {
        await redis.script('FLUSH');
        await queue.enqueue({ n });
      }
      await redis.script('FLUSH');
      const job = await queue.reserve('w');
      await redis.script('FLUSH');
      await queue.ack(job?.id ?? '', job?.leaseToken ?? '');
      await redis.script('FLUSH');
      expect(await queue.counts()).toMatchObject({ queued: 2, succeeded: 1 });
      await redis.script('FLUSH');
      expect((await queue.reserve('w'))?.payload).toEqual({ n: 2 });
    });

    it('keeps queues with different prefixes apart', async () => {
      const a = newQueue();
      const b = newQueue();
      await a.queue.enqueue({ n: 1 });
      expect(await b.queue.reserve('w')).toBeNull();
      expect((await b.queue.counts()).queued).toBe(0);
      expect((await a.queue.reserve('w'))?.payload).toEqual({ n: 1 });
    });

    it('exports LeaseLostError as a DurableQueueError with the job id and a reason', async () => {
      const { queue } = newQueue();
      const error = await queue.ack('9', 'x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LeaseLostError);
      expect(error).toBeInstanceOf(DurableQueueError);
      expect(error).toMatchObject({ name: 'LeaseLostError', jobId: '9', reason: 'gone' });
    });
  });
});
