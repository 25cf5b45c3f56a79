import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { advanceStep, bucketSetup, tryStep } from './model.ts';

const { TokenBucket } = await loadKata<typeof import('../../katas/token-bucket/index.ts')>('token-bucket');

/** A limiter on a fake clock that starts at t=0. */
function onClock(capacity: number, refillPerSecond: number) {
  const clock = { t: 0 };
  const limiter = new TokenBucket({ capacity, refillPerSecond, now: () => clock.t });
  return { limiter, clock };
}

/** Calls tryAcquire `times` times and lists which were allowed. */
function allowedRun(limiter: { tryAcquire(key?: string): { allowed: boolean } }, times: number, key?: string) {
  return Array.from({ length: times }, () => limiter.tryAcquire(key).allowed);
}

describe(level(1, 'Core: a bucket that refills'), () => {
  describe('constructor', () => {
    test.each([
      { capacity: 1, refillPerSecond: 1 },
      { capacity: 10, refillPerSecond: 0.5 },
      { capacity: Number.MAX_SAFE_INTEGER, refillPerSecond: 1e6 },
    ])('accepts capacity $capacity at $refillPerSecond tokens/s and reports both', (options) => {
      const limiter = new TokenBucket(options);
      expect([limiter.capacity, limiter.refillPerSecond]).toEqual([options.capacity, options.refillPerSecond]);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
      'rejects capacity %s with a RangeError naming capacity and the value',
      (capacity) => {
        const create = () => new TokenBucket({ capacity, refillPerSecond: 1 });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/capacity/);
        expect(create).toThrow(`\`${String(capacity)}\` (number)`);
      },
    );

    test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects refillPerSecond %s with a RangeError naming refillPerSecond',
      (refillPerSecond) => {
        const create = () => new TokenBucket({ capacity: 1, refillPerSecond });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/refillPerSecond/);
        expect(create).toThrow(`\`${String(refillPerSecond)}\` (number)`);
      },
    );

    test.each([
      ['capacity', '3', 'string'],
      ['capacity', undefined, 'undefined'],
      ['capacity', null, 'null'],
      ['capacity', 3n, 'bigint'],
      ['refillPerSecond', '1', 'string'],
      ['refillPerSecond', undefined, 'undefined'],
      ['refillPerSecond', null, 'null'],
    ])('rejects %s = %s (not a number) with a TypeError naming it and the type got', (name, value, type) => {
      const options = { capacity: 1, refillPerSecond: 1, [name]: value } as {
        capacity: unknown;
        refillPerSecond: unknown;
      };
      // @ts-expect-error: wrongly typed on purpose
      const create = () => new TokenBucket(options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(name);
      expect(create).toThrow(`(${type})`);
    });

    test.each([
      ['a number', 5, 'number'],
      ['null', null, 'null'],
    ])('rejects now = %s with a TypeError naming now', (_label, now, type) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => new TokenBucket({ capacity: 1, refillPerSecond: 1, now });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`now`/);
      expect(create).toThrow(`(${type})`);
    });

    it('uses Date.now when no clock is given', () => {
      const limiter = new TokenBucket({ capacity: 1, refillPerSecond: 1 });
      expect(limiter.tryAcquire().allowed).toBe(true);
    });
  });

  describe('starts full', () => {
    test.each([1, 2, 5, 100])('allows the first %i requests of a new key at once, then denies', (capacity) => {
      const { limiter } = onClock(capacity, 1);
      expect(allowedRun(limiter, capacity + 1)).toEqual([...Array<boolean>(capacity).fill(true), false]);
    });

    it('counts remaining down to 0 and reports the capacity as the limit', () => {
      const { limiter } = onClock(3, 1);
      const decisions = [limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()];
      expect(decisions.map((d) => [d.allowed, d.remaining, d.limit])).toEqual([
        [true, 2, 3],
        [true, 1, 3],
        [true, 0, 3],
        [false, 0, 3],
      ]);
    });

    it('reports retryAfterMs 0 when allowed', () => {
      const { limiter } = onClock(2, 1);
      expect(limiter.tryAcquire().retryAfterMs).toBe(0);
    });

    it('takes nothing when it denies', () => {
      const { limiter, clock } = onClock(1, 1);
      limiter.tryAcquire(); // t=0: empty
      clock.t = 600;
      expect(limiter.tryAcquire().allowed).toBe(false); // 0.6 token: denied, nothing taken
      clock.t = 1_000; // 1.0 token, only if the denial took nothing
      expect(limiter.tryAcquire().allowed).toBe(true);
    });
  });

  describe('continuous refill', () => {
    test.each([
      { rate: 1, at: 520, allowed: false },
      { rate: 1, at: 999, allowed: false },
      { rate: 1, at: 1_000, allowed: true },
      { rate: 2, at: 499, allowed: false },
      { rate: 2, at: 500, allowed: true },
      { rate: 0.5, at: 1_999, allowed: false },
      { rate: 0.5, at: 2_000, allowed: true },
      { rate: 1_000, at: 1, allowed: true },
      { rate: 4, at: 250, allowed: true },
    ])('at $rate tokens/s an emptied bucket is allowed=$allowed at t=$at', ({ rate, at, allowed }) => {
      const { limiter, clock } = onClock(1, rate);
      limiter.tryAcquire(); // t=0: empty
      clock.t = at;
      expect(limiter.tryAcquire().allowed).toBe(allowed);
    });

    it('adds up fractions of a token across calls', () => {
      const { limiter, clock } = onClock(1, 1);
      limiter.tryAcquire(); // t=0: empty
      for (const t of [300, 600, 900]) {
        clock.t = t;
        expect(limiter.tryAcquire().allowed).toBe(false);
      }
      clock.t = 1_000; // 0.3 + 0.3 + 0.3 + 0.1
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('refills by the elapsed time, several tokens at once', () => {
      const { limiter, clock } = onClock(5, 2);
      allowedRun(limiter, 5); // t=0: empty
      clock.t = 1_500; // +3 tokens
      expect(allowedRun(limiter, 4)).toEqual([true, true, true, false]);
    });

    it('never holds more than the capacity, however long it idles', () => {
      const { limiter, clock } = onClock(3, 10);
      limiter.tryAcquire(); // t=0
      clock.t = 1_000_000;
      expect(allowedRun(limiter, 4)).toEqual([true, true, true, false]);
    });

    it('never holds more than the capacity while other keys are held too', () => {
      const { limiter, clock } = onClock(3, 10); // one token per 100 ms
      limiter.tryAcquire('x', 3); // t=0: 'x' empty, full again at t=300
      limiter.tryAcquire('a', 1); // t=0: 'a' full again at t=100
      clock.t = 250; // 'a' has been full for 150 ms; 'x' is not full yet
      expect(Array.from({ length: 4 }, () => limiter.tryAcquire('a').allowed)).toEqual([true, true, true, false]);
    });

    it('reports the whole tokens left, rounded down', () => {
      const { limiter, clock } = onClock(5, 1);
      allowedRun(limiter, 5); // t=0: empty
      clock.t = 2_700; // 2.7 tokens
      expect(limiter.tryAcquire().remaining).toBe(1); // 1.7 left
    });

    it('uses the clock it is given, not Date.now', () => {
      const { limiter, clock } = onClock(1, 1);
      clock.t = 1e12;
      limiter.tryAcquire(); // empty at t=1e12
      clock.t = 1e12 + 999;
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 1e12 + 1_000;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });
  });

  describe('keys', () => {
    it('uses one shared bucket, the key "", when the key is omitted', () => {
      const { limiter } = onClock(2, 1);
      limiter.tryAcquire();
      limiter.tryAcquire(''); // the same bucket: now empty
      expect([limiter.tryAcquire().allowed, limiter.tryAcquire('').allowed]).toEqual([false, false]);
    });

    it('gives every key its own bucket', () => {
      const { limiter } = onClock(1, 1);
      expect([limiter.tryAcquire('a').allowed, limiter.tryAcquire('b').allowed]).toEqual([true, true]);
      expect([limiter.tryAcquire('a').allowed, limiter.tryAcquire('b').allowed]).toEqual([false, false]);
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('treats %s as an ordinary key', (key) => {
      const { limiter } = onClock(1, 1);
      expect([limiter.tryAcquire(key).allowed, limiter.tryAcquire(key).allowed]).toEqual([true, false]);
    });

    test.each([
      ['a number', 1, 'number'],
      ['null', null, 'null'],
      ['an object', {}, 'object'],
    ])('rejects a key that is %s with a TypeError naming key', (_label, key, type) => {
      const { limiter } = onClock(1, 1);
      // @ts-expect-error: wrongly typed on purpose
      const call = () => limiter.tryAcquire(key);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/`key`/);
      expect(call).toThrow(`(${type})`);
    });

    it('keeps separate limiters separate', () => {
      const clock = { t: 0 };
      const first = new TokenBucket({ capacity: 1, refillPerSecond: 1, now: () => clock.t });
      const second = new TokenBucket({ capacity: 1, refillPerSecond: 1, now: () => clock.t });
      first.tryAcquire('a');
      expect(second.tryAcquire('a').allowed).toBe(true);
    });
  });

  describe('a clock that goes backwards', () => {
    it('adds no tokens when the clock steps back', () => {
      const { limiter, clock } = onClock(1, 1);
      clock.t = 10_000;
      limiter.tryAcquire(); // t=10000: empty
      clock.t = 5_000; // back 5 s
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 4_000; // back again
      expect(limiter.tryAcquire().allowed).toBe(false);
    });

    it('resumes refill from the earlier reading instead of freezing until the clock catches up', () => {
      const { limiter, clock } = onClock(1, 1);
      clock.t = 10_000;
      limiter.tryAcquire(); // t=10000: empty
      clock.t = 5_000;
      limiter.tryAcquire(); // denied; re-anchored at 5000
      clock.t = 5_999;
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 6_000; // one second after the earlier reading
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('earns only from forward steps when the clock goes back and forth', () => {
      const { limiter, clock } = onClock(2, 1);
      clock.t = 1_000;
      allowedRun(limiter, 2); // t=1000: empty
      clock.t = 1_500;
      limiter.tryAcquire(); // 0.5 token
      clock.t = 1_400;
      limiter.tryAcquire(); // back: nothing added, re-anchored at 1400
      clock.t = 1_800; // +0.4: 0.9 in all
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 1_900;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });
  });

  it('agrees with a tick-by-tick model on random cost-1 requests', () => {
    checkAgainstModel({
      setup: () => bucketSetup(TokenBucket, { capacity: 3, rate: 2 }),
      steps: [tryStep(fc.constant(1), 'core'), advanceStep],
    });
  });
});
