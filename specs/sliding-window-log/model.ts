/**
 * The model for the sliding-window-log property tests: a plain list of every admission `(key, time, cost)`,
 * filtered on every step. No pruning, no ring buffer, no index: it states the contract in the fewest lines, and
 * finds `retryAfterMs` by trying every whole millisecond (the model's clock only moves in whole milliseconds).
 */
import fc from 'fast-check';
import type { RateLimitDecision, SlidingWindowLog } from '../../katas/sliding-window-log/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

interface Admission {
  readonly key: string;
  readonly time: number;
  readonly cost: number;
}

export interface LogModel {
  readonly limit: number;
  readonly windowMs: number;
  /** What the clock reads now. */
  clock: number;
  /** The limiter's time: the latest clock reading it has seen (the clock may go back; this does not). */
  now: number;
  readonly admissions: Admission[];
}

export interface LogReal {
  readonly limiter: SlidingWindowLog;
  readonly clock: { t: number };
}

/** Which fields of the decision a level compares. */
export type Fields = 'allowed and remaining' | 'all';

export function logSetup(
  SlidingWindowLogClass: typeof SlidingWindowLog,
  { limit, windowMs, start = 1_000 }: { limit: number; windowMs: number; start?: number },
) {
  const clock = { t: start };
  const limiter = new SlidingWindowLogClass({ limit, windowMs, now: () => clock.t });
  const model: LogModel = { limit, windowMs, clock: start, now: Number.NEGATIVE_INFINITY, admissions: [] };
  const header = [
    `let t = ${start};`,
    `const limiter = new SlidingWindowLog({ limit: ${limit}, windowMs: ${windowMs}, now: () => t });`,
  ];
  return { model, real: { limiter, clock }, header };
}

/** Units of `key` in the window `(at − windowMs, at]`. */
function used(model: LogModel, key: string, at: number): number {
  let units = 0;
  for (const admission of model.admissions) {
    if (admission.key === key && admission.time > at - model.windowMs && admission.time <= at) units += admission.cost;
  }
  return units;
}

function newestIn(model: LogModel, key: string): number | undefined {
  const times = model.admissions
    .filter((a) => a.key === key && a.time > model.now - model.windowMs)
    .map((admission) => admission.time);
  return times.length === 0 ? undefined : Math.max(...times);
}

/** What the contract says `tryAcquire(key, cost)` answers now, and the admission it records. */
export function decide(model: LogModel, key: string, cost: number): RateLimitDecision {
  model.now = Math.max(model.now, model.clock);
  const inUse = used(model, key, model.now);
  const { limit, windowMs, now } = model;
  if (inUse + cost <= limit) {
    if (cost > 0) model.admissions.push({ key, time: now, cost });
    const newest = newestIn(model, key);
    const resetAfterMs = newest === undefined ? 0 : newest + windowMs - now;
    return { allowed: true, remaining: limit - inUse - cost, retryAfterMs: 0, limit, resetAfterMs };
  }
  let wait = 1;
  while (used(model, key, now + wait) + cost > limit) wait++;
  const newest = newestIn(model, key) ?? now;
  return { allowed: false, remaining: limit - inUse, retryAfterMs: wait, limit, resetAfterMs: newest + windowMs - now };
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
): fc.Arbitrary<Step<LogModel, LogReal>> {
  return fc.tuple(keys, costs).map(
    ([key, cost]): Step<LogModel, LogReal> => ({
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

/** Moves the clock forward by 0 to `max` ms. */
export const advanceStep = (max: number) =>
  fc.integer({ min: 0, max }).map(
    (ms): Step<LogModel, LogReal> => ({
      toString: () => `advance(${ms})`,
      run(model, real, script) {
        real.clock.t += ms;
        model.clock += ms;
        script.note(`t += ${ms}; // t = ${real.clock.t}`);
      },
    }),
  );

/** Moves the clock back by 1 to `max` ms (an NTP step); the limiter keeps its latest time. */
export const rewindStep = (max: number) =>
  fc.integer({ min: 1, max }).map(
    (ms): Step<LogModel, LogReal> => ({
      toString: () => `rewind(${ms})`,
      run(model, real, script) {
        real.clock.t -= ms;
        model.clock -= ms;
        script.note(`t -= ${ms}; // t = ${real.clock.t}, the clock went back`);
      },
    }),
  );

/** Reads `size`: the keys holding units in the window now. */
export const sizeStep = fc.constant<Step<LogModel, LogReal>>({
  toString: () => 'size',
  run(model, real, script) {
    model.now = Math.max(model.now, model.clock);
    const active = new Set(model.admissions.filter((a) => a.time > model.now - model.windowMs).map((a) => a.key));
    script.expect('limiter.size', () => real.limiter.size, active.size);
  },
});
