/**
 * The model for the job-processor property tests: one plain array of jobs, scanned and sorted on every step. It
 * states the contract's scheduling rules in the fewest lines: a job waits until it is ready, the waiting job with the
 * highest priority (PRIORITY only), then the earliest ready time, then the lowest submission number starts whenever
 * fewer than `maxWorkers` jobs run; a failed attempt waits `base × 2^(n−1)` before its retry; a cancelled job is
 * done at once.
 *
 * The support module's runner is synchronous; a processor needs fake time and promise flushing between steps, so
 * this file drives `fc.asyncModelRun` itself, with the same replayable `Script` transcript.
 */
import fc from 'fast-check';
import { vi } from 'vitest';
import type { Job, JobProcessor, JobState } from '../../katas/job-processor/index.ts';
import { loadKata } from '../support/kata.ts';
import { Script } from '../support/model.ts';
import { advance, flush, Manual, now } from './helpers.ts';

const { JobProcessorFactory } = await loadKata<typeof import('../../katas/job-processor/index.ts')>('job-processor');

export type Feature = 'priority' | 'delay' | 'retry' | 'cancel';

const BASE_DELAY = 10;

/**
 * A model test awaits fake time between steps: about 1 s for 100 runs on an idle machine. The workbook's 2 s test
 * timeout is for a learner's never-settling promise; this gives a busy machine room without hiding a hang.
 */
export const MODEL_TIMEOUT = 15_000;

interface ModelJob {
  readonly name: string;
  readonly seq: number;
  readonly priority: number;
  readonly maxAttempts: number;
  state: JobState;
  readyAt: number;
  attempts: number;
}

interface Model {
  readonly strategy: 'fifo' | 'priority';
  readonly maxWorkers: number;
  readonly jobs: ModelJob[];
  /** Every start, as `name#attempt`, in order. */
  readonly starts: string[];
  now: number;
}

interface Real {
  readonly processor: JobProcessor;
  readonly manual: Manual<number>;
  readonly jobs: Job<string, number>[];
  readonly controllers: AbortController[];
  /** Every start seen by the handler, as `name#attempt`. */
  readonly starts: string[];
  readonly script: Script;
}

const terminal = (state: JobState) => state === 'succeeded' || state === 'failed' || state === 'cancelled';

/** Starts waiting jobs in contract order while a worker is free. */
function dispatch(model: Model): void {
  for (const job of model.jobs) if (job.state === 'delayed' && job.readyAt <= model.now) job.state = 'queued';
  for (;;) {
    if (model.jobs.filter((job) => job.state === 'running').length >= model.maxWorkers) return;
    const waiting = model.jobs
      .filter((job) => job.state === 'queued')
      .sort(
        (a, b) =>
          (model.strategy === 'priority' ? b.priority - a.priority : 0) || a.readyAt - b.readyAt || a.seq - b.seq,
      );
    const next = waiting[0];
    if (next === undefined) return;
    next.state = 'running';
    next.attempts++;
    model.starts.push(`${next.name}#${next.attempts}`);
  }
}

/** The k-th running job (by submission), or undefined. */
const runningJob = (model: Model, k: number) => model.jobs.filter((job) => job.state === 'running')[k];

function compare(model: Model, real: Real): void {
  const { script } = real;
  script.expect('starts', () => [...real.starts], [...model.starts]);
  script.expect(
    'jobs.map((job) => [job.state, job.attempts])',
    () => real.jobs.map((job) => [job.state, job.attempts]),
    model.jobs.map((job) => [job.state, job.attempts]),
  );
  script.expect(
    'processor.running',
    () => real.processor.running,
    model.jobs.filter((job) => job.state === 'running').length,
  );
  script.expect(
    'processor.size',
    () => real.processor.size,
    model.jobs.filter((job) => job.state === 'queued' || job.state === 'delayed').length,
  );
}

type Command = fc.AsyncCommand<Model, Real>;

class Submit implements Command {
  constructor(
    readonly priority: number,
    readonly delay: number,
    readonly attempts: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const name = `j${model.jobs.length}`;
    const options = { priority: this.priority, delayMs: this.delay, attempts: this.attempts };
    const controller = new AbortController();
    real.controllers.push(controller);
    real.script.call(`jobs.push(processor.submit(handler, '${name}', ${JSON.stringify(options)}))`, () =>
      real.jobs.push(real.processor.submit(real.manual.handler, name, { ...options, signal: controller.signal })),
    );
    model.jobs.push({
      name,
      seq: model.jobs.length,
      priority: this.priority,
      maxAttempts: this.attempts,
      state: this.delay > 0 ? 'delayed' : 'queued',
      readyAt: model.now + this.delay,
      attempts: 0,
    });
    dispatch(model);
    await flush();
    compare(model, real);
  }
  toString = () => `submit(priority ${this.priority}, delay ${this.delay}, attempts ${this.attempts})`;
}

