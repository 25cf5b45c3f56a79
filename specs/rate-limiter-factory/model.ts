/**
 * The model for the rate limiter property tests. It keeps nothing but the list of admitted requests, and a
 * predicate per strategy — "would a request of this cost fit at this instant, given what was admitted?" — written
 * straight from the README's definitions. Every field of a decision is then found by brute force: `remaining` by
 * trying every cost, `retryAfterMs` by trying every later millisecond, `resetAfterMs` likewise. Nothing like the
 * real thing: no per-key state, no forgetting, no closed formulas.
 */
import fc from 'fast-check';
import type {
  Limit,
  RateLimitDecision,
  RateLimiter,
  RateLimiterFactory,
  RateLimitStrategy,
} from '../../katas/rate-limiter-factory/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

interface Admitted {
  readonly key: string;
  readonly t: number;
  readonly cost: number;
}

/** N requests per W milliseconds. */
interface Quota {
  readonly n: number;
  readonly w: number;
}

export interface LimiterModel {
  readonly strategy: RateLimitStrategy;
  readonly quotaFor: (key: string) => Quota;
  /** The latest clock reading the limiter has seen: its "now" (a clock that goes backwards stands still). */
  now: number;
  /** What the test clock reads; may be behind `now`. */
  reading: number;
  admitted: Admitted[];
}

export interface LimiterReal {
  readonly limiter: RateLimiter;
  readonly clock: { t: number };
}

const sum = (list: readonly Admitted[]) => list.reduce((total, entry) => total + entry.cost, 0);

/** Whether a request of `cost` for `key` fits at `at`, given the admitted list (strategy by strategy). */
export function fits(model: LimiterModel, key: string, at: number, cost: number): boolean {
  const { n, w } = model.quotaFor(key);
  if (cost > n) return false;
  const mine = model.admitted.filter((entry) => entry.key === key);
  const window = (t: number) => Math.floor(t / w);
  switch (model.strategy) {
    case 'fixed-window':
      return sum(mine.filter((entry) => window(entry.t) === window(at))) + cost <= n;
    case 'sliding-window-log':
      return sum(mine.filter((entry) => entry.t > at - w)) + cost <= n;
    case 'sliding-window-counter': {
      const current = sum(mine.filter((entry) => window(entry.t) === window(at)));
      const previous = sum(mine.filter((entry) => window(entry.t) === window(at) - 1));
      const elapsed = at - window(at) * w;
      // previous × (W − elapsed) / W + current + cost ≤ N, multiplied by W to stay in whole numbers.
      return previous * (w - elapsed) + (current + cost) * w <= n * w;
    }
    case 'token-bucket': {
      // Replay the bucket, in tokens × W so refills of N per millisecond are whole numbers. Starts full.
      let level = n * w;
      let last = Number.NEGATIVE_INFINITY;
      for (const entry of mine) {
        level = Math.min(n * w, level + (entry.t - last) * n) - entry.cost * w;
        last = entry.t;
      }
      return Math.min(n * w, level + (at - last) * n) >= cost * w;
    }
  }
}

/** A decision with every field present (`resetAfterMs` is always given by the factory's limiters). */
export type Decision = { [Field in keyof RateLimitDecision]-?: RateLimitDecision[Field] | undefined };

/** The decision the README prescribes, by brute force. Records the request when it is admitted. */
export function decide(model: LimiterModel, key: string, cost: number): Decision {
  const { n, w } = model.quotaFor(key);
  model.now = Math.max(model.now, model.reading);
  const at = model.now;
  const allowed = fits(model, key, at, cost);
  let retryAfterMs = 0;
  if (!allowed) {
    retryAfterMs = Number.POSITIVE_INFINITY;
    for (let wait = 1; wait <= 3 * w && cost <= n; wait++) {
      if (fits(model, key, at + wait, cost)) {
        retryAfterMs = wait;
        break;
      }
    }
  }
  if (allowed && cost > 0) model.admitted.push({ key, t: at, cost });
  let remaining = 0;
  while (remaining < n && fits(model, key, at, remaining + 1)) remaining++;
  let resetAfterMs = 0;
  while (!fits(model, key, at + resetAfterMs, n)) resetAfterMs++;
  return { allowed, remaining, retryAfterMs, limit: n, resetAfterMs };
}

/** Keys whose state differs from a fresh key's now: the limiter must still be tracking these. */
export function busyKeys(model: LimiterModel): number {
  const keys = new Set(model.admitted.map((entry) => entry.key));
  return [...keys].filter((key) => !fits(model, key, model.now, model.quotaFor(key).n)).length;
}

