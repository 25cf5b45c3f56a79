/**
 * An independent distributed rate limiter, written apart from the reference to prove the spec tests the contract:
 * - the token bucket is one plain string per key, `"<milli-tokens> <ms>"`, written with SET … PXAT (no hash);
 * - GCRA is computed in time units (emission interval T = 1000 / rate ms, bucket depth τ = capacity × T), the way
 *   the GCRA literature states it, rather than in credits;
 * - scripts go through ioredis's own `defineCommand` (EVALSHA, falling back to EVAL on NOSCRIPT);
 * - the timeout is a settle-once promise rather than a race.
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

const clockAndCeil = `
local clock = redis.call('TIME')
local now = clock[1] * 1000 + (clock[2] - clock[2] % 1000) / 1000
local function ceilExact(x, check)
  local c = math.ceil(x)
  if c > 0 and check(c - 1) then return c - 1 end
  if c < 0 then return 0 end
  return c
end
`;

/** The bucket as "<milli-tokens> <ms>"; string.format keeps 17 digits (concatenation would keep 14). */
const bucketLua = `${clockAndCeil}
local capacity, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local top = capacity * 1000
local level, last = top, now
local saved = redis.call('GET', KEYS[1])
if saved then
  local a, b = string.match(saved, '^(%S+) (%S+)$')
  level, last = tonumber(a), tonumber(b)
  local gained = now - last
  if gained > 0 then level = level + gained * rate end
  if level > top then level = top end
end
local want = cost * 1000
local ok = level >= want
local wait = 0
if ok then level = level - want
else
  local short = want - level
  wait = ceilExact(short / rate, function(ms) return ms * rate >= short end)
end
local gap = top - level
local ttl = ceilExact(gap / rate, function(ms) return ms * rate >= gap end)
if gap <= 0 then redis.call('DEL', KEYS[1])
else redis.call('SET', KEYS[1], string.format('%.17g %d', level, now), 'PXAT', now + ttl) end
return { ok and 1 or 0, (level - level % 1000) / 1000, wait }
`;

/** GCRA in time units: T per token, depth tau; the key holds the TAT. */
const cellLua = `${clockAndCeil}
local capacity, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local T = 1000 / rate
local tau = capacity * T
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local candidate = tat + cost * T
local ok = cost == 0 or candidate - now <= tau
local wait = 0
if ok then tat = candidate
else
  local late = candidate - now - tau
  wait = ceilExact(late, function(ms) return ms >= late end)
end
local ahead = tat - now
local left = math.floor((tau - ahead) / T)
if left < 0 then left = 0 end
if ahead <= 0 then redis.call('DEL', KEYS[1])
else redis.call('SET', KEYS[1], tat, 'PXAT', now + ceilExact(ahead, function(ms) return ms >= ahead end)) end
return { ok and 1 or 0, left, wait }
`;

type Reply = [number, number, number];
type ScriptCall = (key: string, capacity: number, rate: number, cost: number) => Promise<Reply>;

const commandNames: Record<Algorithm, string> = { 'token-bucket': 'lldTokenBucketV1', gcra: 'lldGcraV1' };

function scriptOn(redis: Redis, algorithm: Algorithm): ScriptCall {
  const name = commandNames[algorithm];
  const client = redis as unknown as Record<string, ScriptCall | undefined>;
  if (typeof client[name] !== 'function') {
    redis.defineCommand(name, { numberOfKeys: 1, lua: algorithm === 'gcra' ? cellLua : bucketLua });
  }
  return (key, capacity, rate, cost) => (client[name] as ScriptCall).call(redis, key, capacity, rate, cost);
}

const typeName = (value: unknown) => (value === null ? 'null' : typeof value);

function display(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'object' && value !== null) text = 'object';
  else text = String(value);
  return `\`${text}\` (${typeName(value)})`;
}

function fail(kind: 'type' | 'range', what: string, value: unknown): never {
  const message = `Expected ${what}, got ${display(value)}`;
  throw kind === 'type' ? new TypeError(message) : new RangeError(message);
}

