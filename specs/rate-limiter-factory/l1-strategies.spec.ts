import { afterEach, describe, expect, it, test, vi } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, backStep, limiterSetup } from './model.ts';

const { RateLimiterFactory } =
  await loadKata<typeof import('../../katas/rate-limiter-factory/index.ts')>('rate-limiter-factory');
type Strategy = import('../../katas/rate-limiter-factory/index.ts').RateLimitStrategy;

// The strategy names are spelled out, not read from the kata's export, so that the stub fails every test.
const strategies = ['token-bucket', 'fixed-window', 'sliding-window-log', 'sliding-window-counter'] as const;

/** A limiter on a fake clock starting at t=1000 (`clock.t` moves it). */
function onClock(strategy: Strategy, maxRequests: number, timeWindowSeconds: number, start = 1_000) {
  const clock = { t: start };
  const limiter = RateLimiterFactory.create(strategy, { maxRequests, timeWindowSeconds, now: () => clock.t });
  return { limiter, clock };
}

/** Sends `count` cost-1 requests for `key` at the current instant; returns how many were allowed. */
function burst(limiter: { tryAcquire(key?: string, cost?: number): { allowed: boolean } }, count: number, key = '') {
  let allowed = 0;
  for (let i = 0; i < count; i++) if (limiter.tryAcquire(key).allowed) allowed++;
  return allowed;
}

