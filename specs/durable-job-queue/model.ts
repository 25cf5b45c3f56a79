/**
 * The model for the durable queue's property test: one plain array of jobs, scanned and sorted at every step.
 * Nothing like Redis sorted sets and Lua; it states the contract in the fewest lines possible. Every command runs
 * against the real queue (on the frozen server clock) and the model, and their answers must agree. Model times
 * count from the server clock's start, `serverEpoch`.
 */
import fc from 'fast-check';
import type { Script } from '../support/model.ts';
import { type ServerClock, serverEpoch } from '../support/redis.ts';
import { show } from '../support/show.ts';
import { LeaseLostError, type Queue, type Task } from './helpers.ts';

/** Every job in the model retries after a fixed 50 ms. */
export const BACKOFF = { type: 'fixed', baseMs: 50 } as const;

interface ModelJob {
  readonly id: string;
  readonly n: number;
  readonly priority: number;
  readonly maxAttempts: number;
  state: 'queued' | 'delayed' | 'running' | 'failed' | 'succeeded';
  /** When it became ready (queued), or will (delayed). */
  readyAt: number;
  attempts: number;
  leaseExpiresAt: number;
  /** The lease length of its last reserve: heartbeats renew with it. */
  leaseMs: number;
  /** Every token handed out for it, the current one last. */
  tokens: string[];
  errors: number;
}

export interface QueueModel {
  now: number;
  jobs: ModelJob[];
  succeeded: number;
}

export interface QueueReal {
  readonly queue: Queue<Task>;
  readonly clock: ServerClock;
  readonly script: Script;
}

type Command = fc.AsyncCommand<QueueModel, QueueReal>;

const isReady = (model: QueueModel, job: ModelJob) =>
  job.state === 'queued' || (job.state === 'delayed' && job.readyAt <= model.now);

function recover(model: QueueModel): number {
  const expired = model.jobs.filter((job) => job.state === 'running' && job.leaseExpiresAt <= model.now);
  for (const job of expired) {
    job.errors++;
    job.state = job.attempts >= job.maxAttempts ? 'failed' : 'queued';
    job.readyAt = job.leaseExpiresAt;
  }
  return expired.length;
}

function liveLease(model: QueueModel, job: ModelJob, token: string): boolean {
  return job.state === 'running' && job.tokens.at(-1) === token && model.now < job.leaseExpiresAt;
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof LeaseLostError) return 'LeaseLostError';
    throw error;
  }
}

class Enqueue implements Command {
  constructor(
    readonly priority: number,
    readonly delayMs: number,
    readonly maxAttempts: number,
  ) {}
  check = () => true;
  async run(model: QueueModel, { queue, script }: QueueReal): Promise<void> {
    const n = model.jobs.length;
    const options = { priority: this.priority, delayMs: this.delayMs, maxAttempts: this.maxAttempts, backoff: BACKOFF };
    const id = await queue.enqueue({ n }, options);
    script.call(`const job${n} = await queue.enqueue({ n: ${n} }, ${show(options)})`, () => id);
    model.jobs.push({
      id,
      n,
      priority: this.priority,
      maxAttempts: this.maxAttempts,
      state: this.delayMs > 0 ? 'delayed' : 'queued',
      readyAt: model.now + this.delayMs,
      attempts: 0,
      leaseExpiresAt: 0,
      leaseMs: 0,
      tokens: [],
      errors: 0,
    });
  }
  toString = () => `enqueue(priority ${this.priority}, delay ${this.delayMs}, attempts ${this.maxAttempts})`;
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: QueueModel, { clock, script }: QueueReal): Promise<void> {
    await clock.advance(this.ms);
    model.now += this.ms;
    script.note(`await clock.advance(${this.ms}); // t=${model.now}`);
  }
  toString = () => `advance(${this.ms})`;
}

class Reserve implements Command {
  constructor(readonly leaseMs: number) {}
  check = () => true;
  async run(model: QueueModel, { queue, script }: QueueReal): Promise<void> {
    recover(model);
    const next = model.jobs
      .filter((job) => isReady(model, job))
      .sort((a, b) => b.priority - a.priority || a.readyAt - b.readyAt || a.n - b.n)[0];
    const job = await queue.reserve('w', { leaseMs: this.leaseMs });
    const actual =
      job === null
        ? null
        : { n: job.payload.n, attempt: job.attempt, leaseExpiresAt: job.leaseExpiresAt - serverEpoch };
    const expected =
      next === undefined ? null : { n: next.n, attempt: next.attempts + 1, leaseExpiresAt: model.now + this.leaseMs };
    script.expect(`await queue.reserve('w', { leaseMs: ${this.leaseMs} })`, () => actual, expected);
    if (next !== undefined && job !== null) {
      next.state = 'running';
      next.attempts++;
      next.leaseExpiresAt = model.now + this.leaseMs;
      next.leaseMs = this.leaseMs;
      next.tokens.push(job.leaseToken);
    }
  }
  toString = () => `reserve(lease ${this.leaseMs})`;
}

