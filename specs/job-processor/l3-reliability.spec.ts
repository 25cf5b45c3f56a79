import { describe, expect, it, test } from 'vitest';
import type { JobProcessorOptions, RetryPolicy } from '../../katas/job-processor/index.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { advance, flush, isSettled, Manual, now, statesOf, submitAll, useFakeTime } from './helpers.ts';
import { checkJobsAgainstModel, MODEL_TIMEOUT } from './model.ts';

const { JobProcessorFactory, TimeoutError, JobProcessorError } =
  await loadKata<typeof import('../../katas/job-processor/index.ts')>('job-processor');

const create = (retry: RetryPolicy = {}, extra: Partial<JobProcessorOptions> = {}) =>
  JobProcessorFactory.create('fifo', { maxWorkers: 1, now, retry, ...extra });

/** A handler that fails its first `failures` calls, then resolves with the attempt number. */
function flaky(failures: number) {
  const seen: number[] = [];
  const handler = async (_payload: string, { attempt }: { attempt: number }) => {
    seen.push(Date.now());
    if (attempt <= failures) throw new Error(`attempt ${attempt}`);
    return attempt;
  };
  return { handler, seen };
}

useFakeTime();

describe(level(3, 'Retries, timeouts, cancellation and dead letters'), () => {
  describe('retries', () => {
    it('retries a failed job until it succeeds, within its attempts', async () => {
      const processor = create({ attempts: 3, baseDelayMs: 10 });
      const { handler } = flaky(2);
      const job = processor.submit(handler, 'a');
      await advance(100);
      expect([job.state, job.result, job.attempts]).toEqual(['succeeded', 3, 3]);
      expect((job.errors as Error[]).map((error) => error.message)).toEqual(['attempt 1', 'attempt 2']);
    });

    test.each([1, 2, 3, 5])('calls the handler exactly attempts = %d times when every try fails', async (attempts) => {
      const processor = create({ attempts, baseDelayMs: 1 });
      const { handler, seen } = flaky(Number.POSITIVE_INFINITY);
      const job = processor.submit(handler, 'a');
      await advance(1_000);
      expect(seen.length).toBe(attempts);
      expect([job.state, job.attempts, job.errors.length]).toEqual(['failed', attempts, attempts]);
    });

    it('does not retry by default', async () => {
      const processor = create();
      const { handler, seen } = flaky(1);
      const job = processor.submit(handler, 'a');
      await advance(10_000);
      expect([job.state, seen.length]).toEqual(['failed', 1]);
    });

    it('lets one job override the attempts', async () => {
      const processor = create({ attempts: 5, baseDelayMs: 1 });
      const { handler, seen } = flaky(Number.POSITIVE_INFINITY);
      processor.submit(handler, 'a', { attempts: 2 });
      await advance(1_000);
      expect(seen.length).toBe(2);
    });

    it('passes the attempt number, 1-based, in the context', async () => {
      const processor = create({ attempts: 3, baseDelayMs: 0 });
      const attempts: number[] = [];
      processor.submit(async (_: string, { attempt }) => {
        attempts.push(attempt);
        throw new Error('x');
      }, 'a');
      await advance(10);
      expect(attempts).toEqual([1, 2, 3]);
    });

    test.each([
      { name: 'no cap', retry: { baseDelayMs: 100 }, retriesAt: [100, 300, 700, 1_500] },
      { name: 'cap 250', retry: { baseDelayMs: 100, maxDelayMs: 250 }, retriesAt: [100, 300, 550, 800] },
      { name: 'base 1', retry: { baseDelayMs: 1 }, retriesAt: [1, 3, 7, 15] },
      { name: 'base 0', retry: { baseDelayMs: 0 }, retriesAt: [0, 0, 0, 0] },
      { name: 'cap 0', retry: { baseDelayMs: 100, maxDelayMs: 0 }, retriesAt: [0, 0, 0, 0] },
    ])('waits base × 2^(n−1), capped, before retry n ($name)', async ({ retry, retriesAt }) => {
      const processor = create({ attempts: 5, ...retry });
      const { handler, seen } = flaky(Number.POSITIVE_INFINITY);
      processor.submit(handler, 'a'); // t=0, attempt 1 fails at once
      await advance(10_000);
      expect(seen).toEqual([0, ...retriesAt]);
    });

    it('never retries early: the job is delayed until the exact retry time', async () => {
      const processor = create({ attempts: 2, baseDelayMs: 100 });
      const { handler } = flaky(1);
      const job = processor.submit(handler, 'a');
      await advance(99); // t=99
      expect([job.state, job.attempts]).toEqual(['delayed', 1]);
      expect(processor.size).toBe(1);
      await advance(1); // t=100
      expect([job.state, job.attempts]).toEqual(['succeeded', 2]);
    });

    test.each([
      { random: 0, gaps: [0, 0, 0] },
      { random: 0.5, gaps: [50, 75, 75] },
      { random: 0.999_999, gaps: [99, 149, 149] },
    ])(
      'with full jitter waits floor(random × min(cap, base × 2^(n−1))) (random = $random)',
      async ({ random, gaps }) => {
        // base 100, cap 150: the waits before jitter are 100, 150 (capped from 200), 150 (capped from 400).
        const processor = create(
          { attempts: 4, baseDelayMs: 100, maxDelayMs: 150, jitter: 'full' },
          { random: () => random },
        );
        const { handler, seen } = flaky(Number.POSITIVE_INFINITY);
        processor.submit(handler, 'a');
        await advance(10_000);
        expect(seen.slice(1).map((t, i) => t - (seen[i] ?? 0))).toEqual(gaps);
      },
    );

    it('calls random once per retry, not for the first attempt', async () => {
      let calls = 0;
      const processor = create(
        { attempts: 3, baseDelayMs: 10, jitter: 'full' },
        {
          random: () => {
            calls++;
            return 0.5;
          },
        },
      );
      processor.submit(flaky(Number.POSITIVE_INFINITY).handler, 'a');
      await advance(1_000);
      expect(calls).toBe(2);
    });

    it('puts a retry behind jobs that became ready before its retry time', async () => {
      const processor = create({ attempts: 2, baseDelayMs: 10 });
      const manual = new Manual();
      processor.submit(manual.handler, 'a'); // t=0
      processor.submit(manual.handler, 'b');
      manual.fail('a', new Error('a1')); // a retries at t=10; b starts
      await advance(5); // t=5
      processor.submit(manual.handler, 'c'); // ready at t=5, before a's retry
      await advance(15); // t=20
      manual.succeed('b', 'b');
      await flush();
      manual.succeed('c', 'c');
      await flush();
      expect(manual.started).toEqual(['a', 'b', 'c', 'a']);
    });

    it('never refuses a retry, even when the queue is full', async () => {
      const processor = create({ attempts: 2, baseDelayMs: 10 }, { maxQueueSize: 1 });
      const manual = new Manual();
      const a = processor.submit(manual.handler, 'a');
      processor.submit(manual.handler, 'b');
      manual.fail('a', new Error('a1'));
      await flush();
      manual.fail('b', new Error('b1'));
      await flush();
      expect(statesOf([a])).toEqual(['delayed']);
      expect(processor.size).toBe(2);
    });

    test.each([
      ['attempts', { attempts: 0 }, RangeError],
      ['attempts', { attempts: 1.5 }, RangeError],
      ['baseDelayMs', { baseDelayMs: -1 }, RangeError],
      ['baseDelayMs', { baseDelayMs: Number.NaN }, RangeError],
      ['maxDelayMs', { maxDelayMs: -5 }, RangeError],
      ['jitter', { jitter: 'half' }, TypeError],
      ['attempts', { attempts: '3' }, TypeError],
    ] as const)('rejects a bad retry.%s with its error class', (name, retry, errorClass) => {
      // @ts-expect-error: some are wrongly typed on purpose
      const build = () => create(retry);
      expect(build).toThrow(errorClass);
      expect(build).toThrow(new RegExp(name));
    });

    it('rejects a random that is not a function, and a bad per-job attempts', () => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => create({}, { random: 0.5 })).toThrow(/random/);
      const processor = create();
      expect(() => processor.submit(async () => 1, 'a', { attempts: 0 })).toThrow(RangeError);
      expect(() => processor.submit(async () => 1, 'a', { attempts: 0 })).toThrow(/attempts/);
    });
  });

  describe('timeouts', () => {
    test.each([
      { at: 99, state: 'running' },
      { at: 100, state: 'failed' },
    ])('a running job with timeoutMs 100 is $state at t=$at', async ({ at, state }) => {
      const processor = create();
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { timeoutMs: 100 });
      await advance(at);
      expect(job.state).toBe(state);
    });

    it('starts the timeout when the job starts, not when it is submitted', async () => {
      const processor = create();
      const manual = new Manual();
      processor.submit(manual.handler, 'slow'); // t=0
      const job = processor.submit(manual.handler, 'a', { timeoutMs: 100 });
      await advance(500); // t=500: waited far longer than its timeout
      manual.succeed('slow', 'ok');
      await flush(); // a starts at t=500
      expect(job.state).toBe('running');
      await advance(99); // t=599
      expect(job.state).toBe('running');
      await advance(1); // t=600
      expect(job.state).toBe('failed');
    });

    it('fails the attempt with a TimeoutError carrying timeoutMs, and aborts the handler signal with it', async () => {
      const processor = create();
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { timeoutMs: 50 });
      const signal = manual.context('a').signal;
      await advance(50);
      expect(job.error).toBeInstanceOf(TimeoutError);
      expect(job.error).toBeInstanceOf(JobProcessorError);
      expect((job.error as InstanceType<typeof TimeoutError>).timeoutMs).toBe(50);
      expect((job.error as Error).name).toBe('TimeoutError');
      expect((job.error as Error).message).toMatch(/50/);
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe(job.error);
    });

    it('frees the worker at once and ignores what the handler returns later', async () => {
      const processor = create();
      let finish: (value: string) => void = () => {};
      const job = processor.submit(() => new Promise<string>((resolve) => (finish = resolve)), 'stubborn', {
        timeoutMs: 10,
      });
      const next = processor.submit(async () => 'next', 'b');
      await advance(10);
      expect(next.state).toBe('succeeded');
      finish('too late');
      await flush();
      expect([job.state, job.result]).toEqual(['failed', undefined]);
    });

    it('restarts the timeout for every attempt and retries a timed-out attempt', async () => {
      const processor = create({ attempts: 3, baseDelayMs: 5 });
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { timeoutMs: 20 });
      await advance(20); // attempt 1 times out at t=20; retry at t=25
      await advance(5);
      expect([job.state, job.attempts]).toEqual(['running', 2]);
      await advance(19); // t=44
      expect(job.state).toBe('running');
      manual.succeed('a', 'ok');
      await flush();
      expect([job.state, job.result, job.errors.length]).toEqual(['succeeded', 'ok', 1]);
      expect(job.errors[0]).toBeInstanceOf(TimeoutError);
    });

    it('does not time out a job that finished in time', async () => {
      const processor = create();
      const job = processor.submit(async () => 'quick', 'a', { timeoutMs: 10 });
      await advance(100);
      expect([job.state, job.error]).toEqual(['succeeded', undefined]);
    });

    test.each([0, -1, Number.NaN])('rejects timeoutMs %s with a RangeError naming timeoutMs', (timeoutMs) => {
      const processor = create();
      expect(() => processor.submit(async () => 1, 'a', { timeoutMs })).toThrow(RangeError);
      expect(() => processor.submit(async () => 1, 'a', { timeoutMs })).toThrow(/timeoutMs/);
    });

    it('accepts timeoutMs Infinity and rejects a string with a TypeError', async () => {
      const processor = create();
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { timeoutMs: Number.POSITIVE_INFINITY });
      await advance(1_000_000);
      expect(job.state).toBe('running');
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(async () => 1, 'b', { timeoutMs: '5' })).toThrow(TypeError);
    });
  });

  describe('cancellation', () => {
    it('removes a queued job: cancelled with the signal reason, never run', async () => {
      const processor = create();
      const manual = new Manual();
      const controller = new AbortController();
      processor.submit(manual.handler, 'busy');
      const job = processor.submit(manual.handler, 'a', { signal: controller.signal });
      const reason = new Error('no longer needed');
      controller.abort(reason);
      expect([job.state, job.error, processor.size]).toEqual(['cancelled', reason, 0]);
      manual.succeed('busy', 'x');
      await flush();
      expect(manual.started).toEqual(['busy']);
      expect(await job.done).toEqual({ state: 'cancelled', error: reason });
    });

    it('removes a delayed job before it is due', async () => {
      const processor = create();
      const manual = new Manual();
      const controller = new AbortController();
      const job = processor.submit(manual.handler, 'a', { delayMs: 100, signal: controller.signal });
      await advance(50);
      controller.abort();
      await advance(100);
      expect(job.state).toBe('cancelled');
      expect(manual.started).toEqual([]);
      expect(job.error).toBe(controller.signal.reason);
    });

    it('aborts a running job’s signal with the same reason and frees its worker at once', async () => {
      const processor = create();
      const manual = new Manual();
      const controller = new AbortController();
      const job = processor.submit(manual.handler, 'a', { signal: controller.signal });
      const next = processor.submit(manual.handler, 'b');
      const reason = new Error('stop');
      controller.abort(reason);
      expect(manual.context('a').signal.aborted).toBe(true);
      expect(manual.context('a').signal.reason).toBe(reason);
      expect([job.state, job.error]).toEqual(['cancelled', reason]);
      await flush();
      expect(next.state).toBe('running');
    });

    it('frees the worker of a cancelled job at once, even when its handler ignores the signal', () => {
      const processor = create();
      const controller = new AbortController();
      const job = processor.submit(() => new Promise<string>(() => {}), 'deaf', { signal: controller.signal });
      const next = processor.submit(async () => 'next', 'b');
      controller.abort();
      expect([job.state, next.state, processor.running]).toEqual(['cancelled', 'running', 1]);
    });

    it('ignores what a cancelled running handler returns later', async () => {
      const processor = create();
      let finish: (value: string) => void = () => {};
      const controller = new AbortController();
      const job = processor.submit(() => new Promise<string>((resolve) => (finish = resolve)), 'a', {
        signal: controller.signal,
      });
      controller.abort();
      finish('late');
      await flush();
      expect([job.state, job.result]).toEqual(['cancelled', undefined]);
    });

    it('never retries a cancelled job', async () => {
      const processor = create({ attempts: 5, baseDelayMs: 1 });
      const manual = new Manual();
      const controller = new AbortController();
      const job = processor.submit(manual.handler, 'a', { signal: controller.signal });
      controller.abort();
      await advance(100);
      expect([job.state, manual.started.length]).toEqual(['cancelled', 1]);
    });

    it('cancels a job waiting for its retry', async () => {
      const processor = create({ attempts: 3, baseDelayMs: 100 });
      const manual = new Manual();
      const controller = new AbortController();
      const job = processor.submit(manual.handler, 'a', { signal: controller.signal });
      manual.fail('a', new Error('first'));
      await advance(50);
      controller.abort();
      await advance(500);
      expect([job.state, manual.started.length, processor.deadLetters().length]).toEqual(['cancelled', 1, 0]);
    });

    it('gives a job whose signal is already aborted the state cancelled at once, without running it', () => {
      const processor = create();
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a', { signal: AbortSignal.abort('gone') });
      expect([job.state, job.error, manual.started]).toEqual(['cancelled', 'gone', []]);
    });

    it('does not change a finished job', async () => {
      const processor = create();
      const controller = new AbortController();
      const job = processor.submit(async () => 'ok', 'a', { signal: controller.signal });
      await flush();
      controller.abort();
      expect([job.state, job.result, job.error]).toEqual(['succeeded', 'ok', undefined]);
    });

    it('lets onIdle resolve once the last job is cancelled', async () => {
      const processor = create();
      const controller = new AbortController();
      processor.submit(new Manual().handler, 'a', { signal: controller.signal });
      const idle = processor.onIdle();
      expect(await isSettled(idle)).toBe(false);
      controller.abort();
      expect(await isSettled(idle)).toBe(true);
    });

    it('rejects a signal that is not an AbortSignal with a TypeError naming signal', () => {
      const processor = create();
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(async () => 1, 'a', { signal: {} })).toThrow(/signal/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(async () => 1, 'a', { signal: {} })).toThrow(TypeError);
    });
  });

  describe('dead letters', () => {
    it('holds a job that used up its attempts, with every error seen in order', async () => {
      const processor = create({ attempts: 3, baseDelayMs: 10 });
      const errors = [new Error('one'), new Error('two'), new Error('three')];
      const job = processor.submit(
        async (_: { file: string }, { attempt }) => {
          throw errors[attempt - 1];
        },
        { file: 'x.png' },
      );
      await advance(100); // fails at t=0, 10, 30
      expect(processor.deadLetters()).toEqual([
        { id: job.id, payload: { file: 'x.png' }, attempts: 3, errors, failedAt: 30 },
      ]);
      expect(job.errors).toEqual(errors);
      expect(job.error).toBe(errors[2]);
    });

    it('holds a failed job without retries too', async () => {
      const processor = create();
      const error = new Error('once');
      const job = processor.submit(async () => Promise.reject(error), 'a');
      await flush();
      expect(processor.deadLetters()).toEqual([
        { id: job.id, payload: 'a', attempts: 1, errors: [error], failedAt: 0 },
      ]);
    });

    it('keeps jobs in the order they failed', async () => {
      const processor = JobProcessorFactory.create('fifo', { maxWorkers: 3, now });
      const manual = new Manual();
      const jobs = submitAll(processor, manual, ['a', 'b', 'c']);
      manual.fail('c', new Error('c'));
      await flush();
      manual.fail('a', new Error('a'));
      await flush();
      manual.succeed('b', 'b');
      await flush();
      expect(processor.deadLetters().map((letter) => letter.id)).toEqual([jobs[2]?.id, jobs[0]?.id]);
    });

    it('does not hold jobs that succeeded after a retry, or were cancelled', async () => {
      const processor = create({ attempts: 2, baseDelayMs: 1 });
      processor.submit(flaky(1).handler, 'a');
      processor.submit(new Manual().handler, 'b', { signal: AbortSignal.abort() });
      await advance(10);
      expect(processor.deadLetters()).toEqual([]);
    });

    it('returns a copy: changing it does not change the processor', async () => {
      const processor = create();
      processor.submit(async () => Promise.reject(new Error('x')), 'a');
      await flush();
      const letters = processor.deadLetters() as unknown[];
      letters.length = 0;
      expect(processor.deadLetters().length).toBe(1);
    });
  });

  describe('against a model', () => {
    it(
      'agrees with a model on random submits, failures with retries, cancellations and clock advances',
      async () => {
        await checkJobsAgainstModel({
          strategy: 'priority',
          features: ['priority', 'delay', 'retry', 'cancel'],
          numRuns: 100,
        });
      },
      MODEL_TIMEOUT,
    );
  });
});