describe(level(1, 'Four strategies behind one interface'), () => {
  describe('create', () => {
    test.each(strategies)('builds a %s limiter that reports its strategy', (strategy) => {
      const { limiter } = onClock(strategy, 1, 1);
      expect(limiter.strategy).toBe(strategy);
    });

    test.each(['leaky-bucket', '', 'TOKEN_BUCKET', 'Token-Bucket'])(
      "rejects the strategy '%s' with a RangeError listing the strategies",
      (strategy) => {
        const create = () => RateLimiterFactory.create(strategy as Strategy, { maxRequests: 1, timeWindowSeconds: 1 });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/`strategy`.*'token-bucket'.*'sliding-window-counter'/);
        expect(create).toThrow(`\`'${strategy}'\` (string)`);
      },
    );

    test.each([
      ['undefined', undefined, 'undefined'],
      ['a number', 1, 'number'],
      ['null', null, 'null'],
    ])('rejects %s as the strategy with a TypeError', (_label, strategy, type) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => RateLimiterFactory.create(strategy, { maxRequests: 1, timeWindowSeconds: 1 });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/strategy/);
      expect(create).toThrow(`(${type})`);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
      'rejects maxRequests %s with a RangeError naming maxRequests and the value',
      (maxRequests) => {
        const create = () => RateLimiterFactory.create('fixed-window', { maxRequests, timeWindowSeconds: 1 });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(`Expected \`maxRequests\` to be a positive integer, got \`${maxRequests}\` (number)`);
      },
    );

    test.each([
      ['the string "3"', '3', "`'3'` (string)"],
      ['undefined', undefined, '`undefined` (undefined)'],
      ['null', null, '`null` (null)'],
      ['the bigint 3n', 3n, '`3n` (bigint)'],
    ])('rejects %s as maxRequests with a TypeError', (_label, maxRequests, shown) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => RateLimiterFactory.create('token-bucket', { maxRequests, timeWindowSeconds: 1 });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(`Expected \`maxRequests\` to be a positive integer, got ${shown}`);
    });

    test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 0.0005, 1.0000001])(
      'rejects timeWindowSeconds %s with a RangeError (positive, in whole milliseconds)',
      (timeWindowSeconds) => {
        const create = () => RateLimiterFactory.create('sliding-window-log', { maxRequests: 1, timeWindowSeconds });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/`timeWindowSeconds`/);
        expect(create).toThrow(`\`${timeWindowSeconds}\` (number)`);
      },
    );

    test.each([
      ['the string "1"', '1'],
      ['undefined', undefined],
    ])('rejects %s as timeWindowSeconds with a TypeError', (_label, timeWindowSeconds) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => RateLimiterFactory.create('token-bucket', { maxRequests: 1, timeWindowSeconds });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`timeWindowSeconds`/);
    });

    test.each([
      { seconds: 0.001, ms: 1 },
      { seconds: 0.25, ms: 250 },
      { seconds: 3_600, ms: 3_600_000 },
    ])('accepts a window of $seconds s, i.e. $ms ms', ({ seconds, ms }) => {
      const { limiter, clock } = onClock('fixed-window', 1, seconds, 0);
      expect(limiter.tryAcquire().allowed).toBe(true);
      expect(limiter.tryAcquire().retryAfterMs).toBe(ms);
      clock.t = ms;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    test.each([
      ['undefined', undefined],
      ['null', null],
      ['a number', 5],
    ])('rejects %s as options with a TypeError naming options', (_label, options) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => RateLimiterFactory.create('token-bucket', options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`options`/);
    });

    it('rejects a clock that is not a function with a TypeError naming now', () => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => RateLimiterFactory.create('token-bucket', { maxRequests: 1, timeWindowSeconds: 1, now: 5 });
      expect(create).toThrow(TypeError);
      expect(create).toThrow('Expected `now` to be a function, got `5` (number)');
    });

    it('treats options given as undefined as not given', () => {
      const options = {
        maxRequests: 1,
        timeWindowSeconds: 1,
        now: undefined,
        overrides: undefined,
        limitFor: undefined,
      };
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const limiter = RateLimiterFactory.create('fixed-window', options);
      expect([limiter.tryAcquire().allowed, limiter.tryAcquire().allowed]).toEqual([true, false]);
    });

    describe('without a clock', () => {
      afterEach(() => {
        vi.useRealTimers();
      });

      it('reads Date.now', () => {
        vi.useFakeTimers({ now: 5_999 }); // t=5999, the last millisecond of a 1 s window
        const limiter = RateLimiterFactory.create('fixed-window', { maxRequests: 1, timeWindowSeconds: 1 });
        expect(limiter.tryAcquire().allowed).toBe(true);
        expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 1 });
        vi.setSystemTime(6_000); // t=6000, a new window
        expect(limiter.tryAcquire().allowed).toBe(true);
      });
    });
  });

  describe.each(strategies)('tryAcquire on a %s limiter', (strategy) => {
    it('admits maxRequests requests at one instant, counting remaining down, then denies', () => {
      const { limiter } = onClock(strategy, 3, 1);
      const decisions = [1, 2, 3, 4].map(() => limiter.tryAcquire('a'));
      expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      expect(decisions.map((decision) => decision.limit)).toEqual([3, 3, 3, 3]);
    });

    it('answers retryAfterMs 0 when allowed and a positive wait when denied', () => {
      const { limiter } = onClock(strategy, 1, 1);
      expect(limiter.tryAcquire().retryAfterMs).toBe(0);
      expect(limiter.tryAcquire().retryAfterMs).toBeGreaterThan(0);
    });

    it('uses one shared key when none is given', () => {
      const { limiter } = onClock(strategy, 2, 1);
      limiter.tryAcquire();
      limiter.tryAcquire('');
      expect(limiter.tryAcquire().allowed).toBe(false);
      expect(limiter.tryAcquire(undefined, 1).allowed).toBe(false);
    });

    it('limits each key on its own', () => {
      const { limiter } = onClock(strategy, 2, 1);
      expect([burst(limiter, 3, 'alice'), burst(limiter, 3, 'bob'), burst(limiter, 3)]).toEqual([2, 2, 2]);
    });

    it('takes `cost` units for an allowed request', () => {
      const { limiter } = onClock(strategy, 5, 1);
      expect(limiter.tryAcquire('a', 3)).toMatchObject({ allowed: true, remaining: 2 });
      expect(limiter.tryAcquire('a', 3)).toMatchObject({ allowed: false, remaining: 2 });
      expect(limiter.tryAcquire('a', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('allows a cost of exactly maxRequests on a fresh key', () => {
      const { limiter } = onClock(strategy, 5, 1);
      expect(limiter.tryAcquire('a', 5)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('changes nothing when it denies a request', () => {
      const { limiter, clock } = onClock(strategy, 2, 1);
      limiter.tryAcquire('a', 2);
      const denied = limiter.tryAcquire('a');
      for (let i = 0; i < 5; i++) expect(limiter.tryAcquire('a')).toEqual(denied);
      clock.t += denied.retryAfterMs;
      expect(limiter.tryAcquire('a').allowed).toBe(true);
    });

    it('treats cost 0 as a peek: always allowed, takes nothing', () => {
      const { limiter } = onClock(strategy, 2, 1);
      expect(limiter.tryAcquire('a', 0)).toMatchObject({ allowed: true, remaining: 2, retryAfterMs: 0 });
      limiter.tryAcquire('a', 2);
      expect(limiter.tryAcquire('a', 0)).toMatchObject({ allowed: true, remaining: 0, retryAfterMs: 0 });
      expect(limiter.tryAcquire('a', 0)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('denies a cost above maxRequests for ever (retryAfterMs Infinity), without an error or a change', () => {
      const { limiter, clock } = onClock(strategy, 3, 1);
      expect(limiter.tryAcquire('a', 4)).toMatchObject({ allowed: false, remaining: 3, retryAfterMs: Infinity });
      clock.t += 1_000_000;
      expect(limiter.tryAcquire('a', 4)).toMatchObject({ allowed: false, retryAfterMs: Infinity });
      expect(limiter.tryAcquire('a', 3)).toMatchObject({ allowed: true, remaining: 0 });
    });

    test.each([
      { case: 'after a full burst', n: 3, costs: [1, 1, 1], at: 0, cost: 1 },
      { case: 'a cost larger than what is left', n: 5, costs: [2, 2], at: 0, cost: 3 },
      { case: 'spread requests', n: 3, costs: [1, 0, 1, 1], at: 50, cost: 2 },
      { case: 'cost maxRequests after one request', n: 4, costs: [1], at: 100, cost: 4 },
    ])('retryAfterMs is exact ($case): waiting that long is enough, 1 ms less is not', ({ n, costs, at, cost }) => {
      const { limiter, clock } = onClock(strategy, n, 1);
      for (const [i, each] of costs.entries()) {
        clock.t = 1_000 + 100 * i; // t=1000, 1100, …
        limiter.tryAcquire('a', each);
      }
      clock.t += at;
      const denied = limiter.tryAcquire('a', cost);
      expect(denied.allowed).toBe(false);
      expect(Number.isInteger(denied.retryAfterMs)).toBe(true);
      const deniedAt = clock.t;
      clock.t = deniedAt + denied.retryAfterMs - 1;
      expect(limiter.tryAcquire('a', cost).allowed).toBe(false);
      clock.t = deniedAt + denied.retryAfterMs;
      expect(limiter.tryAcquire('a', cost).allowed).toBe(true);
    });

    it('resetAfterMs is the least wait until remaining is back at maxRequests', () => {
      const { limiter, clock } = onClock(strategy, 4, 1);
      expect(limiter.tryAcquire('a', 0).resetAfterMs).toBe(0);
      clock.t = 1_300;
      limiter.tryAcquire('a', 3);
      const { resetAfterMs } = limiter.tryAcquire('a', 0);
      expect(resetAfterMs).toBeGreaterThan(0);
      clock.t = 1_300 + (resetAfterMs ?? 0) - 1;
      expect(limiter.tryAcquire('a', 0).remaining).toBeLessThan(4);
      clock.t = 1_300 + (resetAfterMs ?? 0);
      expect(limiter.tryAcquire('a', 0)).toMatchObject({ remaining: 4, resetAfterMs: 0 });
    });

    it('treats a clock that goes backwards as standing still', () => {
      const { limiter, clock } = onClock(strategy, 2, 1, 1_500);
      limiter.tryAcquire('a', 2); // t=1500
      const denied = limiter.tryAcquire('a');
      clock.t = 0; // backwards: not a new window, no refill, nothing expires
      expect(limiter.tryAcquire('a')).toEqual(denied);
      clock.t = 1_500; // forwards again to where it was: still nothing new
      expect(limiter.tryAcquire('a')).toEqual(denied);
      clock.t = 1_500 + denied.retryAfterMs;
      expect(limiter.tryAcquire('a').allowed).toBe(true);
    });

    test.each([
      ['a number', 1, '`1` (number)'],
      ['null', null, '`null` (null)'],
      ['an object', {}, '`[object Object]` (object)'],
    ])('rejects %s as the key with a TypeError naming key', (_label, key, shown) => {
      const { limiter } = onClock(strategy, 1, 1);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow(`Expected \`key\` to be a string, got ${shown}`);
    });

    test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects cost %s with a RangeError naming cost, and takes nothing',
      (cost) => {
        const { limiter } = onClock(strategy, 1, 1);
        expect(() => limiter.tryAcquire('a', cost)).toThrow(RangeError);
        expect(() => limiter.tryAcquire('a', cost)).toThrow(
          `Expected \`cost\` to be a non-negative integer, got \`${cost}\` (number)`,
        );
        expect(limiter.tryAcquire('a').allowed).toBe(true);
      },
    );

    test.each([
      ['the string "1"', '1'],
      ['null', null],
      ['the bigint 1n', 1n],
    ])('rejects %s as the cost with a TypeError naming cost', (_label, cost) => {
      const { limiter } = onClock(strategy, 1, 1);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('a', cost)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('a', cost)).toThrow(/`cost`/);
    });

    it('keeps separate limiters separate', () => {
      const first = onClock(strategy, 1, 1).limiter;
      const second = onClock(strategy, 1, 1).limiter;
      expect([first.tryAcquire().allowed, second.tryAcquire().allowed, first.tryAcquire().allowed]).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('agrees with a model that only keeps the admitted requests, on random traffic with a jumpy clock', () => {
      checkAgainstModel({
        setup: () => limiterSetup(RateLimiterFactory, { strategy }),
        steps: [acquireStep(['', 'a']), advanceStep, backStep],
        maxSteps: 40,
      });
    });
  });

  describe('token bucket', () => {
    it('starts full: maxRequests requests pass at once on a fresh key', () => {
      const { limiter } = onClock('token-bucket', 10, 1);
      expect(burst(limiter, 11)).toBe(10);
    });

    it('refills continuously: after 520 ms at 1 token/s a request is denied, at 1000 ms allowed', () => {
      const { limiter, clock } = onClock('token-bucket', 1, 1, 0);
      limiter.tryAcquire(); // t=0, empty
      clock.t = 520; // 0.52 tokens
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 480 });
      clock.t = 999;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 1 });
      clock.t = 1_000;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    test.each([
      { after: 99, remaining: 0 },
      { after: 100, remaining: 1 },
      { after: 150, remaining: 1 },
      { after: 250, remaining: 2 },
      { after: 999, remaining: 9 },
      { after: 1_000, remaining: 10 },
    ])('has $remaining whole tokens $after ms after emptying 10 per second', ({ after, remaining }) => {
      const { limiter, clock } = onClock('token-bucket', 10, 1, 0);
      limiter.tryAcquire('a', 10); // t=0, empty
      clock.t = after;
      expect(limiter.tryAcquire('a', 0).remaining).toBe(remaining);
    });

    it('keeps fractions of a token between requests', () => {
      const { limiter, clock } = onClock('token-bucket', 10, 1, 0);
      limiter.tryAcquire('a', 10);
      clock.t = 150; // 1.5 tokens
      expect(limiter.tryAcquire('a').allowed).toBe(true); // 0.5 left
      clock.t = 200; // 1.0
      expect(limiter.tryAcquire('a')).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('never holds more than maxRequests tokens, however long it was idle', () => {
      const { limiter, clock } = onClock('token-bucket', 4, 1, 0);
      limiter.tryAcquire('a', 4);
      clock.t = 100_000;
      expect(limiter.tryAcquire('a', 0).remaining).toBe(4);
      expect(burst(limiter, 6, 'a')).toBe(4);
    });

    it('answers resetAfterMs as the time until the bucket is full', () => {
      const { limiter } = onClock('token-bucket', 4, 1);
      expect(limiter.tryAcquire('a', 3).resetAfterMs).toBe(750); // 3 tokens at 4 per second
    });

    it('adds no tokens for a clock that goes backwards and then forwards again', () => {
      const { limiter, clock } = onClock('token-bucket', 4, 1, 2_000);
      limiter.tryAcquire('a', 4); // t=2000, empty
      clock.t = 1_000; // back
      limiter.tryAcquire('a', 0);
      clock.t = 2_250; // 250 ms after 2000: one token, not 1250 ms' worth
      expect(limiter.tryAcquire('a', 0).remaining).toBe(1);
    });
  });

  describe('fixed window', () => {
    it('aligns windows to multiples of the window length, not to the first request', () => {
      const { limiter, clock } = onClock('fixed-window', 2, 1, 900);
      expect(burst(limiter, 2)).toBe(2); // t=900, window [0, 1000)
      clock.t = 950;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 50, resetAfterMs: 50 });
      clock.t = 1_000; // window [1000, 2000)
      expect(limiter.tryAcquire()).toMatchObject({ allowed: true, remaining: 1, resetAfterMs: 1_000 });
    });

    it('lets 2 × maxRequests through across a boundary', () => {
      const { limiter, clock } = onClock('fixed-window', 5, 1, 999);
      const atEnd = burst(limiter, 5); // t=999
      clock.t = 1_000;
      expect([atEnd, burst(limiter, 5)]).toEqual([5, 5]);
    });

    it('resets the count in every window, even after skipped windows', () => {
      const { limiter, clock } = onClock('fixed-window', 2, 1, 0);
      burst(limiter, 2);
      clock.t = 5_500;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: true, remaining: 1, resetAfterMs: 500 });
    });
  });

  describe('sliding window log', () => {
    test.each([
      { at: 1_999, allowed: false, retryAfterMs: 1 },
      { at: 2_000, allowed: true, retryAfterMs: 0 },
    ])('counts a request made at t=1000 in the window (now − 1000, now] at t=$at', ({ at, allowed, retryAfterMs }) => {
      const { limiter, clock } = onClock('sliding-window-log', 1, 1);
      limiter.tryAcquire(); // t=1000
      clock.t = at;
      expect(limiter.tryAcquire()).toMatchObject({ allowed, retryAfterMs });
    });

    it('rejects the boundary burst that a fixed window allows', () => {
      const { limiter, clock } = onClock('sliding-window-log', 5, 1, 999);
      const atEnd = burst(limiter, 5);
      clock.t = 1_000;
      const atStart = burst(limiter, 5);
      clock.t = 1_999;
      expect([atEnd, atStart, burst(limiter, 5)]).toEqual([5, 0, 5]);
    });

    test.each([
      { cost: 1, retryAfterMs: 500 },
      { cost: 2, retryAfterMs: 500 },
      { cost: 3, retryAfterMs: 600 },
    ])('waits for enough of the oldest requests to expire: cost $cost → $retryAfterMs ms', ({ cost, retryAfterMs }) => {
      const { limiter, clock } = onClock('sliding-window-log', 3, 1);
      limiter.tryAcquire('a', 2); // t=1000, expires at 2000
      clock.t = 1_100;
      limiter.tryAcquire('a', 1); // expires at 2100
      clock.t = 1_500;
      expect(limiter.tryAcquire('a', cost)).toMatchObject({ allowed: false, remaining: 0, retryAfterMs });
    });

    it('answers resetAfterMs as the time until the newest request leaves the window', () => {
      const { limiter, clock } = onClock('sliding-window-log', 3, 1);
      limiter.tryAcquire('a');
      clock.t = 1_400;
      expect(limiter.tryAcquire('a').resetAfterMs).toBe(1_000);
      clock.t = 1_700;
      expect(limiter.tryAcquire('a', 0)).toMatchObject({ remaining: 1, resetAfterMs: 700 });
    });

    it('stays exact over many windows of steady traffic (old entries pruned, not lost)', () => {
      const { limiter, clock } = onClock('sliding-window-log', 100, 1, 0);
      const admitted: number[] = [];
      for (let t = 0; t < 20_000; t += 7) {
        clock.t = t;
        if (limiter.tryAcquire().allowed) admitted.push(t);
      }
      // At most 100 in any window (t − 1000, t]; two pointers over the admitted times.
      let worst = 0;
      let first = 0;
      for (let last = 0; last < admitted.length; last++) {
        while ((admitted[first] as number) <= (admitted[last] as number) - 1_000) first++;
        worst = Math.max(worst, last - first + 1);
      }
      expect([worst, admitted.length]).toEqual([100, 2_000]);
    });
  });

  describe('sliding window counter', () => {
    test.each([
      { at: 1_000, estimate: '8 × 1000/1000 = 8', remaining: 2 },
      { at: 1_250, estimate: '8 × 750/1000 = 6', remaining: 4 },
      { at: 1_500, estimate: '8 × 500/1000 = 4', remaining: 6 },
      { at: 1_501, estimate: '8 × 499/1000 = 3.992', remaining: 6 },
      { at: 1_999, estimate: '8 × 1/1000 = 0.008', remaining: 9 },
      { at: 2_000, estimate: '0 (the previous window is now [1000, 2000))', remaining: 10 },
    ])('weighs the previous window by the part still inside: at t=$at, $estimate', ({ at, remaining }) => {
      const { limiter, clock } = onClock('sliding-window-counter', 10, 1, 500);
      limiter.tryAcquire('a', 8); // t=500, window [0, 1000)
      clock.t = at;
      expect(limiter.tryAcquire('a', 0).remaining).toBe(remaining);
    });

    it('adds the current window in full: 8 before, 3 now, at t=1500 the estimate is 4 + 3', () => {
      const { limiter, clock } = onClock('sliding-window-counter', 10, 1, 500);
      limiter.tryAcquire('a', 8);
      clock.t = 1_500;
      limiter.tryAcquire('a', 3);
      expect(limiter.tryAcquire('a', 0).remaining).toBe(3);
    });

    it('waits inside the window until the previous count has decayed enough', () => {
      const { limiter, clock } = onClock('sliding-window-counter', 10, 1, 500);
      limiter.tryAcquire('a', 8); // t=500
      clock.t = 1_000;
      limiter.tryAcquire('a', 2); // estimate 8 + 2 = 10
      // 8 × (1000 − e) / 1000 + 2 + 1 ≤ 10 from e = 125
      expect(limiter.tryAcquire('a')).toMatchObject({ allowed: false, retryAfterMs: 125 });
      clock.t = 1_124;
      expect(limiter.tryAcquire('a').allowed).toBe(false);
      clock.t = 1_125;
      expect(limiter.tryAcquire('a').allowed).toBe(true);
    });

    it('waits into the next window when the current one is full', () => {
      const { limiter, clock } = onClock('sliding-window-counter', 2, 1, 0);
      limiter.tryAcquire('a', 2); // t=0
      clock.t = 500;
      // next window: 2 × (1000 − e) / 1000 + 1 ≤ 2 from e = 500, i.e. t=1500
      expect(limiter.tryAcquire('a')).toMatchObject({ allowed: false, retryAfterMs: 1_000, resetAfterMs: 1_500 });
    });

    it('forgets a window that is two windows old', () => {
      const { limiter, clock } = onClock('sliding-window-counter', 10, 1, 500);
      limiter.tryAcquire('a', 10);
      clock.t = 2_100; // previous window [1000, 2000) saw nothing
      expect(limiter.tryAcquire('a', 0)).toMatchObject({ remaining: 10, resetAfterMs: 0 });
    });
  });

  describe('the same traffic, four answers (10 per second, ten requests at each instant)', () => {
    test.each([
      { strategy: 'token-bucket', admitted: [10, 0, 5, 5, 5], total: 25 },
      { strategy: 'fixed-window', admitted: [10, 10, 0, 10, 0], total: 30 },
      { strategy: 'sliding-window-log', admitted: [10, 0, 0, 10, 0], total: 20 },
      { strategy: 'sliding-window-counter', admitted: [10, 0, 5, 5, 2], total: 22 },
    ] as const)('$strategy admits $admitted at t=999, 1000, 1500, 2000, 2500', ({ strategy, admitted, total }) => {
      const { limiter, clock } = onClock(strategy, 10, 1, 0);
      const counts = [999, 1_000, 1_500, 2_000, 2_500].map((t) => {
        clock.t = t;
        return burst(limiter, 10);
      });
      expect(counts).toEqual(admitted);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(total);
    });
  });
});