/** ack, fail or heartbeat on one job, with its current token or the one before (stale). */
class Settle implements Command {
  constructor(
    readonly action: 'ack' | 'fail' | 'heartbeat',
    readonly pick: number,
    readonly stale: boolean,
  ) {}
  check = (model: Readonly<QueueModel>) => model.jobs.length > 0;
  async run(model: QueueModel, { queue, script }: QueueReal): Promise<void> {
    const job = model.jobs[this.pick % model.jobs.length] as ModelJob;
    const token = (this.stale ? job.tokens.at(-2) : job.tokens.at(-1)) ?? 'never-reserved';
    const which = this.stale ? 'previous' : 'current';
    const live = liveLease(model, job, token);
    const call =
      this.action === 'ack'
        ? queue.ack(job.id, token)
        : this.action === 'fail'
          ? queue.fail(job.id, token, 'failed')
          : queue.heartbeat(job.id, token);
    const actual = await outcome(call);
    script.expect(
      `await queue.${this.action}(job${job.n}, ${which} token)`,
      () => actual,
      live ? 'ok' : 'LeaseLostError',
    );
    if (!live) return;
    if (this.action === 'ack') {
      job.state = 'succeeded';
      model.succeeded++;
    } else if (this.action === 'fail') {
      job.errors++;
      if (job.attempts >= job.maxAttempts) job.state = 'failed';
      else {
        job.state = 'delayed';
        job.readyAt = model.now + BACKOFF.baseMs;
      }
    } else {
      job.leaseExpiresAt = model.now + job.leaseMs;
    }
  }
  toString = () => `${this.action}(job #${this.pick}${this.stale ? ', stale token' : ''})`;
}

class Recover implements Command {
  check = () => true;
  async run(model: QueueModel, { queue, script }: QueueReal): Promise<void> {
    const expected = recover(model);
    const actual = await queue.recoverStalled();
    script.expect('await queue.recoverStalled()', () => actual, expected);
  }
  toString = () => 'recoverStalled()';
}

class Inspect implements Command {
  check = () => true;
  async run(model: QueueModel, { queue, script }: QueueReal): Promise<void> {
    const count = (state: ModelJob['state']) => model.jobs.filter((job) => job.state === state).length;
    const ready = model.jobs.filter((job) => isReady(model, job)).length;
    const expected = {
      queued: ready,
      delayed: count('queued') + count('delayed') - ready,
      running: count('running'),
      failed: count('failed'),
      succeeded: model.succeeded,
    };
    const actual = await queue.counts();
    script.expect('await queue.counts()', () => actual, expected);
    const states = await Promise.all(model.jobs.map((job) => queue.get(job.id)));
    const seen = states.map((info) =>
      info === null ? 'gone' : `${info.state}/${info.attempts}/${info.errors.length}`,
    );
    const want = model.jobs.map((job) => {
      if (job.state === 'succeeded') return 'gone';
      const state = job.state === 'delayed' && job.readyAt <= model.now ? 'queued' : job.state;
      return `${state}/${job.attempts}/${job.errors}`;
    });
    script.expect('(await Promise.all(jobs.map(queue.get))).map(state/attempts/errors)', () => seen, want);
  }
  toString = () => 'inspect()';
}

export const commands: fc.Arbitrary<Command>[] = [
  fc
    .tuple(fc.integer({ min: -1, max: 1 }), fc.constantFrom(0, 0, 30, 50), fc.integer({ min: 1, max: 3 }))
    .map(([priority, delayMs, attempts]) => new Enqueue(priority, delayMs, attempts)),
  fc.constantFrom(1, 25, 49, 50, 99, 100, 1_000).map((ms) => new Advance(ms)),
  fc.constantFrom(100, 1_000).map((leaseMs) => new Reserve(leaseMs)),
  fc
    .tuple(
      fc.constantFrom('ack', 'fail', 'heartbeat') as fc.Arbitrary<'ack' | 'fail' | 'heartbeat'>,
      fc.nat(),
      fc.boolean(),
    )
    .map(([action, pick, stale]) => new Settle(action, pick, stale)),
  fc.constant(new Recover()),
  fc.constant(new Inspect()),
];
