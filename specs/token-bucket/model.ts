/**
 * The model for the token-bucket property tests: each bucket simulated one millisecond at a time, in thousandths
 * of a token, with integer rates only. Nothing like a formula: refill is a loop of ticks, each capped, and a wait
 * is found by ticking forward until the tokens are there. It states the contract in the fewest lines possible.
 */
import fc from 'fast-check';
import type { Decision, TokenBucket } from '../../katas/token-bucket/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

interface ModelBucket {
  /** Thousandths of a token. */
  milli: number;
  /** The limiter's elapsed time at this key's last call. */
  last: number;
}

export interface BucketModel {
  readonly capacity: number;
  /** Whole tokens per second, so one tick (1 ms) adds exactly `rate` thousandths. */
  readonly rate: number;
  /** Keys never called are full and absent. */
  buckets: Map<string, ModelBucket>;
  /** The clock. */
  now: number;
  /** The clock at the last call, and the sum of its forward steps between calls. */
  lastReading: number;
  elapsed: number;
}

export interface BucketReal {
  readonly limiter: TokenBucket;
  readonly clock: { t: number };
}

/** A call reads the clock: every bucket earns one tick per millisecond the clock moved forward since the last call. */
function readClock(model: BucketModel): void {
  const full = model.capacity * 1000;
  for (let t = model.lastReading; t < model.now; t++) {
    model.elapsed++;
    for (const bucket of model.buckets.values()) bucket.milli = Math.min(full, bucket.milli + model.rate);
  }
  model.lastReading = model.now;
}

function bring(model: BucketModel, key: string): ModelBucket {
  readClock(model);
  const bucket = model.buckets.get(key) ?? { milli: model.capacity * 1000, last: 0 };
  bucket.last = model.elapsed;
  model.buckets.set(key, bucket);
  return bucket;
}

/** Ticks needed until `milli` thousandths reach `need`. */
function ticksUntil(model: BucketModel, milli: number, need: number): number {
  let ticks = 0;
  for (let have = milli; have < need; have += model.rate) ticks++;
  return ticks;
}

function expectedDecision(model: BucketModel, allowed: boolean, milli: number, need: number): Decision {
  return {
    allowed,
    remaining: Math.floor(milli / 1000),
    retryAfterMs: allowed ? 0 : ticksUntil(model, milli, need),
    limit: model.capacity,
    resetAfterMs: ticksUntil(model, milli, model.capacity * 1000),
  };
}

const keyArb = fc.constantFrom('', 'a', 'b');

/** `core` compares `allowed`, `remaining` and `limit` only (level 1); `all` the whole decision. */
export const tryStep = (costs: fc.Arbitrary<number>, fields: 'core' | 'all' = 'all') =>
  fc.tuple(keyArb, costs).map(
    ([key, cost]): Step<BucketModel, BucketReal> => ({
      toString: () => `tryAcquire(${show(key)}, ${cost})`,
      check: (model) => cost <= model.capacity,
      run(model, real, script) {
        const bucket = bring(model, key);
        const need = cost * 1000;
        const allowed = bucket.milli >= need;
        if (allowed) bucket.milli -= need;
        const expected = expectedDecision(model, allowed, bucket.milli, need);
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
  (ms): Step<BucketModel, BucketReal> => ({
    toString: () => `advance(${ms})`,
    run(model, real, script) {
      model.now += ms;
      real.clock.t += ms;
      script.note(`t += ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

export const rewindStep = fc.integer({ min: 1, max: 400 }).map(
  (ms): Step<BucketModel, BucketReal> => ({
    toString: () => `rewind(${ms})`,
    run(model, real, script) {
      model.now -= ms;
      real.clock.t -= ms;
      script.note(`t -= ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

/**
 * Checks `trackedKeys` after a peek of an unused key (a call now, which holds nothing): every bucket that is not
 * full must be held, and none whose last call was a fill time ago or more (in the limiter's elapsed time).
 */
export const trackedStep = fc.constant<Step<BucketModel, BucketReal>>({
  toString: () => 'trackedKeys',
  run(model, real, script) {
    readClock(model);
    script.call("limiter.tryAcquire('unused', 0)", () => real.limiter.tryAcquire('unused', 0));
    const fillTime = (model.capacity * 1000) / model.rate;
    const buckets = [...model.buckets.values()];
    const notFull = buckets.filter((bucket) => bucket.milli < model.capacity * 1000).length;
    const recent = buckets.filter((bucket) => bucket.last > model.elapsed - fillTime).length;
    const tracked = script.run('limiter.trackedKeys', () => real.limiter.trackedKeys);
    const inBounds = tracked >= notFull && tracked <= recent;
    script.expect(`limiter.trackedKeys >= ${notFull} && limiter.trackedKeys <= ${recent}`, () => inBounds, true);
  },
});

export interface BucketSetup {
  readonly capacity: number;
  readonly rate: number;
}

/** A fresh model and limiter at t=0, plus the code that builds them (the first lines of a replay script). */
export function bucketSetup(
  Limiter: typeof TokenBucket,
  { capacity, rate }: BucketSetup,
): { model: BucketModel; real: BucketReal; header: string[] } {
  const clock = { t: 0 };
  const limiter = new Limiter({ capacity, refillPerSecond: rate, now: () => clock.t });
  return {
    model: { capacity, rate, buckets: new Map(), now: 0, lastReading: 0, elapsed: 0 },
    real: { limiter, clock },
    header: [
      'let t = 0;',
      `const limiter = new TokenBucket({ capacity: ${capacity}, refillPerSecond: ${rate}, now: () => t });`,
    ],
  };
}
