/**
 * The model for the sliding-window-counter property tests: a plain list of every admission `(key, time, cost)`.
 * `previous` and `current` are recomputed from it on every step by summing the admissions whose aligned window is
 * the one before or the one holding now; there are no counters to roll, no key list, no idle sweep. It finds
 * `retryAfterMs` by trying every whole millisecond.
 */
import fc from 'fast-check';
import type { RateLimitDecision, SlidingWindowCounter } from '../../katas/sliding-window-counter/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

interface Admission {
  readonly key: string;
  readonly time: number;
  readonly cost: number;
}

export interface CounterModel {
  readonly limit: number;
  readonly windowMs: number;
  /** What the clock reads now. */
  clock: number;
  /** The limiter's time: the latest clock reading it has seen. */
  now: number;
  readonly admissions: Admission[];
}

export interface CounterReal {
  readonly limiter: SlidingWindowCounter;
  readonly clock: { t: number };
}

/** Which fields of the decision a level compares. */
export type Fields = 'allowed and remaining' | 'all';

export function counterSetup(
  SlidingWindowCounterClass: typeof SlidingWindowCounter,
  { limit, windowMs, start = 1_000 }: { limit: number; windowMs: number; start?: number },
) {
  const clock = { t: start };
  const limiter = new SlidingWindowCounterClass({ limit, windowMs, now: () => clock.t });
  const model: CounterModel = { limit, windowMs, clock: start, now: Number.NEGATIVE_INFINITY, admissions: [] };
  const header = [
    `let t = ${start};`,
    `const limiter = new SlidingWindowCounter({ limit: ${limit}, windowMs: ${windowMs}, now: () => t });`,
  ];
  return { model, real: { limiter, clock }, header };
}

/** The units of `key` admitted in aligned window `index`. */
function unitsIn(model: CounterModel, key: string, index: number): number {
  let units = 0;
  for (const a of model.admissions) if (a.key === key && Math.floor(a.time / model.windowMs) === index) units += a.cost;
  return units;
}

/** `previous`, `current` and elapsed time at instant `at`. */
export function counters(model: CounterModel, key: string, at: number) {
  const index = Math.floor(at / model.windowMs);
  return {
    previous: unitsIn(model, key, index - 1),
    current: unitsIn(model, key, index),
    elapsed: at - index * model.windowMs,
    start: index * model.windowMs,
  };
}

function fits(model: CounterModel, key: string, cost: number, at: number): boolean {
  const { previous, current, elapsed } = counters(model, key, at);
  return previous * (model.windowMs - elapsed) <= (model.limit - current - cost) * model.windowMs;
}

export function estimateAt(model: CounterModel, key: string, at: number): number {
  const { previous, current, elapsed } = counters(model, key, at);
  return (previous * (model.windowMs - elapsed)) / model.windowMs + current;
}

/** What the contract says `tryAcquire(key, cost)` answers now, and the admission it records. */
export function decide(model: CounterModel, key: string, cost: number): RateLimitDecision {
  model.now = Math.max(model.now, model.clock);
  const { limit, windowMs, now } = model;
  const allowed = fits(model, key, cost, now);
  if (allowed && cost > 0) model.admissions.push({ key, time: now, cost });
  const { previous, current, start } = counters(model, key, now);
  const remaining = limit - current - Math.ceil((previous * (windowMs - (now - start))) / windowMs);
  const resetAfterMs = current > 0 ? start + 2 * windowMs - now : previous > 0 ? start + windowMs - now : 0;
  let retryAfterMs = 0;
  if (!allowed) {
    retryAfterMs = 1;
    while (!fits(model, key, cost, now + retryAfterMs)) retryAfterMs++;
  }
  return { allowed, remaining, retryAfterMs, limit, resetAfterMs };
}

