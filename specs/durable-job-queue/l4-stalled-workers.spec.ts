import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { implFile } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { Script } from '../support/model.ts';
import { stopAll, WorkerProcess } from '../support/redis/workers.ts';
import {
  connect,
  describeWithOwnServers,
  describeWithServerClock,
  redisTarget,
  ServerClock,
  serverEpoch,
  startOwnServer,
  uniquePrefix,
  watchCommands,
} from '../support/redis.ts';
import { show } from '../support/show.ts';
import {
  client,
  DurableQueue,
  drainOrder,
  eventually,
  expectLeaseLost,
  LeaseLostError,
  newQueue,
  type Task,
  useClocks,
  Worker,
} from './helpers.ts';
import { BACKOFF, commands } from './model.ts';

const workerScript = fileURLToPath(new URL('./workers/worker.ts', import.meta.url));

/** A promise with its resolve function outside, to hold a handler until the spec lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describeWithServerClock(level(4, 'Stalled workers, crashes and restarts'), () => {
  const clock = useClocks();

  describe('recoverStalled', () => {
    it('takes back a job at its lease expiry, not a millisecond before, and delivers it again', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const stalled = await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(999);
      // t=999: the lease is live
      expect(await queue.recoverStalled()).toBe(0);
      expect(await queue.reserve('w2')).toBeNull();
      await clock.advance(1);
      // t=1000: expired
      expect(await queue.recoverStalled()).toBe(1);
      expect(await queue.get(id)).toMatchObject({
        state: 'queued',
        attempts: 1,
        leaseExpiresAt: null,
        workerId: null,
        errors: [{ attempt: 1, message: expect.stringMatching(/lease expired/i), at: serverEpoch + 1_000 }],
      });
      expect(await queue.recoverStalled()).toBe(0);
      const again = await queue.reserve('w2');
      expect(again).toMatchObject({ id, attempt: 2, payload: { n: 1 } });
      expect(again?.leaseToken).not.toBe(stalled?.leaseToken);
    });

    it('is also done by reserve, so no reaper process is needed', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(1_000);
      expect((await queue.reserve('w2'))?.id).toBe(id);
    });

    it('refuses the stalled worker’s ack once the job moved on; the new lease completes it once', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const first = await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(1_000);
      await queue.recoverStalled();
      // Recovered, not yet delivered again: the old lease is worth nothing.
      await expectLeaseLost(queue.ack(id, first?.leaseToken ?? ''), id);
      const second = await queue.reserve('w2', { leaseMs: 1_000 });
      // Delivered again: the old token is not the new lease, even though the new lease is live.
      await expectLeaseLost(queue.ack(id, first?.leaseToken ?? ''), id);
      await expectLeaseLost(queue.heartbeat(id, first?.leaseToken ?? ''), id);
      await expectLeaseLost(queue.fail(id, first?.leaseToken ?? '', 'late'), id);
      expect(await queue.get(id)).toMatchObject({ state: 'running', workerId: 'w2', attempts: 2 });
      await queue.ack(id, second?.leaseToken ?? '');
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 1 });
    });

    it('dead-letters a job whose last attempt’s lease expired', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { maxAttempts: 2, backoff: { baseMs: 0 } });
      const first = await queue.reserve('w1', { leaseMs: 100 });
      await queue.fail(id, first?.leaseToken ?? '', new Error('boom'));
      await queue.reserve('w2', { leaseMs: 100 });
      await clock.advance(100);
      expect(await queue.recoverStalled()).toBe(1);
      const [dead] = await queue.deadLetters();
      expect(dead).toMatchObject({ id, state: 'failed', attempts: 2, failedAt: serverEpoch + 100 });
      expect(dead?.errors).toEqual([
        { attempt: 1, message: 'boom', at: serverEpoch },
        { attempt: 2, message: expect.stringMatching(/lease expired/i), at: serverEpoch + 100 },
      ]);
      expect(await queue.reserve('w3')).toBeNull();
    });

    it('never recovers a live lease', async () => {
      const { queue } = newQueue();
      for (let n = 1; n <= 6; n++) await queue.enqueue({ n });
      const leases = [100, 200, 300, 400, 500, 600];
      for (const leaseMs of leases) await queue.reserve('w', { leaseMs });
      await clock.advance(300);
      // t=300: the leases of 100, 200 and 300 ms have expired
      expect(await queue.recoverStalled()).toBe(3);
      expect(await queue.counts()).toMatchObject({ queued: 3, running: 3 });
      expect(await drainOrder(queue)).toEqual([1, 2, 3]);
    });

    it('puts a recovered job back in line by its lease expiry', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      await queue.reserve('w1', { leaseMs: 1_000 });
      await clock.advance(1_500);
      // t=1500: job 1 has been ready again since 1000
      await queue.enqueue({ n: 2 });
      expect(await drainOrder(queue)).toEqual([1, 2]);
    });

    it('keeps a lease alive with heartbeats, past the expiry it started with', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const job = await queue.reserve('w1', { leaseMs: 1_000 });
      for (let beat = 1; beat <= 5; beat++) {
        await clock.advance(800);
        expect(await queue.heartbeat(id, job?.leaseToken ?? '')).toBe(clock.now + 1_000);
        expect(await queue.recoverStalled()).toBe(0);
        expect(await queue.reserve('w2')).toBeNull();
      }
      // t=4000, four leases' worth after the reserve
      await queue.ack(id, job?.leaseToken ?? '');
      expect((await queue.counts()).succeeded).toBe(1);
    });

    it('recovers in one EVALSHA, however many leases expired', async () => {
      const { queue } = newQueue();
      await queue.recoverStalled();
      for (let n = 1; n <= 5; n++) await queue.enqueue({ n });
      for (let n = 1; n <= 5; n++) await queue.reserve('w', { leaseMs: 100 });
      await clock.advance(100);
      let recovered = 0;
      const seen = await watchCommands(async () => {
        recovered = await queue.recoverStalled();
      });
      expect({ recovered, fromClients: seen.fromClients }).toEqual({ recovered: 5, fromClients: ['evalsha'] });
    });

    it('returns 0 with nothing running', async () => {
      const { queue } = newQueue();
      expect(await queue.recoverStalled()).toBe(0);
    });
  });

  describe('against a model', () => {
    it('agrees with a model of plain arrays on random enqueues, reserves, acks, fails, heartbeats, clock moves and recoveries', async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (sequence) => {
          await clock.set(serverEpoch);
          const { queue } = newQueue('djq-model');
          const script = new Script([
            `const queue = new DurableQueue({ redis, prefix }); // server clock at t=0, backoff ${show(BACKOFF)}`,
          ]);
          await fc.asyncModelRun(
            () => ({ model: { now: 0, jobs: [], succeeded: 0 }, real: { queue, clock, script } }),
            sequence,
          );
        }),
        { numRuns: 30 },
      );
    }, 60_000);
  });

  describe('Worker', () => {
    it('acks what the handler returns, fails what it throws, with payload and context', async () => {
      const { queue } = newQueue();
      const ok = await queue.enqueue({ n: 1 });
      const bad = await queue.enqueue({ n: 2 }, { maxAttempts: 1 });
      const calls: unknown[] = [];
      const worker = new Worker(
        queue,
        (payload, { id, attempt, signal }) => {
          calls.push([payload, id, attempt, signal instanceof AbortSignal && !signal.aborted]);
          if (payload.n === 2) throw new Error('handler failed');
        },
        { workerId: 'w1', pollMs: 5 },
      );
      await eventually('both jobs are done', async () => {
        const counts = await queue.counts();
        return counts.succeeded === 1 && counts.failed === 1;
      });
      await worker.close();
      expect(calls).toEqual([
        [{ n: 1 }, ok, 1, true],
        [{ n: 2 }, bad, 1, true],
      ]);
      expect(worker.stats).toEqual({ acked: 1, failed: 1, leasesLost: 0 });
      expect((await queue.get(bad))?.errors.map((error) => error.message)).toEqual(['handler failed']);
    });

    it('close() waits for the job in hand, then takes no more', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      const held = gate();
      let started = false;
      const worker = new Worker(
        queue,
        async () => {
          started = true;
          await held.promise;
        },
        { workerId: 'w1', pollMs: 5 },
      );
      await eventually('the handler started', async () => started);
      let closed = false;
      const closing = worker.close().then(() => {
        closed = true;
      });
      await queue.enqueue({ n: 2 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(closed).toBe(false);
      held.open();
      await closing;
      expect(await queue.counts()).toMatchObject({ queued: 1, running: 0, succeeded: 1 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await queue.counts()).queued).toBe(1);
    });

    it('heartbeats while the handler runs, so a long job keeps its lease', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      const held = gate();
      const worker = new Worker(queue, () => held.promise, {
        workerId: 'w1',
        leaseMs: 1_000,
        heartbeatMs: 10,
        pollMs: 5,
      });
      await eventually('the job is running', async () => (await queue.get(id))?.state === 'running');
      for (let round = 1; round <= 3; round++) {
        await clock.advance(900);
        // A heartbeat must move the lease to now + 1000 before the clock moves on.
        await eventually(
          `heartbeat ${round} renewed the lease`,
          async () => (await queue.get(id))?.leaseExpiresAt === clock.now + 1_000,
        );
      }
      // t=2700: without heartbeats the lease would have expired at 1000
      expect(await queue.recoverStalled()).toBe(0);
      held.open();
      await eventually('the job is acknowledged', async () => (await queue.counts()).succeeded === 1);
      await worker.close();
      expect(worker.stats).toEqual({ acked: 1, failed: 0, leasesLost: 0 });
    });

    it('aborts the handler’s signal when a heartbeat finds the lease lost', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 });
      let reason: unknown;
      const errors: unknown[] = [];
      const worker = new Worker(
        queue,
        (_payload, { attempt, signal }) =>
          // The first attempt runs until its signal aborts; the delivery after it succeeds at once.
          attempt > 1
            ? undefined
            : new Promise((_resolve, reject) => {
                signal.addEventListener('abort', () => {
                  reason = signal.reason;
                  reject(signal.reason);
                });
              }),
        { workerId: 'w1', leaseMs: 1_000, heartbeatMs: 10, pollMs: 5, onError: (error) => errors.push(error) },
      );
      await eventually('the job is running', async () => (await queue.get(id))?.state === 'running');
      await clock.advance(1_000);
      await eventually('the lease loss was noticed', async () => worker.stats.leasesLost === 1);
      // Its fail was refused (the lease is gone); the job was recovered and delivered again.
      await eventually('the job is done', async () => (await queue.counts()).succeeded === 1);
      await worker.close();
      expect(worker.stats).toEqual({ acked: 1, failed: 0, leasesLost: 1 });
      expect(reason).toBeInstanceOf(LeaseLostError);
      expect(errors.some((error) => error instanceof LeaseLostError)).toBe(true);
    });

    test.each([
      ['a queue that is not a DurableQueue', 'queue', TypeError, /queue/],
      ['a handler that is not a function', 'handler', TypeError, /handler/],
      ['a missing workerId', { workerId: undefined }, TypeError, /workerId/],
      ['heartbeatMs equal to leaseMs', { workerId: 'w', leaseMs: 100, heartbeatMs: 100 }, RangeError, /heartbeatMs/],
      ['heartbeatMs 0', { workerId: 'w', heartbeatMs: 0 }, RangeError, /heartbeatMs/],
      ['pollMs -1', { workerId: 'w', pollMs: -1 }, RangeError, /pollMs/],
      ['onError not a function', { workerId: 'w', onError: 'log' }, TypeError, /onError/],
    ] as const)('rejects %s', (_label, bad, errorClass, pattern) => {
      const { queue } = newQueue();
      const make = () => {
        if (bad === 'queue') return new Worker({} as never, () => {}, { workerId: 'w' });
        if (bad === 'handler') return new Worker(queue, 'run' as never, { workerId: 'w' });
        return new Worker(queue, () => {}, bad as never);
      };
      expect(make).toThrow(errorClass);
      expect(make).toThrow(pattern);
    });
  });

  describe('worker processes', () => {
    const env = () => {
      const target = redisTarget();
      if (!target.available) throw new Error('no Redis');
      return { DJQ_IMPL: implFile('durable-job-queue'), DJQ_REDIS: target.url };
    };
    let workers: WorkerProcess[] = [];

    beforeAll(async () => {
      workers = await Promise.all([1, 2, 3].map(() => WorkerProcess.start(workerScript, env())));
    }, 30_000);

    afterAll(async () => {
      await stopAll();
    });

    async function enqueueMany(queue: InstanceType<typeof DurableQueue<Task>>, count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let start = 0; start < count; start += 100) {
        const batch = Array.from({ length: Math.min(100, count - start) }, (_, i) => queue.enqueue({ n: start + i }));
        ids.push(...(await Promise.all(batch)));
      }
      return ids;
    }

    interface DrainReply {
      readonly stats: { acked: number; failed: number; leasesLost: number };
      readonly lost: string[];
    }

    function drain(
      prefix: string,
      results: string,
      leaseMs: number,
      workMs: number,
      hold?: { n: number; key: string },
    ): Promise<DrainReply[]> {
      return Promise.all(
        workers.map((worker, index) =>
          worker.request<DrainReply>({
            op: 'drain',
            prefix,
            results,
            leaseMs,
            heartbeatMs: Math.floor(leaseMs / 4),
            workMs,
            workerId: `process-${index + 1}`,
            hold,
          }),
        ),
      );
    }

    it('a worker killed with SIGKILL mid-job: its job is delivered again and completed, nothing lost', async () => {
      const { queue, prefix } = newQueue();
      const results = uniquePrefix('djq-results');
      const ids = await enqueueMany(queue, 3);
      const victim = await WorkerProcess.start(workerScript, env());
      const { id } = await victim.request<{ id: string }>({ op: 'hang', prefix, leaseMs: 5_000, heartbeatMs: 50 });
      expect(await queue.get(id)).toMatchObject({ state: 'running', attempts: 1 });
      await victim.kill('SIGKILL');
      // t=5000: the dead worker's lease has run out
      await clock.advance(5_000);
      const replies = await drain(prefix, results, 5_000, 0);
      const done = await client().hgetall(results);
      expect(done).toEqual({ 0: '1', 1: '1', 2: '1' });
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 3 });
      expect(replies.reduce((sum, reply) => sum + reply.stats.acked, 0)).toBe(3);
      expect(ids).toContain(id);
      expect(await queue.get(id)).toBeNull();
      if (process.env.DJQ_REPORT) console.log(`SIGKILL mid-job: job ${id} redelivered and completed; 3/3 done`);
    }, 60_000);

    it('3 processes and 1,000 jobs with a frozen clock: every job completes exactly once', async () => {
      const { queue, prefix } = newQueue();
      const results = uniquePrefix('djq-results');
      await enqueueMany(queue, 1_000);
      const replies = await drain(prefix, results, 30_000, 0);
      const done = await client().hgetall(results);
      const counts = Object.values(done).map(Number);
      expect(counts.length).toBe(1_000);
      const duplicates = counts.filter((count) => count > 1).length;
      expect(duplicates).toBe(0);
      expect(replies.flatMap((reply) => reply.lost)).toEqual([]);
      expect(replies.reduce((sum, reply) => sum + reply.stats.acked, 0)).toBe(1_000);
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 1_000 });
      if (process.env.DJQ_REPORT) {
        console.log(
          `1000 jobs, 3 processes, frozen clock: ${duplicates} duplicates; per process ${replies.map((r) => r.stats.acked)}`,
        );
      }
    }, 60_000);

    it('3 processes and 1,000 jobs, clock jumping past the leases mid-run: duplicates only where a lease expired', async () => {
      const { queue, prefix } = newQueue();
      const results = uniquePrefix('djq-results');
      const ids = await enqueueMany(queue, 1_000);
      // Job 500 holds its handler until the spec says go: its lease is surely live when the clock jumps.
      const go = uniquePrefix('djq-go');
      const running = drain(prefix, results, 1_000, 1, { n: 500, key: go });
      await eventually(
        'job 500 is running',
        async () => (await queue.get(ids[500] ?? ''))?.state === 'running',
        20_000,
      );
      await clock.advance(1_001);
      await client().set(go, '1');
      const replies = await running;
      await client().del(go);
      const done = await client().hgetall(results);
      expect(Object.keys(done).length).toBe(1_000);
      const duplicated = Object.entries(done)
        .filter(([, count]) => Number(count) > 1)
        .map(([n]) => ids[Number(n)]);
      const lost = new Set(replies.flatMap((reply) => reply.lost));
      for (const id of duplicated) expect(lost).toContain(id);
      // Job 500 ran twice: its first handler finished after its lease expired (its ack was refused) and it was
      // delivered again.
      expect(duplicated).toContain(ids[500]);
      // Only the leases live at the jump can expire: at most one per process.
      expect(lost.size).toBeLessThanOrEqual(3);
      expect(Math.max(...Object.values(done).map(Number))).toBeLessThanOrEqual(2);
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 1_000 });
      if (process.env.DJQ_REPORT) {
        console.log(`1000 jobs, 3 processes, clock jump: ${duplicated.length} duplicates, ${lost.size} leases lost`);
      }
    }, 60_000);
  });

  describeWithOwnServers('Redis restarts', () => {
    async function restartAfterEnqueue(persistence: boolean) {
      const server = await startOwnServer({ persistence, fakeClock: true });
      const prefix = uniquePrefix('djq-restart');
      const before = connect(server.url);
      await new ServerClock(() => before).set(serverEpoch);
      const queue = new DurableQueue<Task>({ redis: before, prefix });
      await queue.enqueue({ n: 1 });
      await queue.enqueue({ n: 2 }, { priority: 5 });
      await queue.enqueue({ n: 3 }, { delayMs: 1_000 });
      await queue.enqueue({ n: 4 });
      // Job 2 is running when Redis goes down; its lease ends at 1000.
      await queue.reserve('w1', { leaseMs: 1_000 });
      await server.stop();
      await server.start();
      const after = connect(server.url);
      // The restarted server's clock runs again: freeze it, 5 s later.
      await new ServerClock(() => after).set(serverEpoch + 5_000);
      return new DurableQueue<Task>({ redis: after, prefix });
    }

    it('loses nothing with appendonly yes: queued, delayed and running jobs all come back, in order', async () => {
      const queue = await restartAfterEnqueue(true);
      expect(await queue.counts()).toEqual({ queued: 3, delayed: 0, running: 1, failed: 0, succeeded: 0 });
      // Job 2 (priority 5) is recovered from its expired lease; then 1 and 4 (ready at 0), then 3 (ready at 1000).
      expect(await drainOrder(queue)).toEqual([2, 1, 4, 3]);
    }, 30_000);

    it('loses every job without persistence: why the README says what to configure', async () => {
      const queue = await restartAfterEnqueue(false);
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 0, running: 0, failed: 0, succeeded: 0 });
      expect(await queue.reserve('w')).toBeNull();
    }, 30_000);
  });
});