export function acquireStep(keys: readonly string[]) {
  return fc
    .tuple(fc.constantFrom(...keys), fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, fc.integer({ min: 0, max: 6 })))
    .map(
      ([key, cost]): Step<LimiterModel, LimiterReal> => ({
        toString: () => `tryAcquire(${show(key)}, ${cost})`,
        run(model, real, script) {
          const expected = decide(model, key, cost);
          const plain = key === '' && cost === 1;
          script.expect(
            plain ? 'limiter.tryAcquire()' : `limiter.tryAcquire(${show(key)}, ${cost})`,
            () => {
              const { allowed, remaining, retryAfterMs, limit, resetAfterMs } = plain
                ? real.limiter.tryAcquire()
                : real.limiter.tryAcquire(key, cost);
              return { allowed, remaining, retryAfterMs, limit, resetAfterMs };
            },
            expected,
          );
        },
      }),
    );
}

export const advanceStep = fc.integer({ min: 1, max: 25 }).map(
  (ms): Step<LimiterModel, LimiterReal> => ({
    toString: () => `advance(${ms})`,
    run(model, real, script) {
      model.reading += ms;
      real.clock.t = model.reading;
      script.note(`t += ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

/** The clock goes backwards: the limiter must act as if it stood still. */
export const backStep = fc.integer({ min: 1, max: 8 }).map(
  (ms): Step<LimiterModel, LimiterReal> => ({
    toString: () => `back(${ms})`,
    run(model, real, script) {
      model.reading -= ms;
      real.clock.t = model.reading;
      script.note(`t -= ${ms}; // t = ${real.clock.t} (backwards)`);
    },
  }),
);

/** trackedKeys lies between the keys still busy and the keys ever admitted. */
export const trackedStep = fc.constant<Step<LimiterModel, LimiterReal>>({
  toString: () => 'trackedKeys',
  run(model, real, script) {
    const low = busyKeys(model);
    const high = new Set(model.admitted.map((entry) => entry.key)).size;
    script.expect(
      `limiter.trackedKeys between ${low} (keys still busy) and ${high} (keys ever admitted)`,
      () => {
        const tracked = real.limiter.trackedKeys;
        return tracked >= low && tracked <= high ? 'within' : `out of range: ${tracked}`;
      },
      'within',
    );
  },
});

export interface LimiterSetup {
  readonly strategy: RateLimitStrategy;
  /** Default limit: N = 3 per 10 ms, small enough for the brute force. */
  readonly limit?: Limit;
  readonly overrides?: Readonly<Record<string, Limit>>;
  /** Keys `limitFor` answers for (others get undefined: the default). */
  readonly limitFor?: Readonly<Record<string, Limit>>;
}

const toQuota = (limit: Limit): Quota => ({ n: limit.maxRequests, w: Math.round(limit.timeWindowSeconds * 1000) });

/** A fresh model and limiter, plus the code that builds them (the first lines of a replay script). */
export function limiterSetup(
  factory: typeof RateLimiterFactory,
  setup: LimiterSetup,
): { model: LimiterModel; real: LimiterReal; header: string[] } {
  const start = 1_000;
  const clock = { t: start };
  const limit = setup.limit ?? { maxRequests: 3, timeWindowSeconds: 0.01 };
  const byResolver = setup.limitFor;
  const limiter = factory.create(setup.strategy, {
    ...limit,
    now: () => clock.t,
    ...(setup.overrides === undefined ? {} : { overrides: setup.overrides }),
    ...(byResolver === undefined ? {} : { limitFor: (key: string) => byResolver[key] }),
  });
  const quotaFor = (key: string): Quota => {
    const chosen = setup.overrides?.[key] ?? byResolver?.[key] ?? limit;
    return toQuota(chosen);
  };
  const extras = [
    ...(setup.overrides === undefined ? [] : [`overrides: ${show(setup.overrides)}`]),
    ...(byResolver === undefined ? [] : [`limitFor: (key) => (${show(byResolver)})[key]`]),
  ];
  const header = [
    `let t = ${start};`,
    `const limiter = RateLimiterFactory.create('${setup.strategy}', { maxRequests: ${limit.maxRequests}, ` +
      `timeWindowSeconds: ${limit.timeWindowSeconds}, now: () => t${extras.map((extra) => `, ${extra}`).join('')} });`,
  ];
  return {
    model: { strategy: setup.strategy, quotaFor, now: Number.NEGATIVE_INFINITY, reading: start, admitted: [] },
    real: { limiter, clock },
    header,
  };
}
