/**
 * Known-buggy variant "check-then-set": the token bucket computed in the client between a read and a write, each
 * its own round trip (TIME and HMGET, then HSET and PEXPIREAT). Every rule holds for one caller at a time; between
 * the read and the write another process reads the same tokens, and both take them.
 */
/**
 * Distributed rate limiter — reference solution.
 *
 * The state of every key lives in Redis, and each decision is ONE Lua script run by EVALSHA: Redis runs a script
 * to completion before any other command, so read-refill-take is atomic across every process that shares the
 * server (no WATCH/MULTI retry loop, no lock). The clock is the server's (`TIME` inside the script), so the
 * clients' clocks, however wrong, never enter the arithmetic.
 *
 * Two algorithms with the same decisions on the same traffic:
 * - token bucket (default): a hash `{ credits, ts }` per key. Credits are thousandths of a token, so a rate of r
 *   tokens/s adds exactly r credits per millisecond (the same units as the in-memory token-bucket kata).
 * - GCRA (Generic Cell Rate Algorithm, ATM Forum 1996; Brandur Leach's "Rate limiting, Cells and GCRA"): one
 *   string per key, the theoretical arrival time (TAT). The bucket's missing credits are `(TAT − now) × rate`.
 *
 * Every key gets a TTL equal to the time until its bucket is full again: a full bucket is the same as no bucket,
 * so an idle key disappears by itself and memory follows the active keys. A script that leaves the bucket full
 * deletes the key instead.
 *
 * Failures: Redis unreachable, erroring or slower than `timeoutMs` gives the limiter's failure policy as the
 * decision (`source` says so) — the caller never sees an infrastructure error. Bad input is a bug in the caller and
 * rejects with a TypeError or RangeError.
 */
import type Redis from 'ioredis';

export type Milliseconds = number;

export type FailurePolicy = 'fail-open' | 'fail-closed';

export type Algorithm = 'token-bucket' | 'gcra';

export interface Decision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly source: 'redis' | FailurePolicy;
}

export interface DistributedRateLimiterOptions {
  readonly redis: Redis;
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly prefix?: string;
  readonly failurePolicy?: FailurePolicy;
  readonly timeoutMs?: Milliseconds;
  readonly algorithm?: Algorithm;
}

/** Shared by both scripts: the least whole number of ms after which `missing` credits have refilled at `rate`. */
const waitFor = `
local function waitFor(missing, rate)
  if missing <= 0 then return 0 end
  local ms = math.ceil(missing / rate)
  -- division can land a hair above an integer: take the earlier instant when it already suffices
  if (ms - 1) * rate >= missing then ms = ms - 1 end
  return ms
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local full = tonumber(ARGV[1]) * 1000
local rate = tonumber(ARGV[2])
local need = tonumber(ARGV[3]) * 1000
`;

/**
 * KEYS[1] the bucket; ARGV capacity, refillPerSecond, cost. Returns { allowed 0|1, remaining, retryAfterMs }.
 * Numbers passed to redis.call are written with 17 significant digits, so fractional credits survive the round
 * trip exactly (tostring would keep only 14).
 */
export const tokenBucketScript = `${waitFor}
local state = redis.call('HMGET', KEYS[1], 'credits', 'ts')
local credits = tonumber(state[1]) or full
local ts = tonumber(state[2]) or now
-- only forward steps earn tokens; after a backward step refill resumes from the new, earlier reading
if now > ts then credits = math.min(full, credits + (now - ts) * rate) end
local allowed = 0
if credits >= need then
  allowed = 1
  credits = credits - need
end
local retry = 0
if allowed == 0 then retry = waitFor(need - credits, rate) end
local ttl = waitFor(full - credits, rate)
if ttl > 0 then
  redis.call('HSET', KEYS[1], 'credits', credits, 'ts', now)
  redis.call('PEXPIREAT', KEYS[1], now + ttl)
else
  redis.call('DEL', KEYS[1])
end
return { allowed, math.floor(credits / 1000), retry }
`;

/** KEYS[1] the TAT; same ARGV and reply as the token bucket. */
export const gcraScript = `${waitFor}
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
-- the credits the bucket lacks are the time it is ahead of the clock, times the rate
local credits = full - (tat - now) * rate
local allowed = 0
if credits >= need then
  allowed = 1
  credits = credits - need
  tat = tat + need / rate
end
local retry = 0
if allowed == 0 then retry = waitFor(need - credits, rate) end
local ttl = waitFor(full - credits, rate)
if ttl > 0 then
  redis.call('SET', KEYS[1], tat, 'PXAT', now + ttl)
else
  redis.call('DEL', KEYS[1])
end
-- after the clock stepped back the TAT can be more than a full bucket ahead: nothing is left, never less
return { allowed, math.max(0, math.floor(credits / 1000)), retry }
`;

/** Raised inside the limiter when Redis does not answer in time; never reaches the caller. */
class TimedOut extends Error {
  override name = 'TimedOut';
}

export class DistributedRateLimiter {
  readonly #redis: Redis;
  readonly #capacity: number;
  readonly #rate: number;
  readonly #prefix: string;
  readonly #policy: FailurePolicy;
  readonly #timeoutMs: Milliseconds;
  readonly #algorithm: Algorithm;

