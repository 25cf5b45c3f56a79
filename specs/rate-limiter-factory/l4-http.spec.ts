import { describe, expect, it, test, vi } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';

const { RateLimiterFactory, rateLimitMiddleware, toHttp } =
  await loadKata<typeof import('../../katas/rate-limiter-factory/index.ts')>('rate-limiter-factory');
type MiddlewareOptions<Req> = import('../../katas/rate-limiter-factory/index.ts').MiddlewareOptions<Req>;
type RateLimiter = import('../../katas/rate-limiter-factory/index.ts').RateLimiter;
type Decision = import('../../katas/rate-limiter-factory/index.ts').RateLimitDecision;

/** A fake Node/Express response that records what the middleware did to it. */
function fakeResponse() {
  const headers: Record<string, string> = {};
  const res = {
    statusCode: 200,
    headers,
    body: undefined as string | undefined,
    ended: 0,
    setHeader(name: string, value: string) {
      headers[name] = value;
      return res;
    },
    end(body?: string) {
      res.body = body;
      res.ended++;
      return res;
    },
  };
  return res;
}

interface FakeRequest {
  readonly user: string;
  readonly weight?: number;
}

/** A limiter of 2 per 10 s on a fake clock, and a middleware keyed by `req.user`. */
function served(options: Partial<MiddlewareOptions<FakeRequest>> = {}) {
  const clock = { t: 1_000 };
  const limiter = RateLimiterFactory.create('fixed-window', {
    maxRequests: 2,
    timeWindowSeconds: 10,
    now: () => clock.t,
  });
  const middleware = rateLimitMiddleware<FakeRequest>(limiter, { key: (req) => req.user, ...options });
  /** Sends one request through the middleware; returns the response and the calls made to `next`. */
  const send = (req: FakeRequest) => {
    const res = fakeResponse();
    const next = vi.fn();
    middleware(req, res, next);
    return { res, next };
  };
  return { clock, limiter, send };
}

const decision = (fields: Partial<Decision>): Decision => ({
  allowed: true,
  remaining: 4,
  retryAfterMs: 0,
  limit: 5,
  resetAfterMs: 1_000,
  ...fields,
});

