/**
 * The model for the circuit breaker property tests: the state machine of the README written as plainly as possible,
 * and an async harness (fast-check's `asyncModelRun`) that starts calls on deferred promises, settles them in any
 * order, and moves the clock. On a mismatch the error message is the run so far as a replayable script.
 */
import fc from 'fast-check';
import type { CircuitBreaker, CircuitBreakerOptions, CircuitState } from '../../katas/circuit-breaker/index.ts';
import { type Deferred, deferred } from '../support/deferred.ts';
import { show } from '../support/show.ts';
import { settle } from './deferred.ts';

interface Call {
  readonly id: number;
  /** The period it was let through in: its outcome counts only if that period is still current. */
  readonly period: number;
}

export interface BreakerModel {
  readonly options: Required<Pick<CircuitBreakerOptions, 'cooldownMs' | 'halfOpenMaxCalls' | 'successThreshold'>> & {
    readonly failureThreshold: number;
    readonly rate?: { threshold: number; windowMs: number; minimumCalls: number };
  };
  state: CircuitState;
  period: number;
  consecutive: number;
  openedAt: number;
  trials: number;
  successes: number;
  /** Settled calls of the current closed period: (time, failed). */
  outcomes: Array<{ at: number; failed: boolean }>;
  now: number;
  inFlight: Call[];
  nextId: number;
}

export interface BreakerReal {
  readonly breaker: CircuitBreaker;
  readonly clock: { t: number };
  readonly calls: Map<number, { readonly gate: Deferred<string>; readonly result: Promise<unknown> }>;
  readonly lines: string[];
}

class Mismatch extends Error {
  override name = 'ModelMismatch';
}

function check(real: BreakerReal, line: string, actual: unknown, expected: unknown): void {
  if (show(actual) !== show(expected)) {
    const script = [...real.lines, `${line} // expected ${show(expected)}, got ${show(actual)}`];
    throw new Mismatch(`the implementation and the model disagree. Replay:\n\n    ${script.join('\n    ')}\n`);
  }
  real.lines.push(`${line} // -> ${show(actual)}`);
}

function enter(model: BreakerModel, to: CircuitState): void {
  model.state = to;
  model.period++;
  model.trials = 0;
  model.successes = 0;
  model.consecutive = 0;
  model.outcomes = [];
  if (to === 'open') model.openedAt = model.now;
}

function refresh(model: BreakerModel): void {
  if (model.state === 'open' && model.now >= model.openedAt + model.options.cooldownMs) enter(model, 'half-open');
}

function record(model: BreakerModel, call: Call, failed: boolean): void {
  if (call.period !== model.period) return;
  const { options } = model;
  if (model.state === 'half-open') {
    model.trials--;
    if (failed) enter(model, 'open');
    else if (++model.successes >= options.successThreshold) enter(model, 'closed');
  } else if (options.rate === undefined) {
    model.consecutive = failed ? model.consecutive + 1 : 0;
    if (model.consecutive >= options.failureThreshold) enter(model, 'open');
  } else {
    const { threshold, windowMs, minimumCalls } = options.rate;
    model.outcomes.push({ at: model.now, failed });
    model.outcomes = model.outcomes.filter((outcome) => model.now < outcome.at + windowMs);
    const failures = model.outcomes.filter((outcome) => outcome.failed).length;
    if (model.outcomes.length >= minimumCalls && failures / model.outcomes.length >= threshold) enter(model, 'open');
  }
}

type Command = fc.AsyncCommand<BreakerModel, BreakerReal>;

/** `execute` a call that waits on a deferred; checks whether the breaker lets it through. */
const startCommand = fc.constant<Command>({
  check: () => true,
  toString: () => 'start()',
  async run(model, real) {
    refresh(model);
    const id = model.nextId++;
    const gate = deferred<string>();
    let called = false;
    const result = real.breaker.execute(() => {
      called = true;
      return gate.promise;
    });
    const line = `const call${id} = breaker.execute(() => gate${id}.promise);`;
    if (model.state === 'open' || (model.state === 'half-open' && model.trials >= model.options.halfOpenMaxCalls)) {
      const expected =
        model.state === 'open'
          ? {
              name: 'CircuitOpenError',
              state: 'open',
              retryAfterMs: model.openedAt + model.options.cooldownMs - model.now,
            }
          : { name: 'CircuitOpenError', state: 'half-open', retryAfterMs: 0 };
      const outcome = await settle(result);
      const error = outcome.ok
        ? undefined
        : (outcome.error as { name?: string; state?: string; retryAfterMs?: number });
      const actual =
        error === undefined ? 'resolved' : { name: error.name, state: error.state, retryAfterMs: error.retryAfterMs };
      check(
        real,
        `${line} await call${id}; // rejected, fn not called`,
        { actual, called },
        { actual: expected, called: false },
      );
      return;
    }
    if (model.state === 'half-open') model.trials++;
    model.inFlight.push({ id, period: model.period });
    real.calls.set(id, { gate, result });
    real.lines.push(line);
  },
});

