import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { advance, flush, isSettled, Manual, now, statesOf, submitAll, useFakeTime } from './helpers.ts';
import { checkJobsAgainstModel, MODEL_TIMEOUT } from './model.ts';

const { JobProcessorFactory, ProcessingStrategy, QueueFullError, JobProcessorError } =
  await loadKata<typeof import('../../katas/job-processor/index.ts')>('job-processor');

const create = (strategy: 'fifo' | 'priority', maxWorkers = 1, maxQueueSize?: number) =>
  JobProcessorFactory.create(
    strategy,
    maxQueueSize === undefined ? { maxWorkers, now } : { maxWorkers, now, maxQueueSize },
  );

/** Finishes the running jobs one at a time (single worker) and returns the start order. */
async function runAll(manual: Manual, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) {
    const payload = manual.started[i];
    if (payload === undefined) break;
    manual.succeed(payload, payload);
    await flush();
  }
  return manual.started;
}

useFakeTime();

describe(level(2, 'Priorities, delays and backpressure'), () => {
  describe('priority', () => {
    it('starts the waiting job with the highest priority number first', async () => {
      const processor = create('priority');
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      processor.submit(manual.handler, 'low', { priority: 1 });
      processor.submit(manual.handler, 'high', { priority: 5 });
      processor.submit(manual.handler, 'mid', { priority: 3 });
      expect(await runAll(manual, 4)).toEqual(['busy', 'high', 'mid', 'low']);
    });

    it('starts jobs of equal priority in submission order', async () => {
      const processor = create('priority');
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) processor.submit(manual.handler, name, { priority: 2 });
      processor.submit(manual.handler, 'z', { priority: 3 });
      expect(await runAll(manual, 8)).toEqual(['busy', 'z', 'a', 'b', 'c', 'd', 'e', 'f']);
    });

    it('treats a missing priority as 0', async () => {
      const processor = create('priority');
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      processor.submit(manual.handler, 'minus', { priority: -1 });
      processor.submit(manual.handler, 'default');
      processor.submit(manual.handler, 'plus', { priority: 0.5 });
      expect(await runAll(manual, 4)).toEqual(['busy', 'plus', 'default', 'minus']);
    });

    it('ignores priorities under FIFO', async () => {
      const processor = create('fifo');
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      processor.submit(manual.handler, 'low', { priority: 1 });
      processor.submit(manual.handler, 'high', { priority: 9 });
      expect(await runAll(manual, 3)).toEqual(['busy', 'low', 'high']);
    });

    it('does not pre-empt a running job: a high priority waits for a free worker', () => {
      const processor = create('priority');
      const manual = new Manual();
      const [low, high] = [
        processor.submit(manual.handler, 'low', { priority: 0 }),
        processor.submit(manual.handler, 'high', { priority: 9 }),
      ];
      expect([low.state, high.state]).toEqual(['running', 'queued']);
    });

    it('reports the priority on the job', () => {
      const processor = create('priority');
      const manual = new Manual();
      expect(processor.submit(manual.handler, 'a', { priority: 4 }).priority).toBe(4);
      expect(processor.submit(manual.handler, 'b').priority).toBe(0);
    });

    test.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects priority %s with a RangeError naming priority',
      (priority) => {
        const processor = create('priority');
        const submit = () => processor.submit(async () => 1, 1, { priority });
        expect(submit).toThrow(RangeError);
        expect(submit).toThrow(/priority/);
        expect(processor.size + processor.running).toBe(0);
      },
    );

    it('rejects a priority that is not a number with a TypeError naming priority', () => {
      const processor = create('priority');
      // @ts-expect-error: wrongly typed on purpose
      const submit = () => processor.submit(async () => 1, 1, { priority: '1' });
      expect(submit).toThrow(TypeError);
      expect(submit).toThrow(/priority.*string/);
    });
  });

  describe('delayed jobs', () => {
    test.each([
      { at: 99, state: 'delayed', started: [] },
      { at: 100, state: 'running', started: ['a'] },
      { at: 101, state: 'running', started: ['a'] },
    ])('a job with delayMs 100 is $state at t=$at', async ({ at, state, started }) => {
      const processor = create('fifo', 2);
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { delayMs: 100 }); // t=0
      await advance(at);
      expect(job.state).toBe(state);
      expect(manual.started).toEqual(started);
    });

    test.each([
      { at: 249, state: 'delayed' },
      { at: 250, state: 'running' },
    ])('a job with runAt 250 is $state at t=$at', async ({ at, state }) => {
      const processor = create('fifo', 2);
      const manual = new Manual();
      await advance(50); // t=50
      const job = processor.submit(manual.handler, 'a', { runAt: 250 });
      await advance(at - 50);
      expect(job.state).toBe(state);
    });

    it('is delayed at once, occupies no worker and counts in size', () => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      const delayed = processor.submit(manual.handler, 'later', { delayMs: 10 });
      const now = processor.submit(manual.handler, 'now');
      expect(statesOf([delayed, now])).toEqual(['delayed', 'running']);
      expect([processor.size, processor.running]).toEqual([1, 1]);
    });

    test.each([
      ['delayMs 0', { delayMs: 0 }],
      ['a runAt in the past', { runAt: -5 }],
      ['a runAt equal to now', { runAt: 0 }],
    ])('treats %s as ready now', (_label, options) => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      expect(processor.submit(manual.handler, 'a', options).state).toBe('running');
    });

    it('waits for a free worker once due', async () => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      const job = processor.submit(manual.handler, 'a', { delayMs: 10 });
      await advance(20); // t=20
      expect(job.state).toBe('queued');
      manual.succeed('busy', 'x');
      await flush();
      expect(job.state).toBe('running');
    });

    it('starts jobs due at the same instant in submission order', async () => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      processor.submit(manual.handler, 'a', { runAt: 100 }); // t=0
      await advance(40); // t=40
      processor.submit(manual.handler, 'b', { delayMs: 60 });
      processor.submit(manual.handler, 'c', { runAt: 100 });
      await advance(60); // t=100: a, b, c all due
      expect(await runAll(manual, 4)).toEqual(['busy', 'a', 'b', 'c']);
    });

    it('orders equal priorities by the time they became ready, not by submission', async () => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      processor.submit(manual.handler, 'busy'); // t=0
      processor.submit(manual.handler, 'late-submit-early-due', { delayMs: 50 });
      processor.submit(manual.handler, 'due-at-200', { delayMs: 200 });
      await advance(100); // t=100
      processor.submit(manual.handler, 'ready-at-100');
      await advance(150); // t=250: everything is waiting
      expect(await runAll(manual, 4)).toEqual(['busy', 'late-submit-early-due', 'ready-at-100', 'due-at-200']);
    });

    it('lets priority beat readiness', async () => {
      const processor = create('priority', 1);
      const manual = new Manual();
      processor.submit(manual.handler, 'busy');
      processor.submit(manual.handler, 'early-low', { priority: 0 });
      processor.submit(manual.handler, 'late-high', { priority: 1, delayMs: 30 });
      await advance(30); // t=30
      expect(await runAll(manual, 3)).toEqual(['busy', 'late-high', 'early-low']);
    });

    it('never starts early, even when a timer fires before the clock says so', async () => {
      // A clock that lags 40 ms behind the timers: the processor must trust now(), not the timer.
      const processor = JobProcessorFactory.create('fifo', { maxWorkers: 1, now: () => Math.max(0, Date.now() - 40) });
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { delayMs: 100 }); // clock 0, due at clock 100
      await advance(100); // timers at 100, clock 60
      expect(job.state).toBe('delayed');
      await advance(39); // clock 99
      expect(job.state).toBe('delayed');
      await advance(1); // clock 100
      expect(job.state).toBe('running');
    });

    it('runs a delayed job whose delay exceeds the longest setTimeout delay only when due', async () => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      const delayMs = 2 ** 31 + 1_000;
      const job = processor.submit(manual.handler, 'a', { delayMs });
      await advance(1_000); // a naive setTimeout overflows and fires after 1 ms
      expect(job.state).toBe('delayed');
      await advance(delayMs - 1_001);
      expect(job.state).toBe('delayed');
      await advance(1);
      expect(job.state).toBe('running');
    });

    it('keeps onIdle pending while a job is delayed', async () => {
      const processor = create('fifo', 1);
      const job = processor.submit(async () => 'done', 1, { delayMs: 100 });
      const idle = processor.onIdle();
      await advance(99);
      expect(await isSettled(idle)).toBe(false);
      await advance(1);
      expect(await isSettled(idle)).toBe(true);
      expect(job.state).toBe('succeeded');
    });

    it('rejects delayMs and runAt together with a TypeError naming both', () => {
      const processor = create('fifo');
      const submit = () => processor.submit(async () => 1, 1, { delayMs: 1, runAt: 5 });
      expect(submit).toThrow(TypeError);
      expect(submit).toThrow(/delayMs.*runAt/);
    });

    test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects delayMs %s with a RangeError', (delayMs) => {
      const processor = create('fifo');
      const submit = () => processor.submit(async () => 1, 1, { delayMs });
      expect(submit).toThrow(RangeError);
      expect(submit).toThrow(/delayMs/);
    });

    test.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects runAt %s with a RangeError', (runAt) => {
      const processor = create('fifo');
      const submit = () => processor.submit(async () => 1, 1, { runAt });
      expect(submit).toThrow(RangeError);
      expect(submit).toThrow(/runAt/);
    });

    it('rejects a delayMs that is not a number with a TypeError', () => {
      const processor = create('fifo');
      // @ts-expect-error: wrongly typed on purpose
      const submit = () => processor.submit(async () => 1, 1, { delayMs: '10' });
      expect(submit).toThrow(TypeError);
      expect(submit).toThrow(/delayMs/);
    });
  });

  describe('backpressure', () => {
    test.each([
      { maxWorkers: 1, maxQueueSize: 1 },
      { maxWorkers: 2, maxQueueSize: 3 },
      { maxWorkers: 3, maxQueueSize: 10 },
    ])(
      'accepts maxWorkers + maxQueueSize jobs ($maxWorkers + $maxQueueSize), then rejects with QueueFullError',
      ({ maxWorkers, maxQueueSize }) => {
        const processor = create('fifo', maxWorkers, maxQueueSize);
        const manual = new Manual();
        for (let i = 0; i < maxWorkers + maxQueueSize; i++) processor.submit(manual.handler, `j${i}`);
        expect([processor.running, processor.size]).toEqual([maxWorkers, maxQueueSize]);
        const submit = () => processor.submit(manual.handler, 'one-too-many');
        expect(submit).toThrow(QueueFullError);
        expect(submit).toThrow(JobProcessorError);
        expect(submit).toThrow(new RegExp(String(maxQueueSize)));
        expect([processor.running, processor.size]).toEqual([maxWorkers, maxQueueSize]);
      },
    );

    it('puts maxQueueSize on the error', () => {
      const processor = create('fifo', 1, 2);
      const manual = new Manual();
      submitAll(processor, manual, ['a', 'b', 'c']);
      try {
        processor.submit(manual.handler, 'd');
        expect.unreachable('submit should have thrown');
      } catch (error) {
        expect(error).toBeInstanceOf(QueueFullError);
        expect((error as InstanceType<typeof QueueFullError>).maxQueueSize).toBe(2);
        expect((error as Error).name).toBe('QueueFullError');
      }
    });

    it('with maxQueueSize 0, runs a job when a worker is free and refuses it otherwise', () => {
      const processor = create('fifo', 2, 0);
      const manual = new Manual();
      const jobs = submitAll(processor, manual, ['a', 'b']);
      expect(statesOf(jobs)).toEqual(['running', 'running']);
      expect(() => processor.submit(manual.handler, 'c')).toThrow(QueueFullError);
    });

    it('counts delayed jobs as waiting', () => {
      const processor = create('fifo', 1, 1);
      const manual = new Manual();
      processor.submit(manual.handler, 'later', { delayMs: 10 });
      processor.submit(manual.handler, 'now');
      expect(() => processor.submit(manual.handler, 'again')).toThrow(QueueFullError);
    });

    it('accepts a job that can start at once even when delayed jobs fill the queue', () => {
      const processor = create('fifo', 1, 1);
      const manual = new Manual();
      processor.submit(manual.handler, 'later', { delayMs: 10 });
      expect(processor.submit(manual.handler, 'now').state).toBe('running');
    });

    it('refuses a delayed job when the queue is full even though a worker is free', () => {
      const processor = create('fifo', 2, 0);
      const manual = new Manual();
      expect(() => processor.submit(manual.handler, 'later', { delayMs: 10 })).toThrow(QueueFullError);
    });

    it('accepts again once a waiting job has started', async () => {
      const processor = create('fifo', 1, 1);
      const manual = new Manual();
      submitAll(processor, manual, ['a', 'b']);
      manual.succeed('a', 'a');
      await flush();
      expect(processor.submit(manual.handler, 'c').state).toBe('queued');
    });

    it('accepts any number of waiting jobs by default', () => {
      const processor = create('fifo', 1);
      const manual = new Manual();
      for (let i = 0; i < 10_000; i++) processor.submit(manual.handler, `j${i}`);
      expect(processor.size).toBe(9_999);
    });

    test.each([-1, 1.5, Number.NaN])('rejects maxQueueSize %s with a RangeError naming maxQueueSize', (size) => {
      const build = () => JobProcessorFactory.create('fifo', { maxWorkers: 1, maxQueueSize: size });
      expect(build).toThrow(RangeError);
      expect(build).toThrow(/maxQueueSize/);
    });

    it('accepts maxQueueSize Infinity and rejects a string with a TypeError', () => {
      expect(() =>
        JobProcessorFactory.create('fifo', { maxWorkers: 1, maxQueueSize: Number.POSITIVE_INFINITY }),
      ).not.toThrow();
      // @ts-expect-error: wrongly typed on purpose
      const build = () => JobProcessorFactory.create('fifo', { maxWorkers: 1, maxQueueSize: '3' });
      expect(build).toThrow(TypeError);
      expect(build).toThrow(/maxQueueSize.*string/);
    });
  });

  describe('against a model', () => {
    it(
      'agrees with a model on random prioritised and delayed submits, completions, failures and clock advances',
      async () => {
        await checkJobsAgainstModel({
          strategy: ProcessingStrategy.PRIORITY,
          features: ['priority', 'delay'],
          numRuns: 80,
        });
      },
      MODEL_TIMEOUT,
    );

    it(
      'agrees with a model on delayed FIFO jobs',
      async () => {
        await checkJobsAgainstModel({ strategy: ProcessingStrategy.FIFO, features: ['delay'], numRuns: 40 });
      },
      MODEL_TIMEOUT,
    );
  });
});
