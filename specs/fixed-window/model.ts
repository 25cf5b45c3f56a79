/**
 * The model for the fixed-window property tests: a plain list of the requests allowed so far, each with the
 * window it was counted in. What a key has spent is a sum over the list; nothing is ever removed. It states the
 * contract in the fewest lines possible.
 */
import fc from 'fast-check';
import type { Decision, FixedWindow } from '../../katas/fixed-window/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

interface Allowed {
  readonly key: string;
  readonly cost: number;
  readonly window: number;
}

export interface WindowModel {
  readonly limit: number;
  readonly windowMs: number;
  allowed: Allowed[];
  /** The latest window any call has seen (windows never go back). */
  window: number;
  now: number;
}

export interface WindowReal {
  readonly limiter: FixedWindow;
  readonly clock: { t: number };
}

function spent(model: WindowModel, key: string): number {
  return model.allowed
    .filter((entry) => entry.key === key && entry.window === model.window)
    .reduce((sum, entry) => sum + entry.cost, 0);
}

const keyArb = fc.constantFrom('', 'a', 'b');

/** `core` compares `allowed`, `remaining` and `limit` only (level 1); `all` the whole decision. */
export const tryStep = (costs: fc.Arbitrary<number>, fields: 'core' | 'all' = 'all') =>
  fc.tuple(keyArb, costs).map(
    ([key, cost]): Step<WindowModel, WindowReal> => ({
      toString: () => `tryAcquire(${show(key)}, ${cost})`,
      check: (model) => cost <= model.limit,
      run(model, real, script) {
        model.window = Math.max(model.window, Math.floor(model.now / model.windowMs));
        const before = spent(model, key);
        const allowed = before + cost <= model.limit;
        if (allowed) model.allowed.push({ key, cost, window: model.window });
        const reset = (model.window + 1) * model.windowMs - model.now;
        const expected: Decision = {
          allowed,
          remaining: model.limit - spent(model, key),
          retryAfterMs: allowed ? 0 : reset,
          limit: model.limit,
          resetAfterMs: reset,
        };
        const code = `limiter.tryAcquire(${show(key)}, ${cost})`;
        if (fields === 'all') script.expect(code, () => ({ ...real.limiter.tryAcquire(key, cost) }), expected);
        else {
          const core = ({ allowed, remaining, limit }: Decision) => ({ allowed, remaining, limit });
          script.expect(code, () => core(real.limiter.tryAcquire(key, cost)), core(expected));
        }
      },
    }),
  );

export const advanceStep = fc.integer({ min: 1, max: 1_500 }).map(
  (ms): Step<WindowModel, WindowReal> => ({
    toString: () => `advance(${ms})`,
    run(model, real, script) {
      model.now += ms;
      real.clock.t += ms;
      script.note(`t += ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

export const rewindStep = fc.integer({ min: 1, max: 1_500 }).map(
  (ms): Step<WindowModel, WindowReal> => ({
    toString: () => `rewind(${ms})`,
    run(model, real, script) {
      model.now -= ms;
      real.clock.t -= ms;
      script.note(`t -= ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

/** Keys holding a count: those that spent something in the current window (as of the last call). */
export const trackedStep = fc.constant<Step<WindowModel, WindowReal>>({
  toString: () => 'trackedKeys',
  run(model, real, script) {
    const keys = new Set(
      model.allowed.filter((entry) => entry.window === model.window && entry.cost > 0).map((entry) => entry.key),
    );
    script.expect('limiter.trackedKeys', () => real.limiter.trackedKeys, keys.size);
  },
});

export interface WindowSetup {
  readonly limit: number;
  readonly windowMs: number;
  /** The clock's first reading. */
  readonly start?: number;
}

/** A fresh model and limiter, plus the code that builds them (the first lines of a replay script). */
export function windowSetup(
  Limiter: typeof FixedWindow,
  { limit, windowMs, start = 0 }: WindowSetup,
): { model: WindowModel; real: WindowReal; header: string[] } {
  const clock = { t: start };
  const limiter = new Limiter({ limit, windowMs, now: () => clock.t });
  return {
    model: { limit, windowMs, allowed: [], window: Number.NEGATIVE_INFINITY, now: start },
    real: { limiter, clock },
    header: [
      `let t = ${start};`,
      `const limiter = new FixedWindow({ limit: ${limit}, windowMs: ${windowMs}, now: () => t });`,
    ],
  };
}
