import { describe, expect, it, test } from 'vitest';
import type { JobEvent, JobProcessorOptions, JobState } from '../../katas/job-processor/index.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { advance, flush, isSettled, Manual, now, statesOf, submitAll, useFakeTime } from './helpers.ts';

const { JobProcessorFactory, ProcessorClosedError, ShutdownError, JobProcessorError } =
  await loadKata<typeof import('../../katas/job-processor/index.ts')>('job-processor');

const create = (maxWorkers = 1, extra: Partial<JobProcessorOptions> = {}) =>
  JobProcessorFactory.create('fifo', { maxWorkers, now, ...extra });

useFakeTime();

describe(level(4, 'Graceful shutdown, metrics, events and idempotency'), () => {
  describe('close', () => {
    it('stops intake at once: submit throws ProcessorClosedError', () => {
      const processor = create();
      void processor.close();
      const submit = () => processor.submit(async () => 1, 'a');
      expect(submit).toThrow(ProcessorClosedError);
      expect(submit).toThrow(JobProcessorError);
      expect(submit).toThrow(/closed/);
    });

    it('resolves at once with no jobs when the processor is idle', async () => {
      const processor = create();
      const closed = processor.close();
      expect(await isSettled(closed)).toBe(true);
      expect(await closed).toEqual([]);
    });

    it('lets running jobs finish and still runs queued and delayed ones, then resolves', async () => {
      const processor = create(1);
      const manual = new Manual();
      const jobs = [
        processor.submit(manual.handler, 'running'),
        processor.submit(manual.handler, 'queued'),
        processor.submit(manual.handler, 'delayed', { delayMs: 1_000 }),
      ];
      const closed = processor.close();
      for (const payload of ['running', 'queued']) {
        expect(await isSettled(closed)).toBe(false);
        manual.succeed(payload, payload);
        await flush();
      }
      await advance(999); // t=999
      expect(statesOf(jobs)).toEqual(['succeeded', 'succeeded', 'delayed']);
      await advance(1); // t=1000
      expect(manual.started).toEqual(['running', 'queued', 'delayed']);
      expect(await isSettled(closed)).toBe(false);
      manual.succeed('delayed', 'delayed');
      expect(await isSettled(closed)).toBe(true);
      expect(await closed).toEqual([]);
      expect(statesOf(jobs)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    });

    it('still retries failed jobs while closing gracefully', async () => {
      const processor = create(1, { retry: { attempts: 2, baseDelayMs: 50 } });
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a');
      const closed = processor.close();
      manual.fail('a', new Error('first'));
      await advance(50);
      expect([job.state, job.attempts]).toEqual(['running', 2]);
      manual.succeed('a', 'ok');
      await flush();
      expect(await isSettled(closed)).toBe(true);
      expect(job.state).toBe('succeeded');
    });

    it('with force, aborts running jobs with a ShutdownError and cancels every unstarted job', async () => {
      const processor = create(2, { retry: { attempts: 2, baseDelayMs: 100 } });
      const manual = new Manual();
      const [a, b, c, d] = [
        processor.submit(manual.handler, 'a'),
        processor.submit(manual.handler, 'b'),
        processor.submit(manual.handler, 'c'),
        processor.submit(manual.handler, 'd', { delayMs: 10 }),
      ];
      manual.fail('b', new Error('b1')); // b waits for its retry; c starts
      await flush();
      const signal = manual.context('a').signal;
      const closed = processor.close({ force: true });
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBeInstanceOf(ShutdownError);
      expect(statesOf([a, b, c, d] as never[])).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
      for (const job of [a, b, c, d]) expect(job?.error).toBeInstanceOf(ShutdownError);
      expect(await isSettled(closed)).toBe(true);
      await advance(1_000);
      expect(manual.started).toEqual(['a', 'b', 'c']);
    });

    it('with force, resolves with the jobs that never started, in submission order, so nothing is lost silently', async () => {
      const processor = create(1);
      const manual = new Manual();
      const jobs = [
        processor.submit(manual.handler, 'running'),
        processor.submit(manual.handler, 'late', { delayMs: 50 }),
        processor.submit(manual.handler, 'queued-1'),
        processor.submit(manual.handler, 'queued-2'),
      ];
      const unstarted = await processor.close({ force: true });
      expect(unstarted.map((job) => job.payload)).toEqual(['late', 'queued-1', 'queued-2']);
      expect(unstarted).toEqual([jobs[1], jobs[2], jobs[3]]);
      expect(await jobs[2]?.done).toEqual({ state: 'cancelled', error: expect.any(ShutdownError) });
    });

    test.each([
      { finishAt: 99, cancelled: false },
      { finishAt: 100, cancelled: true },
    ])(
      'with timeoutMs 100, forces the close only once the time is up (job done at t=$finishAt)',
      async ({ finishAt, cancelled }) => {
        const processor = create(1);
        const manual = new Manual();
        const job = processor.submit(manual.handler, 'a');
        const queued = processor.submit(manual.handler, 'b');
        const closed = processor.close({ timeoutMs: 100 });
        await advance(finishAt);
        if (job.state === 'running') manual.succeed('a', 'a');
        await flush();
        expect(job.state).toBe(cancelled ? 'cancelled' : 'succeeded');
        expect(queued.state).toBe(cancelled ? 'cancelled' : 'running');
        if (!cancelled) {
          manual.succeed('b', 'b');
          await flush();
        }
        expect(await isSettled(closed)).toBe(true);
        expect((await closed).length).toBe(cancelled ? 1 : 0);
      },
    );

    it('does not cancel anything later once a close with timeoutMs has finished in time', async () => {
      const processor = create(1);
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a');
      const closed = processor.close({ timeoutMs: 100 });
      manual.succeed('a', 'a');
      await flush();
      await closed;
      await advance(200);
      expect(job.state).toBe('succeeded');
    });

    it('returns the same promise when called again, and a later force hurries a graceful close', async () => {
      const processor = create(1);
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a');
      const graceful = processor.close();
      expect(await isSettled(graceful)).toBe(false);
      const forced = processor.close({ force: true });
      expect(forced).toBe(graceful);
      expect(await isSettled(graceful)).toBe(true);
      expect(job.state).toBe('cancelled');
    });

    it('ends every job exactly once: no job lost, none run twice', async () => {
      const processor = create(2, { retry: { attempts: 2, baseDelayMs: 5 } });
      const manual = new Manual();
      const jobs = submitAll(processor, manual, ['a', 'b', 'c', 'd', 'e']);
      const ends: string[] = [];
      for (const job of jobs) void job.done.then(() => ends.push(job.payload));
      const closed = processor.close();
      manual.fail('a', new Error('a'));
      manual.succeed('b', 'b');
      await flush();
      manual.succeed('c', 'c');
      manual.succeed('d', 'd');
      await advance(5);
      manual.succeed('e', 'e');
      await flush();
      manual.succeed('a', 'a');
      await flush();
      await closed;
      expect([...ends].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(statesOf(jobs)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
      expect(manual.started).toEqual(['a', 'b', 'c', 'd', 'e', 'a']);
    });

    it('rejects bad close options', () => {
      const processor = create();
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.close({ force: 'yes' })).toThrow(/force/);
      expect(() => processor.close({ timeoutMs: 0 })).toThrow(RangeError);
    });
  });

  describe('metrics', () => {
    it('counts the jobs in each state now', async () => {
      const processor = create(2, { retry: { attempts: 2, baseDelayMs: 100 } });
      const manual = new Manual();
      submitAll(processor, manual, ['ok', 'bad', 'queued']);
      processor.submit(manual.handler, 'later', { delayMs: 10 });
      processor.submit(manual.handler, 'gone', { signal: AbortSignal.abort() });
      expect(processor.metrics()).toMatchObject({
        delayed: 1,
        queued: 1,
        running: 2,
        succeeded: 0,
        failed: 0,
        cancelled: 1,
        queueDepth: 2,
      });
      manual.succeed('ok', 'ok');
      manual.fail('bad', new Error('1'));
      await flush();
      expect(processor.metrics()).toMatchObject({
        delayed: 2,
        queued: 0,
        running: 1,
        succeeded: 1,
        queueDepth: 2,
        retries: 1,
      });
      await advance(100); // t=10: later starts; t=100: bad is ready again, behind the two running jobs
      manual.succeed('queued', 'q');
      await flush();
      manual.fail('bad', new Error('2'));
      await flush();
      expect(processor.metrics()).toMatchObject({
        delayed: 0,
        queued: 0,
        running: 1,
        succeeded: 2,
        failed: 1,
        cancelled: 1,
        queueDepth: 0,
        retries: 1,
        deadLetters: 1,
      });
    });

    it('measures wait from the time a job became ready to the start of each attempt', async () => {
      const processor = create(1, { retry: { attempts: 2, baseDelayMs: 10 } });
      const manual = new Manual();
      processor.submit(manual.handler, 'a'); // t=0, waits 0
      processor.submit(manual.handler, 'b'); // ready at t=0
      processor.submit(manual.handler, 'c', { delayMs: 5 }); // ready at t=5
      await advance(30); // t=30
      manual.fail('a', new Error('a')); // b starts, waited 30; a retries at t=40
      await flush();
      await advance(20); // t=50
      manual.succeed('b', 'b'); // c starts, waited 45
      await flush();
      await advance(10); // t=60
      manual.succeed('c', 'c'); // a's retry starts, waited 20
      await flush();
      // Samples 0, 30, 45, 20 → sorted 0, 20, 30, 45: p50 is rank ⌈2⌉ = 20, p95 rank ⌈3.8⌉ = 4 → 45.
      expect(processor.metrics().wait).toEqual({
        count: 4,
        totalMs: 0 + 30 + 45 + 20,
        maxMs: 45,
        p50Ms: 20,
        p95Ms: 45,
      });
    });

    it('measures run time per attempt, up to success, failure, timeout or cancellation', async () => {
      const processor = create(1);
      const manual = new Manual();
      const controller = new AbortController();
      processor.submit(manual.handler, 'ok');
      processor.submit(manual.handler, 'bad');
      processor.submit(manual.handler, 'slow', { timeoutMs: 40 });
      processor.submit(manual.handler, 'cancelled', { signal: controller.signal });
      await advance(10);
      manual.succeed('ok', 'ok'); // ran 10
      await flush();
      await advance(20);
      manual.fail('bad', new Error('bad')); // ran 20
      await flush();
      await advance(40); // slow times out: ran 40
      await advance(5);
      controller.abort(); // ran 5
      // Samples 10, 20, 40, 5 → sorted 5, 10, 20, 40.
      expect(processor.metrics().run).toEqual({ count: 4, totalMs: 75, maxMs: 40, p50Ms: 10, p95Ms: 40 });
    });

    it('starts from zero and returns a snapshot, not a live view', async () => {
      const processor = create(1);
      const before = processor.metrics();
      expect(before).toEqual({
        delayed: 0,
        queued: 0,
        running: 0,
        succeeded: 0,
        failed: 0,
        cancelled: 0,
        queueDepth: 0,
        retries: 0,
        deadLetters: 0,
        wait: { count: 0, totalMs: 0, maxMs: 0, p50Ms: 0, p95Ms: 0 },
        run: { count: 0, totalMs: 0, maxMs: 0, p50Ms: 0, p95Ms: 0 },
        ratePerSecond: 0,
      });
      processor.submit(async () => 1, 'a');
      await flush();
      expect(before.succeeded).toBe(0);
      expect(processor.metrics().succeeded).toBe(1);
    });

    it('counts each retry scheduled, and force-cancelled jobs as cancelled', async () => {
      const processor = create(1, { retry: { attempts: 3, baseDelayMs: 1 } });
      const manual = new Manual();
      processor.submit(manual.handler, 'a');
      processor.submit(manual.handler, 'b');
      manual.fail('a', new Error('1'));
      await advance(1);
      manual.fail('b', new Error('b'));
      await flush();
      await processor.close({ force: true });
      expect(processor.metrics()).toMatchObject({ retries: 2, cancelled: 2, running: 0, queueDepth: 0 });
    });
  });

  describe('latency percentiles and processing rate', () => {
    /** A handler that takes `payload` ms of fake time. */
    const sleep = (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms));

    /** Runs one job per sample, all at once, so each run time is exactly its sample. */
    async function runTimes(samples: readonly number[]) {
      const processor = create(Math.max(1, samples.length));
      for (const ms of samples) processor.submit(sleep, ms);
      await advance(Math.max(0, ...samples));
      await processor.onIdle();
      return processor.metrics().run;
    }

    test.each([
      ['no sample', [], 0, 0],
      ['one sample', [7], 7, 7],
      ['two samples: lower median, upper p95', [10, 20], 10, 20],
      ['three unsorted samples', [30, 10, 20], 20, 30],
      ['samples sorted as numbers, not as strings', [100, 20, 3], 20, 100],
      ['a tie below an outlier', [5, 5, 5, 100], 5, 100],
      ['1 to 10', Array.from({ length: 10 }, (_, i) => i + 1), 5, 10],
      ['1 to 20: ranks 10 and 19, no interpolation', Array.from({ length: 20 }, (_, i) => 20 - i), 10, 19],
      ['1 to 100', Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1), 50, 95],
      ['zeros and one slow run', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9], 0, 0],
    ])('nearest-rank p50 and p95 of run time: %s', async (_label, samples, p50Ms, p95Ms) => {
      const run = await runTimes(samples);
      expect(run).toMatchObject({ count: samples.length, p50Ms, p95Ms });
    });

    it('measures wait percentiles from the ready time, for every attempt, retries included', async () => {
      const processor = create(1, { retry: { attempts: 2, baseDelayMs: 10 } });
      const manual = new Manual();
      processor.submit(manual.handler, 'a'); // waits 0
      processor.submit(manual.handler, 'b'); // ready at t=0
      processor.submit(manual.handler, 'c', { delayMs: 5 }); // ready at t=5, not at its submit t=0
      processor.submit(manual.handler, 'gone', { signal: AbortSignal.abort() }); // never starts: no sample
      await advance(30);
      manual.fail('a', new Error('a')); // t=30: b waited 30; a is ready again at t=40
      await flush();
      await advance(40); // t=70
      manual.succeed('b', 'b'); // c waited 65
      await flush();
      await advance(30); // t=100
      manual.succeed('c', 'c'); // a's retry waited 60
      await flush();
      // Samples 0, 30, 65, 60 → sorted 0, 30, 60, 65 (from submit they would be 0, 30, 70, 100).
      expect(processor.metrics().wait).toEqual({ count: 4, totalMs: 155, maxMs: 65, p50Ms: 30, p95Ms: 65 });
    });

    it('keeps only the last 1000 samples for the percentiles, and every sample for count, total and max', async () => {
      const processor = create(2_000);
      const batch = async (jobs: number, ms: number) => {
        for (let i = 0; i < jobs; i++) processor.submit(sleep, ms);
        await advance(ms);
      };
      await batch(51, 100); // 51 slow runs
      await batch(949, 1); // 1000 samples: 51 slow ones in the top 5 % → p95 is slow
      expect(processor.metrics().run).toEqual({ count: 1000, totalMs: 6049, maxMs: 100, p50Ms: 1, p95Ms: 100 });
      await batch(1, 1); // the oldest slow run leaves the window: 50 slow of 1000 → rank 950 is fast
      expect(processor.metrics().run).toEqual({ count: 1001, totalMs: 6050, maxMs: 100, p50Ms: 1, p95Ms: 1 });
      await batch(1000, 2); // every earlier sample has left the window
      expect(processor.metrics().run).toMatchObject({ count: 2001, maxMs: 100, p50Ms: 2, p95Ms: 2 });
      expect(processor.metrics().wait).toMatchObject({ count: 2001, p50Ms: 0, p95Ms: 0 });
    });

    it('counts jobs finished as succeeded or failed in the last 60 seconds, per second', async () => {
      const processor = create(5, { retry: { attempts: 2, baseDelayMs: 1_000_000 } });
      const manual = new Manual();
      const controller = new AbortController();
      submitAll(processor, manual, ['ok-1', 'ok-2', 'retried']);
      processor.submit(manual.handler, 'bad', { attempts: 1 });
      processor.submit(manual.handler, 'cancelled', { signal: controller.signal });
      expect(processor.metrics().ratePerSecond).toBe(0);
      manual.succeed('ok-1', 'ok-1');
      manual.succeed('ok-2', 'ok-2');
      manual.fail('retried', new Error('retry later')); // a failed attempt that will be retried: not finished
      controller.abort(); // cancelled: not processed
      await flush();
      expect(processor.metrics().ratePerSecond).toBe(2 / 60); // t=0
      await advance(1_000);
      processor.submit(async () => 'late', 'late'); // t=1000: succeeds
      manual.fail('bad', new Error('bad')); // t=1000: failed for good
      await flush();
      expect(processor.metrics().ratePerSecond).toBe(4 / 60);
      await advance(58_999); // t=59999: the jobs finished at t=0 still count
      expect(processor.metrics().ratePerSecond).toBe(4 / 60);
      await advance(1); // t=60000: they have left the window
      expect(processor.metrics().ratePerSecond).toBe(2 / 60);
      await advance(999); // t=60999
      expect(processor.metrics().ratePerSecond).toBe(2 / 60);
      await advance(1); // t=61000
      expect(processor.metrics().ratePerSecond).toBe(0);
    });
  });

  describe('state change events', () => {
    /** A processor whose listener records `payload from->to` and checks the worker bound at every change. */
    function recorded(maxWorkers: number, extra: Partial<JobProcessorOptions> = {}) {
      const log: string[] = [];
      const events: JobEvent[] = [];
      let overLimit = 0;
      const processor = JobProcessorFactory.create('fifo', {
        maxWorkers,
        now,
        ...extra,
        onStateChange: (event) => {
          events.push(event);
          log.push(`${String(event.job.payload)} ${event.from ?? 'new'}->${event.to}`);
          if (processor.running > maxWorkers) overLimit++;
        },
      });
      return { processor, log, events, overLimit: () => overLimit };
    }

    it('reports submit, start and success of a job that starts at once, before submit returns', async () => {
      const { processor, log } = recorded(1);
      const manual = new Manual();
      processor.submit(manual.handler, 'a');
      expect(log).toEqual(['a new->queued', 'a queued->running']);
      manual.succeed('a', 'a');
      await flush();
      expect(log).toEqual(['a new->queued', 'a queued->running', 'a running->succeeded']);
    });

    it('reports delays, retries, failures and cancellations', async () => {
      const { processor, log } = recorded(1, { retry: { attempts: 2, baseDelayMs: 10 } });
      const manual = new Manual();
      const controller = new AbortController();
      processor.submit(manual.handler, 'a');
      processor.submit(manual.handler, 'b', { delayMs: 5, signal: controller.signal });
      manual.fail('a', new Error('1')); // retry at t=10
      await advance(5); // t=5: b is due and starts
      controller.abort();
      await advance(5); // t=10: a's retry starts
      manual.fail('a', new Error('2'));
      await flush();
      expect(log).toEqual([
        'a new->queued',
        'a queued->running',
        'b new->delayed',
        'a running->delayed',
        'b delayed->queued',
        'b queued->running',
        'b running->cancelled',
        'a delayed->queued',
        'a queued->running',
        'a running->failed',
      ]);
    });

    it('reports a retry with no wait as running -> queued', async () => {
      const { processor, log } = recorded(1, { retry: { attempts: 2, baseDelayMs: 0 } });
      const manual = new Manual();
      processor.submit(manual.handler, 'a');
      manual.fail('a', new Error('1'));
      await flush();
      expect(log).toEqual(['a new->queued', 'a queued->running', 'a running->queued', 'a queued->running']);
    });

    it('has the counts and the result already updated when the listener runs', async () => {
      const seen: [JobState, number, unknown][] = [];
      const processor = JobProcessorFactory.create('fifo', {
        maxWorkers: 1,
        now,
        onStateChange: ({ job, to }) => seen.push([to, processor.metrics()[to], job.result ?? job.error]),
      });
      processor.submit(async () => 'r', 'a');
      await flush();
      expect(seen).toEqual([
        ['queued', 1, undefined],
        ['running', 1, undefined],
        ['succeeded', 1, 'r'],
      ]);
    });

    it('ends every job with exactly one change into a final state, and never exceeds the worker bound', async () => {
      const { processor, events, overLimit } = recorded(2, { retry: { attempts: 2, baseDelayMs: 3 } });
      const manual = new Manual();
      const controller = new AbortController();
      const jobs = submitAll(processor, manual, ['a', 'b', 'c', 'd', 'e', 'f']);
      processor.submit(manual.handler, 'g', { signal: controller.signal, delayMs: 4 });
      manual.fail('a', new Error('a'));
      manual.succeed('b', 'b');
      await flush();
      controller.abort();
      manual.fail('c', new Error('c'));
      manual.succeed('d', 'd');
      await advance(3);
      for (const payload of ['e', 'f', 'a', 'c']) {
        manual.fail(payload, new Error(payload));
        await advance(3);
      }
      manual.succeed('e', 'e'); // e's and f's retries are running by now
      manual.succeed('f', 'f');
      await processor.onIdle();
      const finals = events.filter((event) => ['succeeded', 'failed', 'cancelled'].includes(event.to));
      expect(finals.map((event) => event.job.payload).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      expect(overLimit()).toBe(0);
      expect(statesOf(jobs)).toEqual(['failed', 'succeeded', 'failed', 'succeeded', 'succeeded', 'succeeded']);
    });

    it('rejects a listener that is not a function with a TypeError naming onStateChange', () => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => create(1, { onStateChange: 'log' })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => create(1, { onStateChange: 'log' })).toThrow(/onStateChange/);
    });
  });

  describe('idempotency keys', () => {
    it('returns the unfinished job with the same key and changes nothing', () => {
      const processor = create(1);
      const manual = new Manual();
      const first = processor.submit(manual.handler, 'a', { key: 'k' });
      const queued = processor.submit(manual.handler, 'b', { key: 'q' });
      const again = processor.submit(manual.handler, 'other payload', { key: 'k', priority: 9 });
      const againQueued = processor.submit(manual.handler, 'c', { key: 'q' });
      expect(again).toBe(first);
      expect(againQueued).toBe(queued);
      expect([processor.running, processor.size, manual.started]).toEqual([1, 1, ['a']]);
    });

    it('returns the same delayed job, even when the queue is full', () => {
      const processor = create(1, { maxQueueSize: 1 });
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      const later = processor.submit(manual.handler, 'later', { key: 'k', delayMs: 100 });
      expect(processor.submit(manual.handler, 'later', { key: 'k', delayMs: 100 })).toBe(later);
    });

    test.each(['succeeded', 'failed', 'cancelled'] as const)('frees the key once the job has %s', async (end) => {
      const processor = create(1);
      const manual = new Manual();
      const controller = new AbortController();
      const first = processor.submit(manual.handler, 'a', { key: 'k', signal: controller.signal });
      if (end === 'succeeded') manual.succeed('a', 'a');
      if (end === 'failed') manual.fail('a', new Error('a'));
      if (end === 'cancelled') controller.abort();
      await flush();
      expect(first.state).toBe(end);
      const second = processor.submit(manual.handler, 'a', { key: 'k' });
      expect(second).not.toBe(first);
      expect(second.id).not.toBe(first.id);
      expect(manual.started).toEqual(['a', 'a']);
    });

    it('keeps the key while the job waits for a retry', async () => {
      const processor = create(1, { retry: { attempts: 2, baseDelayMs: 50 } });
      const manual = new Manual();
      const first = processor.submit(manual.handler, 'a', { key: 'k' });
      manual.fail('a', new Error('1'));
      await flush();
      expect(processor.submit(manual.handler, 'a', { key: 'k' })).toBe(first);
    });

    it('treats different keys, and jobs without a key, as different jobs', () => {
      const processor = create(3);
      const manual = new Manual();
      const jobs = [
        processor.submit(manual.handler, 'a', { key: 'k1' }),
        processor.submit(manual.handler, 'b', { key: 'k2' }),
        processor.submit(manual.handler, 'c'),
      ];
      expect(new Set(jobs).size).toBe(3);
    });

    it('still refuses a known key after close', () => {
      const processor = create(1);
      processor.submit(new Manual().handler, 'a', { key: 'k' });
      void processor.close();
      expect(() => processor.submit(async () => 1, 'a', { key: 'k' })).toThrow(ProcessorClosedError);
    });

    test.each([
      ['an empty string', ''],
      ['a number', 5],
      ['null', null],
    ])('rejects a key that is %s with a TypeError naming key', (_label, key) => {
      const processor = create(1);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(async () => 1, 'a', { key })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(async () => 1, 'a', { key })).toThrow(/key/);
    });
  });
});