describe(level(4, 'HTTP 429 and RateLimit headers'), () => {
  describe('toHttp', () => {
    it('answers an allowed decision with 200 and the three RateLimit headers', () => {
      expect(toHttp(decision({ remaining: 4, limit: 5, resetAfterMs: 1_000 }))).toEqual({
        status: 200,
        headers: { 'RateLimit-Limit': '5', 'RateLimit-Remaining': '4', 'RateLimit-Reset': '1' },
      });
    });

    it('answers a denied decision with 429, Retry-After and the RateLimit headers', () => {
      const denied = decision({ allowed: false, remaining: 0, retryAfterMs: 2_500, resetAfterMs: 7_000 });
      expect(toHttp(denied)).toEqual({
        status: 429,
        headers: {
          'RateLimit-Limit': '5',
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': '7',
          'Retry-After': '3',
        },
      });
    });

    test.each([
      { ms: 1, seconds: '1' },
      { ms: 999, seconds: '1' },
      { ms: 1_000, seconds: '1' },
      { ms: 1_001, seconds: '2' },
      { ms: 59_000, seconds: '59' },
      { ms: 3_600_001, seconds: '3601' },
    ])('rounds Retry-After up to whole seconds: $ms ms → $seconds', ({ ms, seconds }) => {
      const { headers } = toHttp(decision({ allowed: false, remaining: 0, retryAfterMs: ms }));
      expect(headers['Retry-After']).toBe(seconds);
    });

    test.each([
      { ms: 0, seconds: '0' },
      { ms: 1, seconds: '1' },
      { ms: 1_500, seconds: '2' },
      { ms: 60_000, seconds: '60' },
    ])('rounds RateLimit-Reset up to whole seconds: $ms ms → $seconds', ({ ms, seconds }) => {
      expect(toHttp(decision({ resetAfterMs: ms })).headers['RateLimit-Reset']).toBe(seconds);
    });

    it('sends no Retry-After when the request can never be allowed (retryAfterMs Infinity)', () => {
      const http = toHttp(decision({ allowed: false, remaining: 5, retryAfterMs: Number.POSITIVE_INFINITY }));
      expect(http.status).toBe(429);
      expect(http.headers).not.toHaveProperty('Retry-After');
    });

    it('sends no RateLimit-Reset when the decision has no resetAfterMs', () => {
      const { resetAfterMs: _dropped, ...withoutReset } = decision({});
      expect(toHttp(withoutReset).headers).toEqual({ 'RateLimit-Limit': '5', 'RateLimit-Remaining': '4' });
    });

    it('sends no Retry-After on an allowed decision', () => {
      expect(toHttp(decision({})).headers).not.toHaveProperty('Retry-After');
    });

    it('turns a real denial into the wait the limiter computed', () => {
      const clock = { t: 0 };
      const limiter = RateLimiterFactory.create('token-bucket', {
        maxRequests: 1,
        timeWindowSeconds: 60,
        now: () => clock.t,
      });
      limiter.tryAcquire('a'); // t=0, empty; one token per minute
      clock.t = 20_500;
      expect(toHttp(limiter.tryAcquire('a'))).toEqual({
        status: 429,
        headers: {
          'RateLimit-Limit': '1',
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': '40',
          'Retry-After': '40',
        },
      });
    });
  });

  describe('rateLimitMiddleware', () => {
    it('lets an allowed request through with next() and the RateLimit headers', () => {
      const { send } = served();
      const { res, next } = send({ user: 'ann' });
      expect(next).toHaveBeenCalledTimes(1);
      expect(next).toHaveBeenCalledWith();
      expect(res.headers).toEqual({ 'RateLimit-Limit': '2', 'RateLimit-Remaining': '1', 'RateLimit-Reset': '9' });
      expect([res.statusCode, res.ended]).toEqual([200, 0]);
    });

    it('answers a denied request with 429, Retry-After and a body, and does not call next', () => {
      const { send, clock } = served();
      send({ user: 'ann' });
      send({ user: 'ann' });
      clock.t = 4_500; // 5.5 s left in the window [0, 10000)
      const { res, next } = send({ user: 'ann' });
      expect(next).not.toHaveBeenCalled();
      expect(res.statusCode).toBe(429);
      expect(res.headers).toEqual({
        'RateLimit-Limit': '2',
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': '6',
        'Retry-After': '6',
        'Content-Type': 'text/plain; charset=utf-8',
      });
      expect([res.body, res.ended]).toEqual(['Too Many Requests', 1]);
    });

    it('limits each key on its own', () => {
      const { send } = served();
      const statuses = ['ann', 'ann', 'ann', 'bob'].map((user) => send({ user }).res.statusCode);
      expect(statuses).toEqual([200, 200, 429, 200]);
    });

    it('takes the cost of each request from `cost`', () => {
      const { send } = served({ cost: (req: FakeRequest) => req.weight ?? 1 });
      expect(send({ user: 'ann', weight: 2 }).res.headers['RateLimit-Remaining']).toBe('0');
      expect(send({ user: 'bob', weight: 3 }).res.statusCode).toBe(429);
    });

    it('calls tryAcquire exactly once per request, with the key and a cost of 1 by default', () => {
      const calls: unknown[][] = [];
      const limiter: RateLimiter = {
        strategy: 'fixed-window',
        trackedKeys: 0,
        tryAcquire: (...args: unknown[]) => {
          calls.push(args);
          return decision({});
        },
      };
      const middleware = rateLimitMiddleware<FakeRequest>(limiter, { key: (req) => req.user });
      middleware({ user: 'ann' }, fakeResponse(), () => {});
      expect(calls).toEqual([['ann', 1]]);
    });

    test.each([
      [
        'the key function throws',
        {
          key: () => {
            throw new Error('no user');
          },
        },
        /no user/,
      ],
      ['the cost is invalid', { cost: () => -1 }, /`cost`/],
    ])('passes the error to next when %s, and answers nothing', (_label, options, message) => {
      const { send } = served(options);
      const { res, next } = send({ user: 'ann' });
      expect(next).toHaveBeenCalledTimes(1);
      expect(next.mock.calls[0]?.[0]).toBeInstanceOf(Error);
      expect(String(next.mock.calls[0]?.[0])).toMatch(message);
      expect([res.statusCode, res.ended, res.headers]).toEqual([200, 0, {}]);
    });

    test.each([
      ['null', null],
      ['an object without tryAcquire', {}],
    ])('rejects %s as the limiter with a TypeError naming limiter', (_label, limiter) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => rateLimitMiddleware(limiter, { key: () => '' });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`limiter`/);
    });

    test.each([
      ['no options', undefined, /`options`/],
      ['no key function', {}, /`key`/],
      ['a key that is not a function', { key: 'user' }, /`key`/],
      ['a cost that is not a function', { key: () => '', cost: 2 }, /`cost`/],
    ])('rejects %s with a TypeError naming it', (_label, options, message) => {
      const limiter = RateLimiterFactory.create('fixed-window', { maxRequests: 1, timeWindowSeconds: 1 });
      // @ts-expect-error: wrongly typed on purpose
      const create = () => rateLimitMiddleware(limiter, options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(message);
    });
  });
});