function call(key: string | undefined, cost: number | undefined): string {
  if (key === undefined && cost === undefined) return 'limiter.tryAcquire()';
  if (cost === undefined) return `limiter.tryAcquire(${show(key)})`;
  return `limiter.tryAcquire(${key === undefined ? 'undefined' : show(key)}, ${cost})`;
}

/** One `tryAcquire`, with the key and cost omitted where the arbitrary gives `undefined`. */
export function acquireStep(
  keys: fc.Arbitrary<string | undefined>,
  costs: fc.Arbitrary<number | undefined>,
  fields: Fields,
): fc.Arbitrary<Step<CounterModel, CounterReal>> {
  return fc.tuple(keys, costs).map(
    ([key, cost]): Step<CounterModel, CounterReal> => ({
      check: (model) => (cost ?? 1) <= model.limit,
      toString: () => call(key, cost).replace('limiter.', ''),
      run(model, real, script) {
        const expected = decide(model, key ?? '', cost ?? 1);
        const act = () => {
          const decision =
            key === undefined && cost === undefined
              ? real.limiter.tryAcquire()
              : cost === undefined
                ? real.limiter.tryAcquire(key)
                : real.limiter.tryAcquire(key, cost);
          return fields === 'all'
            ? decision
            : ({ allowed: decision.allowed, remaining: decision.remaining } as Partial<RateLimitDecision>);
        };
        const wanted: Partial<RateLimitDecision> =
          fields === 'all' ? expected : { allowed: expected.allowed, remaining: expected.remaining };
        script.expect(call(key, cost), act, wanted);
      },
    }),
  );
}

const toNineDecimals = (x: number) => Math.round(x * 1e9) / 1e9;

/** Reads `estimate(key)`. */
export const estimateStep = (keys: fc.Arbitrary<string | undefined>) =>
  keys.map(
    (key): Step<CounterModel, CounterReal> => ({
      toString: () => `estimate(${key === undefined ? '' : show(key)})`,
      run(model, real, script) {
        model.now = Math.max(model.now, model.clock);
        // Compared to 9 decimal places: `previous × (1 − elapsed/W)` and `previous × (W − elapsed) / W` may differ
        // in the last bit, and the contract accepts either way of computing the estimate.
        const expected = toNineDecimals(estimateAt(model, key ?? '', model.now));
        const code = `limiter.estimate(${key === undefined ? '' : show(key)})`;
        const read = () => toNineDecimals(key === undefined ? real.limiter.estimate() : real.limiter.estimate(key));
        script.expect(code, read, expected);
      },
    }),
  );

/** Moves the clock forward by 0 to `max` ms. */
export const advanceStep = (max: number) =>
  fc.integer({ min: 0, max }).map(
    (ms): Step<CounterModel, CounterReal> => ({
      toString: () => `advance(${ms})`,
      run(model, real, script) {
        real.clock.t += ms;
        model.clock += ms;
        script.note(`t += ${ms}; // t = ${real.clock.t}`);
      },
    }),
  );

/** Moves the clock back by 1 to `max` ms; the limiter keeps its latest time. */
export const rewindStep = (max: number) =>
  fc.integer({ min: 1, max }).map(
    (ms): Step<CounterModel, CounterReal> => ({
      toString: () => `rewind(${ms})`,
      run(model, real, script) {
        real.clock.t -= ms;
        model.clock -= ms;
        script.note(`t -= ${ms}; // t = ${real.clock.t}, the clock went back`);
      },
    }),
  );

/** Reads `size`: the keys with an estimate above 0 now. */
export const sizeStep = fc.constant<Step<CounterModel, CounterReal>>({
  toString: () => 'size',
  run(model, real, script) {
    model.now = Math.max(model.now, model.clock);
    const index = Math.floor(model.now / model.windowMs);
    const active = new Set(
      model.admissions.filter((a) => Math.floor(a.time / model.windowMs) >= index - 1).map((a) => a.key),
    );
    script.expect('limiter.size', () => real.limiter.size, active.size);
  },
});
