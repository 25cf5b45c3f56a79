import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { flush, isSettled, Manual, now, statesOf, submitAll, useFakeTime } from './helpers.ts';
import { checkJobsAgainstModel, MODEL_TIMEOUT } from './model.ts';

const { JobProcessorFactory, ProcessingStrategy } =
  await loadKata<typeof import('../../katas/job-processor/index.ts')>('job-processor');

const fifo = (maxWorkers: number) => JobProcessorFactory.create(ProcessingStrategy.FIFO, { maxWorkers, now });

useFakeTime();

describe(level(1, 'Submit and run with a worker limit'), () => {
  describe('create', () => {
    test.each([1, 2, 1_000, Number.MAX_SAFE_INTEGER])('accepts maxWorkers %d and reports it', (maxWorkers) => {
      const processor = JobProcessorFactory.create(ProcessingStrategy.FIFO, { maxWorkers });
      expect(processor.maxWorkers).toBe(maxWorkers);
    });

    test.each([ProcessingStrategy.FIFO, ProcessingStrategy.PRIORITY])('reports the strategy %s', (strategy) => {
      expect(JobProcessorFactory.create(strategy, { maxWorkers: 1 }).strategy).toBe(strategy);
    });

    it('names the strategies fifo and priority', () => {
      const processor = JobProcessorFactory.create('priority', { maxWorkers: 1 });
      expect([ProcessingStrategy.FIFO, ProcessingStrategy.PRIORITY, processor.strategy]).toEqual([
        'fifo',
        'priority',
        'priority',
      ]);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
      'rejects maxWorkers %s with a RangeError naming maxWorkers and the value',
      (maxWorkers) => {
        const create = () => JobProcessorFactory.create(ProcessingStrategy.FIFO, { maxWorkers });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/maxWorkers/);
        expect(create).toThrow(String(maxWorkers));
      },
    );

    test.each([
      ['the string "2"', '2', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
      ['the bigint 2n', 2n, 'bigint'],
    ])('rejects maxWorkers as %s with a TypeError naming maxWorkers and the type', (_label, maxWorkers, type) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => JobProcessorFactory.create(ProcessingStrategy.FIFO, { maxWorkers });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/maxWorkers/);
      expect(create).toThrow(type);
    });

    test.each(['lifo', 'FIFO', undefined, 1])(
      'rejects the strategy %s with a TypeError naming strategy',
      (strategy) => {
        // @ts-expect-error: wrongly typed on purpose
        const create = () => JobProcessorFactory.create(strategy, { maxWorkers: 1 });
        expect(create).toThrow(TypeError);
        expect(create).toThrow(/strategy/);
      },
    );

    it('rejects a now that is not a function with a TypeError naming now', () => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => JobProcessorFactory.create(ProcessingStrategy.FIFO, { maxWorkers: 1, now: 5 });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/now/);
    });

    it('treats options given as undefined as not given', async () => {
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const processor = JobProcessorFactory.create(ProcessingStrategy.FIFO, {
        maxWorkers: 1,
        maxQueueSize: undefined,
        now: undefined,
        retry: undefined,
        random: undefined,
      });
      const job = processor.submit(async (n: number) => n * 2, 21);
      await flush();
      expect([job.state, job.result]).toEqual(['succeeded', 42]);
    });
  });

  describe('submit', () => {
    it('starts a job at once when a worker is free, calling the handler with the payload and a context', () => {
      const processor = fifo(1);
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a');
      expect(job.state).toBe('running');
      expect(manual.started).toEqual(['a']);
      const context = manual.context('a');
      expect(context.id).toBe(job.id);
      expect(context.attempt).toBe(1);
      expect(context.signal).toBeInstanceOf(AbortSignal);
      expect(context.signal.aborted).toBe(false);
    });

    it('queues a job while every worker is busy, without calling its handler', () => {
      const processor = fifo(2);
      const manual = new Manual();
      const jobs = submitAll(processor, manual, ['a', 'b', 'c']);
      expect(statesOf(jobs)).toEqual(['running', 'running', 'queued']);
      expect(manual.started).toEqual(['a', 'b']);
      expect([processor.running, processor.size]).toEqual([2, 1]);
    });

    it('records the payload, the submit time and no attempt yet for a queued job', () => {
      const processor = fifo(1);
      const manual = new Manual();
      processor.submit(manual.handler, 'a');
      const job = processor.submit(manual.handler, 'b');
      expect([job.payload, job.submittedAt, job.attempts, job.result, job.error]).toEqual([
        'b',
        0,
        0,
        undefined,
        undefined,
      ]);
    });

    it('gives every job a different string id and finds each one with get', () => {
      const processor = fifo(2);
      const manual = new Manual();
      const jobs = submitAll(processor, manual, ['a', 'b', 'c', 'd']);
      const ids = jobs.map((job) => job.id);
      expect(new Set(ids).size).toBe(4);
      for (const id of ids) expect(typeof id).toBe('string');
      for (const job of jobs) expect(processor.get(job.id)).toBe(job);
    });

    it('returns undefined from get for an unknown id', () => {
      expect(fifo(1).get('no-such-job')).toBeUndefined();
    });

    test.each([
      ['a number', 5],
      ['a string', 'run'],
      ['undefined', undefined],
      ['an object', {}],
    ])('rejects a handler that is %s with a TypeError naming handler', (_label, handler) => {
      const processor = fifo(1);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(handler, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => processor.submit(handler, 1)).toThrow(/handler/);
      expect([processor.running, processor.size]).toEqual([0, 0]);
    });
  });

  describe('results and errors', () => {
    it('marks a job succeeded with the value its handler resolves', async () => {
      const processor = fifo(1);
      const manual = new Manual<number>();
      const job = processor.submit(manual.handler, 'a');
      manual.succeed('a', 7);
      await flush();
      expect([job.state, job.result, job.error, job.attempts]).toEqual(['succeeded', 7, undefined, 1]);
      expect(await job.done).toEqual({ state: 'succeeded', result: 7 });
    });

    it('marks a job failed with the error its handler rejects with, and done resolves (never rejects)', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      const job = processor.submit(manual.handler, 'a');
      const error = new Error('boom');
      manual.fail('a', error);
      await flush();
      expect([job.state, job.result, job.attempts]).toEqual(['failed', undefined, 1]);
      expect(job.error).toBe(error);
      expect(await job.done).toEqual({ state: 'failed', error });
    });

    it('fails a job whose handler throws synchronously', async () => {
      const processor = fifo(1);
      const error = new Error('sync');
      const job = processor.submit(() => {
        throw error;
      }, 1);
      await flush();
      expect([job.state, job.error]).toEqual(['failed', error]);
    });

    it('succeeds a job whose handler returns a plain value', async () => {
      const processor = fifo(1);
      const job = processor.submit((payload: { n: number }) => payload.n + 1, { n: 1 });
      await flush();
      expect([job.state, job.result]).toEqual(['succeeded', 2]);
    });

    it('keeps undefined as a successful result', async () => {
      const processor = fifo(1);
      const job = processor.submit(async () => undefined, 0);
      await flush();
      expect(await job.done).toEqual({ state: 'succeeded', result: undefined });
    });

    it('keeps finished jobs retrievable with get', async () => {
      const processor = fifo(1);
      const ok = processor.submit(async () => 'ok', 0);
      const bad = processor.submit(async () => Promise.reject(new Error('no')), 0);
      await flush();
      expect([processor.get(ok.id)?.state, processor.get(bad.id)?.state]).toEqual(['succeeded', 'failed']);
    });
  });

  describe('worker limit', () => {
    it('starts the next queued job as soon as a running one finishes', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      const [a, b] = submitAll(processor, manual, ['a', 'b']);
      manual.succeed('a', 'done');
      await flush();
      expect([a?.state, b?.state]).toEqual(['succeeded', 'running']);
      expect(manual.started).toEqual(['a', 'b']);
    });

    it('frees the worker of a failed job too', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      const [, b] = submitAll(processor, manual, ['a', 'b']);
      manual.fail('a', new Error('x'));
      await flush();
      expect(b?.state).toBe('running');
    });

    it('starts queued jobs in submission order under FIFO', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      submitAll(processor, manual, ['a', 'b', 'c', 'd']);
      for (const payload of ['a', 'b', 'c', 'd']) {
        manual.succeed(payload, payload);
        await flush();
      }
      expect(manual.started).toEqual(['a', 'b', 'c', 'd']);
    });

    test.each([1, 2, 5])(
      'never runs more than maxWorkers = %d jobs, checked on every transition of a burst',
      async (maxWorkers) => {
        const processor = fifo(maxWorkers);
        const manual = new Manual<number>();
        const payloads = Array.from({ length: 20 }, (_, i) => `j${i}`);
        const jobs: ReturnType<typeof processor.submit<string, number>>[] = [];
        const check = () => {
          const running = jobs.filter((job) => job.state === 'running').length;
          expect(processor.running).toBe(running);
          expect(running).toBeLessThanOrEqual(maxWorkers);
          expect(manual.active).toBeLessThanOrEqual(maxWorkers);
        };
        // Inside the handler, the job being started is not in `jobs` yet: check the bound only.
        manual.onStart = () => {
          expect(processor.running).toBeLessThanOrEqual(maxWorkers);
          expect(manual.active).toBeLessThanOrEqual(maxWorkers);
        };
        for (const payload of payloads) {
          jobs.push(processor.submit(manual.handler, payload));
          check();
        }
        // Finish in a scrambled order: every other running job first.
        let round = 0;
        while (manual.active > 0) {
          const running = jobs.filter((job) => job.state === 'running');
          const pick = running[round++ % running.length];
          if (pick === undefined) break;
          if (round % 3 === 0) manual.fail(pick.payload, new Error(pick.payload));
          else manual.succeed(pick.payload, round);
          await flush();
          check();
        }
        expect(manual.maxActive).toBe(maxWorkers);
        expect(jobs.every((job) => job.state === 'succeeded' || job.state === 'failed')).toBe(true);
        expect(manual.started.length).toBe(20);
      },
    );

    it('keeps the limit when jobs finish in the same tick', async () => {
      const processor = fifo(2);
      const manual = new Manual();
      const jobs = submitAll(processor, manual, ['a', 'b', 'c', 'd', 'e']);
      manual.succeed('a', 'a');
      manual.succeed('b', 'b');
      await flush();
      expect(statesOf(jobs)).toEqual(['succeeded', 'succeeded', 'running', 'running', 'queued']);
      expect(manual.active).toBe(2);
    });
  });

  describe('onIdle', () => {
    it('resolves at once when nothing was submitted', async () => {
      expect(await isSettled(fifo(1).onIdle())).toBe(true);
    });

    it('resolves only once the last job has finished', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      submitAll(processor, manual, ['a', 'b']);
      const idle = processor.onIdle();
      manual.succeed('a', 'a');
      expect(await isSettled(idle)).toBe(false);
      manual.fail('b', new Error('b'));
      expect(await isSettled(idle)).toBe(true);
    });

    it('resolves every caller waiting for it', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      processor.submit(manual.handler, 'a');
      const first = processor.onIdle();
      const second = processor.onIdle();
      manual.succeed('a', 'a');
      expect([await isSettled(first), await isSettled(second)]).toEqual([true, true]);
    });

    it('can be awaited again after new work', async () => {
      const processor = fifo(1);
      const manual = new Manual();
      processor.submit(manual.handler, 'a');
      manual.succeed('a', 'a');
      await processor.onIdle();
      processor.submit(manual.handler, 'b');
      const idle = processor.onIdle();
      expect(await isSettled(idle)).toBe(false);
      manual.succeed('b', 'b');
      expect(await isSettled(idle)).toBe(true);
    });
  });

  describe('against a model', () => {
    it(
      'agrees with a model of plain arrays on random submits, completions and failures (FIFO)',
      async () => {
        await checkJobsAgainstModel({ strategy: 'fifo', features: [], numRuns: 60 });
      },
      MODEL_TIMEOUT,
    );
  });
});