class Settle implements Command {
  constructor(
    readonly k: number,
    readonly outcome: 'succeed' | 'fail',
  ) {}
  check = (model: Readonly<Model>) => runningJob(model as Model, this.k) !== undefined;
  async run(model: Model, real: Real): Promise<void> {
    const job = runningJob(model, this.k);
    if (job === undefined) return;
    if (this.outcome === 'succeed') {
      real.script.call(`handler.succeed('${job.name}', 1)`, () => real.manual.succeed(job.name, 1));
      job.state = 'succeeded';
    } else {
      real.script.call(`handler.fail('${job.name}', new Error())`, () => real.manual.fail(job.name, new Error()));
      if (job.attempts < job.maxAttempts) {
        job.state = 'delayed';
        job.readyAt = model.now + BASE_DELAY * 2 ** (job.attempts - 1);
      } else job.state = 'failed';
    }
    dispatch(model);
    await flush();
    compare(model, real);
  }
  toString = () => `${this.outcome}(running #${this.k})`;
}

class Cancel implements Command {
  constructor(readonly k: number) {}
  check = (model: Readonly<Model>) => model.jobs.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const index = this.k % model.jobs.length;
    const job = model.jobs[index];
    if (job === undefined) return;
    real.script.call(`controllers[${index}].abort()`, () => real.controllers[index]?.abort());
    if (!terminal(job.state)) job.state = 'cancelled';
    dispatch(model);
    await flush();
    compare(model, real);
  }
  toString = () => `cancel(job #${this.k})`;
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.script.note(`await vi.advanceTimersByTimeAsync(${this.ms}); // t=${model.now + this.ms}`);
    await advance(this.ms);
    // Time moves through every due instant on the way: a job due earlier may take a free worker first.
    const target = model.now + this.ms;
    for (;;) {
      const due = model.jobs.filter((job) => job.state === 'delayed' && job.readyAt <= target);
      if (due.length === 0) break;
      model.now = Math.max(model.now, Math.min(...due.map((job) => job.readyAt)));
      dispatch(model);
    }
    model.now = target;
    dispatch(model);
    compare(model, real);
  }
  toString = () => `advance(${this.ms})`;
}

export interface ModelRunOptions {
  readonly strategy: 'fifo' | 'priority';
  readonly features: readonly Feature[];
  readonly numRuns?: number;
}

/**
 * Random command sequences against the model, then a drain (complete everything, advance past every delay) and a
 * check that every job ended exactly once in the state the model predicts and that `onIdle` resolved.
 */
export async function checkJobsAgainstModel(options: ModelRunOptions): Promise<void> {
  const has = (feature: Feature) => options.features.includes(feature);
  const commands: fc.Arbitrary<Command>[] = [
    fc
      .record({
        priority: has('priority') ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
        delay: has('delay') ? fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })) : fc.constant(0),
        attempts: has('retry') ? fc.integer({ min: 1, max: 3 }) : fc.constant(1),
      })
      .map(({ priority, delay, attempts }) => new Submit(priority, delay, attempts)),
    fc
      .tuple(fc.nat(4), fc.constantFrom('succeed', 'fail') as fc.Arbitrary<'succeed' | 'fail'>)
      .map(([k, outcome]) => new Settle(k, outcome)),
  ];
  if (has('delay') || has('retry')) commands.push(fc.integer({ min: 1, max: 25 }).map((ms) => new Advance(ms)));
  if (has('cancel')) commands.push(fc.nat(10).map((k) => new Cancel(k)));

  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }),
      fc.commands(commands, { maxCommands: 25, size: 'max' }),
      async (maxWorkers, sequence) => {
        vi.useFakeTimers({ now: 0 });
        try {
          const script = new Script([
            `const processor = JobProcessorFactory.create('${options.strategy}', { maxWorkers: ${maxWorkers}, now, retry: { baseDelayMs: ${BASE_DELAY} } });`,
            'const handler = new Manual<number>(); const jobs = []; const controllers = [];',
          ]);
          const manual = new Manual<number>();
          const starts: string[] = [];
          const processor = JobProcessorFactory.create(options.strategy, {
            maxWorkers,
            now,
            retry: { baseDelayMs: BASE_DELAY },
          });
          manual.onStart = () => {
            const call = manual.calls.at(-1);
            if (call !== undefined) starts.push(`${call.payload}#${call.context.attempt}`);
            if (processor.running > maxWorkers) throw new Error(`${processor.running} running`);
          };
          const real: Real = { processor, manual, jobs: [], controllers: [], starts, script };
          const model: Model = { strategy: options.strategy, maxWorkers, jobs: [], starts: [], now: 0 };
          await fc.asyncModelRun(() => ({ model, real }), sequence);
          await drain(model, real);
        } finally {
          vi.useRealTimers();
        }
      },
    ),
    options.numRuns === undefined ? {} : { numRuns: options.numRuns },
  );
}

/** Completes every running job and advances past every delay until nothing is left; then checks final states. */
async function drain(model: Model, real: Real): Promise<void> {
  const idle = real.processor.onIdle();
  let idleResolved = false;
  void idle.then(() => {
    idleResolved = true;
  });
  real.script.note('// drain: succeed every running job, advance 100 ms, repeat');
  for (let round = 0; round < 50 && model.jobs.some((job) => !terminal(job.state)); round++) {
    for (let job = runningJob(model, 0); job !== undefined; job = runningJob(model, 0)) {
      await new Settle(0, 'succeed').run(model, real);
    }
    await new Advance(100).run(model, real);
  }
  real.script.expect('jobs.every((job) => job is finished)', () => real.jobs.every((job) => terminal(job.state)), true);
  await flush();
  real.script.expect('onIdle() resolved', () => idleResolved, true);
  real.script.expect('handler calls', () => real.manual.started.length, model.starts.length);
}
