/** `npm run demo rate-limiter`: the four algorithms on the same traffic, exact retryAfterMs, per-key limits, 429. */
import {
  type RateLimitDecision,
  type RateLimiter,
  RateLimiterFactory,
  RateLimitStrategy,
  toHttp,
} from '../../solutions/rate-limiter-factory/index.ts';
import type { Narrator } from './narrator.ts';

const strategies = [
  RateLimitStrategy.TOKEN_BUCKET,
  RateLimitStrategy.FIXED_WINDOW,
  RateLimitStrategy.SLIDING_WINDOW_LOG,
  RateLimitStrategy.SLIDING_WINDOW_COUNTER,
] as const;

const N = 5;
const W = 1000;

function limiterAt(strategy: RateLimitStrategy, clock: { t: number }): RateLimiter {
  return RateLimiterFactory.create(strategy, { maxRequests: N, timeWindowSeconds: W / 1000, now: () => clock.t });
}

/** The most admissions inside any window (t − W, t] of the admitted times. */
function busiestWindow(times: readonly number[]): number {
  let best = 0;
  for (const end of times) best = Math.max(best, times.filter((time) => time > end - W && time <= end).length);
  return best;
}

function boundaryBurst(say: Narrator): void {
  say.scene('The boundary burst: the same traffic through all four algorithms');
  const instants = [999, 1000, 1500, 2000];
  say.step(
    `Limit ${N} per ${W} ms; ${N} requests at each of t=${instants.join(', ')}: bursts on both sides of t=1000.`,
  );
  say.show(
    `${'strategy'.padEnd(24)}${instants.map((t) => `t=${t}`.padStart(8)).join('')}   total  most in any ${W} ms`,
  );
  for (const strategy of strategies) {
    const clock = { t: 0 };
    const limiter = limiterAt(strategy, clock);
    const admittedAt: number[] = [];
    const perInstant = instants.map((t) => {
      clock.t = t;
      let admitted = 0;
      for (let i = 0; i < N; i++) {
        if (limiter.tryAcquire('client').allowed) {
          admitted++;
          admittedAt.push(t);
        }
      }
      return admitted;
    });
    const cells = perInstant.map((n) => String(n).padStart(8)).join('');
    say.show(`${strategy.padEnd(24)}${cells}${String(admittedAt.length).padStart(8)}  ${busiestWindow(admittedAt)}`);
  }
  say.takeaway(`Fixed window admits ${2 * N} within 2 ms (t=999 and t=1000): 2× the limit across the boundary.`);
  say.takeaway('The log is exact (never more than the limit in any window) at the cost of one timestamp per request;');
  say.takeaway('the counter approximates it with two numbers per key; the bucket allows bursts up to its capacity.');
}

function retryAfter(say: Narrator): void {
  say.scene('retryAfterMs is exact: waiting that long is enough, one millisecond less is not');
  say.step(`At t=100 a client spends all ${N} requests, then asks again; it waits retryAfterMs − 1, then 1 more.`);
  for (const strategy of strategies) {
    const clock = { t: 100 };
    const limiter = limiterAt(strategy, clock);
    for (let i = 0; i < N; i++) limiter.tryAcquire('client');
    const denied = limiter.tryAcquire('client');
    const wait = denied.retryAfterMs;
    clock.t += wait - 1;
    const early = limiter.tryAcquire('client');
    clock.t += 1;
    const onTime = limiter.tryAcquire('client');
    say.show(
      `${strategy.padEnd(24)} denied, retryAfterMs ${String(wait).padStart(4)}; ` +
        `at t=${clock.t - 1}: ${verdict(early)}; at t=${clock.t}: ${verdict(onTime)}`,
    );
  }
  say.takeaway('A client that honours Retry-After is never refused twice, and never waits longer than it must.');
  say.takeaway('The counter waits longest: it assumes the previous window spread its requests evenly over time.');
}

const verdict = (decision: RateLimitDecision) => (decision.allowed ? 'allowed' : 'denied');

function perKey(say: Narrator): void {
  say.scene('Per-key limits: a premium tier and a free tier on one limiter');
  const clock = { t: 0 };
  const limiter = RateLimiterFactory.create(RateLimitStrategy.SLIDING_WINDOW_LOG, {
    maxRequests: N,
    timeWindowSeconds: 1,
    now: () => clock.t,
    overrides: { vip: { maxRequests: 20, timeWindowSeconds: 1 } },
    limitFor: (key) => (key.startsWith('free:') ? { maxRequests: 2, timeWindowSeconds: 1 } : undefined),
  });
  say.step(`Default ${N}/s; overrides: vip 20/s; limitFor: keys 'free:*' 2/s. 25 requests from each key at t=0.`);
  let last: RateLimitDecision | undefined;
  for (const key of ['alice', 'vip', 'free:bob']) {
    let admitted = 0;
    for (let i = 0; i < 25; i++) {
      last = limiter.tryAcquire(key);
      if (last.allowed) admitted++;
    }
    say.show(`${key.padEnd(9)} admitted ${String(admitted).padStart(2)} of 25 (limit ${last?.limit})`);
  }
  say.show(`trackedKeys ${limiter.trackedKeys}: one small state per active key, forgotten once idle`);
  if (last !== undefined) {
    const http = toHttp(last);
    const headers = Object.entries(http.headers).map(([name, value]) => `${name}: ${value}`);
    say.step("The last denial as HTTP (draft-ietf-httpapi-ratelimit-headers): what 'free:bob' receives.");
    say.show(`${http.status} ${headers.join(', ')}`);
  }
  say.takeaway('Keys never share a budget; the limit is looked up per key (overrides, then limitFor, then default).');
}

export async function rateLimiterDemo(say: Narrator): Promise<void> {
  say.title('Rate limiter demo: four algorithms, exact retry times, per-key limits (solutions/, injected clock)');
  boundaryBurst(say);
  retryAfter(say);
  perKey(say);
}