  constructor(options: DistributedRateLimiterOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${show(options)}`);
    }
    this.#redis = checkRedis(options.redis);
    this.#capacity = checkCapacity(options.capacity);
    this.#rate = checkRate(options.refillPerSecond);
    this.#prefix = options.prefix === undefined ? 'ratelimit:' : checkPrefix(options.prefix);
    this.#policy = options.failurePolicy === undefined ? 'fail-open' : checkPolicy(options.failurePolicy);
    this.#timeoutMs = options.timeoutMs === undefined ? 100 : checkTimeout(options.timeoutMs);
    this.#algorithm = options.algorithm === undefined ? 'token-bucket' : checkAlgorithm(options.algorithm);
  }

  get capacity(): number {
    return this.#capacity;
  }

  get refillPerSecond(): number {
    return this.#rate;
  }

  get failurePolicy(): FailurePolicy {
    return this.#policy;
  }

  get timeoutMs(): Milliseconds {
    return this.#timeoutMs;
  }

  get algorithm(): Algorithm {
    return this.#algorithm;
  }

  async tryAcquire(key = '', cost = 1): Promise<Decision> {
    checkKey(key);
    checkCost(cost, this.#capacity);
    const args = [this.#prefix + key, this.#capacity, this.#rate, cost];
    let reply: [number, number, number];
    try {
      reply = await this.#withTimeout(this.#run(args));
    } catch {
      // Unreachable, refused, too slow: the policy decides, and says so.
      return this.#failure();
    }
    const [allowed, remaining, retryAfterMs] = reply;
    return { allowed: allowed === 1, remaining, retryAfterMs, limit: this.#capacity, source: 'redis' };
  }

  /** Reads the bucket, decides here, writes it back: three round trips, and nothing holds the key in between. */
  async #run(args: readonly (string | number)[]): Promise<[number, number, number]> {
    const [key, capacity, rate, cost] = args as [string, number, number, number];
    const [seconds, micros] = await this.#redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const [storedCredits, storedTs] = await this.#redis.hmget(key, 'credits', 'ts');
    const full = capacity * 1000;
    let credits = storedCredits === null ? full : Number(storedCredits);
    const ts = storedTs === null ? now : Number(storedTs);
    if (now > ts) credits = Math.min(full, credits + (now - ts) * rate);
    const need = cost * 1000;
    const allowed = credits >= need ? 1 : 0;
    if (allowed === 1) credits -= need;
    const waitFor = (missing: number) => (missing <= 0 ? 0 : Math.ceil(missing / rate));
    const retry = allowed === 1 ? 0 : waitFor(need - credits);
    const ttl = waitFor(full - credits);
    if (ttl > 0) {
      await this.#redis.hset(key, 'credits', credits, 'ts', now);
      await this.#redis.pexpireat(key, now + ttl);
    } else await this.#redis.del(key);
    return [allowed, Math.floor(credits / 1000), retry];
  }

  /**
   * The command itself cannot be cancelled: a request that timed out may still reach Redis later (a paused server
   * resumes) and take its tokens. Erring that way never admits more than the limit.
   */
  #withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new TimedOut(`Redis did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    // A late failure of the abandoned command must not become an unhandled rejection.
    work.catch(() => {});
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }

  #failure(): Decision {
    return {
      allowed: this.#policy === 'fail-open',
      remaining: 0,
      retryAfterMs: 0,
      limit: this.#capacity,
      source: this.#policy,
    };
  }
}

function show(value: unknown): string {
  const shown =
    typeof value === 'string'
      ? `'${value}'`
      : typeof value === 'bigint'
        ? `${value}n`
        : typeof value === 'object' && value !== null
          ? Object.prototype.toString.call(value)
          : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkRedis(redis: unknown): Redis {
  const client = redis as { evalsha?: unknown; eval?: unknown } | null | undefined;
  if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function') {
    throw new TypeError(`Expected \`redis\` to be an ioredis client, got ${show(redis)}`);
  }
  return redis as Redis;
}

function checkCapacity(capacity: unknown): number {
  const expected = 'Expected `capacity` to be a positive integer';
  if (typeof capacity !== 'number') throw new TypeError(`${expected}, got ${show(capacity)}`);
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`${expected}, got ${show(capacity)}`);
  return capacity;
}

function checkRate(rate: unknown): number {
  const expected = 'Expected `refillPerSecond` to be a positive finite number';
  if (typeof rate !== 'number') throw new TypeError(`${expected}, got ${show(rate)}`);
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`${expected}, got ${show(rate)}`);
  return rate;
}

function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') throw new TypeError(`Expected \`prefix\` to be a string, got ${show(prefix)}`);
  return prefix;
}

function checkPolicy(policy: unknown): FailurePolicy {
  const expected = "Expected `failurePolicy` to be 'fail-open' or 'fail-closed'";
  if (typeof policy !== 'string') throw new TypeError(`${expected}, got ${show(policy)}`);
  if (policy !== 'fail-open' && policy !== 'fail-closed') throw new RangeError(`${expected}, got ${show(policy)}`);
  return policy;
}

function checkTimeout(timeoutMs: unknown): Milliseconds {
  const expected = 'Expected `timeoutMs` to be a positive integer';
  if (typeof timeoutMs !== 'number') throw new TypeError(`${expected}, got ${show(timeoutMs)}`);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`${expected}, got ${show(timeoutMs)}`);
  return timeoutMs;
}

function checkAlgorithm(algorithm: unknown): Algorithm {
  const expected = "Expected `algorithm` to be 'token-bucket' or 'gcra'";
  if (typeof algorithm !== 'string') throw new TypeError(`${expected}, got ${show(algorithm)}`);
  if (algorithm !== 'token-bucket' && algorithm !== 'gcra') throw new RangeError(`${expected}, got ${show(algorithm)}`);
  return algorithm;
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${show(key)}`);
}

function checkCost(cost: unknown, capacity: number): void {
  const expected = `Expected \`cost\` to be an integer from 0 to the capacity (${capacity})`;
  if (typeof cost !== 'number') throw new TypeError(`${expected}, got ${show(cost)}`);
  if (!Number.isInteger(cost) || cost < 0 || cost > capacity) throw new RangeError(`${expected}, got ${show(cost)}`);
}