/** Settles the `index`-th call in flight: resolves it, or rejects it. */
const settleCommand = fc.tuple(fc.nat(), fc.boolean()).map(
  ([index, fails]): Command => ({
    check: (model) => model.inFlight.length > 0,
    toString: () => `settle(${index}, ${fails ? 'fail' : 'succeed'})`,
    async run(model, real) {
      const call = model.inFlight[index % model.inFlight.length] as Call;
      model.inFlight = model.inFlight.filter((other) => other !== call);
      const pending = real.calls.get(call.id);
      if (pending === undefined) throw new Error(`no call ${call.id}`);
      real.calls.delete(call.id);
      const error = new Error(`failure ${call.id}`);
      if (fails) pending.gate.reject(error);
      else pending.gate.resolve(`value ${call.id}`);
      const outcome = await settle(pending.result);
      record(model, call, fails);
      const line = fails
        ? `gate${call.id}.reject(new Error('failure ${call.id}'));`
        : `gate${call.id}.resolve('value ${call.id}');`;
      const actual = outcome.ok ? outcome.value : (outcome.error as Error).message;
      check(real, `${line} await call${call.id}`, actual, fails ? `failure ${call.id}` : `value ${call.id}`);
      refresh(model);
      check(real, 'breaker.state;', real.breaker.state, model.state);
    },
  }),
);

const advanceCommand = (moves: fc.Arbitrary<number>) =>
  moves.map(
    (ms): Command => ({
      check: () => true,
      toString: () => `advance(${ms})`,
      async run(model, real) {
        model.now += ms;
        real.clock.t += ms;
        real.lines.push(`t += ${ms}; // t = ${real.clock.t}`);
      },
    }),
  );

const stateCommand = fc.constant<Command>({
  check: () => true,
  toString: () => 'state',
  async run(model, real) {
    refresh(model);
    check(real, 'breaker.state;', real.breaker.state, model.state);
  },
});

export interface ModelOptions {
  readonly failureThreshold?: number;
  readonly cooldownMs: number;
  readonly halfOpenMaxCalls?: number;
  readonly successThreshold?: number;
  readonly failureRate?: { threshold: number; windowMs: number; minimumCalls: number };
  /** Clock moves: forwards only by default. */
  readonly moves?: fc.Arbitrary<number>;
  readonly numRuns?: number;
}

/** Runs random command sequences against the model and a breaker made by `create`. */
export async function checkBreakerModel(Breaker: typeof CircuitBreaker, options: ModelOptions): Promise<void> {
  const { moves = fc.integer({ min: 1, max: 40 }), numRuns, failureRate, ...rest } = options;
  const commands = [startCommand, startCommand, settleCommand, advanceCommand(moves), stateCommand];
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'max' }), async (sequence) => {
      const clock = { t: 0 };
      const breakerOptions: CircuitBreakerOptions = {
        ...rest,
        now: () => clock.t,
        ...(failureRate === undefined ? {} : { failureRate }),
      };
      const breaker = new Breaker(breakerOptions);
      const shown = { ...breakerOptions, now: '() => t' };
      const real: BreakerReal = {
        breaker,
        clock,
        calls: new Map(),
        lines: ['let t = 0;', `const breaker = new CircuitBreaker(${show(shown).replace("'() => t'", '() => t')});`],
      };
      const model: BreakerModel = {
        options: {
          failureThreshold: rest.failureThreshold ?? 5,
          cooldownMs: rest.cooldownMs,
          halfOpenMaxCalls: rest.halfOpenMaxCalls ?? 1,
          successThreshold: rest.successThreshold ?? 1,
          ...(failureRate === undefined ? {} : { rate: failureRate }),
        },
        state: 'closed',
        period: 0,
        consecutive: 0,
        openedAt: 0,
        trials: 0,
        successes: 0,
        outcomes: [],
        now: 0,
        inFlight: [],
        nextId: 0,
      };
      await fc.asyncModelRun(() => ({ model, real }), sequence);
    }),
    numRuns === undefined ? {} : { numRuns },
  );
}
