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
  /** The clock reading of this key's last call. */
  last: number;
}

export interface BucketModel {
  readonly capacity: number;
  /** Whole tokens per second, so one tick (1 ms) adds exactly `rate` thousandths. */
  readonly rate: number;
  /** Keys never called are full and absent. */
  buckets: Map<string, ModelBucket>;
  now: number;
  /** Whether the clock ever went back in this run (the memory bound is stated for a forward clock). */
  rewound: boolean;
}

export interface BucketReal {
  readonly limiter: TokenBucket;
  readonly clock: { t: number };
}

/** One tick at a time from the bucket's last reading to now; a clock that went back earns nothing. */
function bring(model: BucketModel, key: string): ModelBucket {
  const full = model.capacity * 1000;
  const bucket = model.buckets.get(key) ?? { milli: full, last: model.now };
  for (let t = bucket.last; t < model.now; t++) bucket.milli = Math.min(full, bucket.milli + model.rate);
  bucket.last = model.now;
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
      model.rewound = true;
      real.clock.t -= ms;
      script.note(`t -= ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

/**
 * Checks `trackedKeys` after a peek of an unused key (a call at the current time, which holds nothing): every
 * bucket that is not full must be held, and, with a forward clock, none whose last call was a fill time ago.
 */
export const trackedStep = fc.constant<Step<BucketModel, BucketReal>>({
  toString: () => 'trackedKeys',
  run(model, real, script) {
    script.call("limiter.tryAcquire('unused', 0)", () => real.limiter.tryAcquire('unused', 0));
    const full = model.capacity * 1000;
    const fillTime = (model.capacity * 1000) / model.rate;
    let notFull = 0;
    let recent = 0;
    for (const [key, bucket] of model.buckets) {
      const copy = { ...bucket };
      const probe = { ...model, buckets: new Map([[key, copy]]) };
      if (bring(probe, key).milli < full) notFull++;
      if (bucket.last > model.now - fillTime) recent++;
    }
    const tracked = script.run('limiter.trackedKeys', () => real.limiter.trackedKeys);
    const upper = model.rewound ? Number.POSITIVE_INFINITY : recent;
    if (tracked < notFull || tracked > upper) {
      script.expect(
        `limiter.trackedKeys between ${notFull} and ${upper}`,
        () => tracked,
        tracked < notFull ? notFull : upper,
      );
    }
    script.note(`limiter.trackedKeys; // -> ${tracked}`);
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
    model: { capacity, rate, buckets: new Map(), now: 0, rewound: false },
    real: { limiter, clock },
    header: [
      'let t = 0;',
      `const limiter = new TokenBucket({ capacity: ${capacity}, refillPerSecond: ${rate}, now: () => t });`,
    ],
  };
}