function positiveInteger(name: string, value: unknown): number {
  const what = `\`${name}\` to be a positive integer`;
  if (typeof value !== 'number') fail('type', what, value);
  if (!Number.isSafeInteger(value) || value <= 0) fail('range', what, value);
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  const what = `\`${name}\` to be ${allowed.map((each) => `'${each}'`).join(' or ')}`;
  if (typeof value !== 'string') fail('type', what, value);
  if (!(allowed as readonly string[]).includes(value)) fail('range', what, value);
  return value as T;
}

export class DistributedRateLimiter {
  readonly #settings: {
    readonly capacity: number;
    readonly rate: number;
    readonly prefix: string;
    readonly policy: FailurePolicy;
    readonly timeout: Milliseconds;
    readonly algorithm: Algorithm;
  };
  readonly #call: ScriptCall;

  constructor(options: DistributedRateLimiterOptions) {
    const redis: unknown = options?.redis;
    if (typeof redis !== 'object' || redis === null || !('evalsha' in redis) || typeof redis.evalsha !== 'function') {
      throw new TypeError(`Expected \`redis\` to be an ioredis client, got ${display(redis)}`);
    }
    const rate: unknown = options.refillPerSecond;
    const rateWhat = '`refillPerSecond` to be a positive finite number';
    if (typeof rate !== 'number') fail('type', rateWhat, rate);
    if (!Number.isFinite(rate) || rate <= 0) fail('range', rateWhat, rate);
    const capacity = positiveInteger('capacity', options.capacity);
    const prefix: unknown = options.prefix === undefined ? 'ratelimit:' : options.prefix;
    if (typeof prefix !== 'string') fail('type', '`prefix` to be a string', prefix);
    const policy = oneOf('failurePolicy', options.failurePolicy === undefined ? 'fail-open' : options.failurePolicy, [
      'fail-open',
      'fail-closed',
    ] as const);
    const timeout = positiveInteger('timeoutMs', options.timeoutMs === undefined ? 100 : options.timeoutMs);
    const algorithm = oneOf('algorithm', options.algorithm === undefined ? 'token-bucket' : options.algorithm, [
      'token-bucket',
      'gcra',
    ] as const);
    this.#settings = { capacity, rate, prefix, policy, timeout, algorithm };
    this.#call = scriptOn(redis as Redis, algorithm);
  }

  get capacity(): number {
    return this.#settings.capacity;
  }

  get refillPerSecond(): number {
    return this.#settings.rate;
  }

  get failurePolicy(): FailurePolicy {
    return this.#settings.policy;
  }

  get timeoutMs(): Milliseconds {
    return this.#settings.timeout;
  }

  get algorithm(): Algorithm {
    return this.#settings.algorithm;
  }

  tryAcquire(key = '', cost = 1): Promise<Decision> {
    const { capacity, rate, prefix, policy, timeout } = this.#settings;
    try {
      if (typeof key !== 'string') fail('type', '`key` to be a string', key);
      const what = `\`cost\` to be an integer from 0 to the capacity (${capacity})`;
      if (typeof cost !== 'number') fail('type', what, cost);
      if (!(Number.isInteger(cost) && cost >= 0 && cost <= capacity)) fail('range', what, cost);
    } catch (error) {
      return Promise.reject(error);
    }
    const fallback: Decision = {
      allowed: policy === 'fail-open',
      remaining: 0,
      retryAfterMs: 0,
      limit: capacity,
      source: policy,
    };
    return new Promise<Decision>((resolve) => {
      let settled = false;
      const settle = (decision: Decision) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(decision);
      };
      const timer = setTimeout(() => settle(fallback), timeout);
      let pending: Promise<Reply>;
      try {
        pending = this.#call(prefix + key, capacity, rate, cost);
      } catch {
        settle(fallback);
        return;
      }
      pending.then(
        ([ok, remaining, retryAfterMs]) =>
          settle({ allowed: ok === 1, remaining, retryAfterMs, limit: capacity, source: 'redis' }),
        () => settle(fallback),
      );
    });
  }
}
