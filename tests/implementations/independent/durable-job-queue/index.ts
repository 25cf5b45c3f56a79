/**
 * Durable job queue — an independent implementation, written differently from the reference on purpose:
 *   - the ready line is ONE lexicographic sorted set (every score 0): the member itself spells the order,
 *     `<inverted priority, 10 digits>|<ready time, 15 digits>|<sequence, 12 digits>|<id>`, and ZPOPMIN takes the
 *     smallest member;
 *   - delayed jobs and leases share ONE schedule sorted set scored by time (`d:<id>` due, `l:<id>` lease end), so
 *     one ZRANGEBYSCORE finds everything whose time has come; two counters keep `counts()` O(1) for them;
 *   - a job's errors are a JSON array in its own hash, appended with cjson; ids are `j<n>`; lease tokens are
 *     `<worker>#<n>` from a counter (nothing random);
 *   - scripts fall back to EVAL (which also caches them) when EVALSHA answers NOSCRIPT;
 *   - the Worker is a chain of promises rather than a loop.
 * It passes the same spec, which shows the spec tests the contract, not the reference's key layout.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

export type Milliseconds = number;
export type JobId = string;
export type JobState = 'queued' | 'delayed' | 'running' | 'failed';
export type BackoffType = 'fixed' | 'linear' | 'exponential';

export interface Backoff {
  readonly type?: BackoffType;
  readonly baseMs: Milliseconds;
  readonly maxMs?: Milliseconds;
}

export interface DurableQueueOptions {
  readonly redis: Redis;
  readonly prefix: string;
}

export interface EnqueueOptions {
  readonly priority?: number;
  readonly delayMs?: Milliseconds;
  readonly maxAttempts?: number;
  readonly backoff?: Backoff;
}

export interface ReserveOptions {
  readonly leaseMs?: Milliseconds;
}

export interface ReservedJob<P = unknown> {
  readonly id: JobId;
  readonly payload: P;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly priority: number;
  readonly enqueuedAt: Milliseconds;
  readonly leaseToken: string;
  readonly leaseExpiresAt: Milliseconds;
}

export interface JobError {
  readonly attempt: number;
  readonly message: string;
  readonly at: Milliseconds;
}

export interface JobInfo<P = unknown> {
  readonly id: JobId;
  readonly payload: P;
  readonly state: JobState;
  readonly priority: number;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly enqueuedAt: Milliseconds;
  readonly dueAt: Milliseconds | null;
  readonly leaseExpiresAt: Milliseconds | null;
  readonly workerId: string | null;
  readonly failedAt: Milliseconds | null;
  readonly errors: readonly JobError[];
}

export interface QueueCounts {
  readonly queued: number;
  readonly delayed: number;
  readonly running: number;
  readonly failed: number;
  readonly succeeded: number;
}

export type FailResult =
  | { readonly state: 'queued' | 'delayed'; readonly dueAt: Milliseconds }
  | { readonly state: 'failed'; readonly failedAt: Milliseconds };

export type LeaseLostReason = 'expired' | 'replaced' | 'gone';

export class DurableQueueError extends Error {
  override name = 'DurableQueueError';
}

export class LeaseLostError extends DurableQueueError {
  override name = 'LeaseLostError';
  readonly jobId: JobId;
  readonly reason: LeaseLostReason;
  constructor(jobId: JobId, reason: LeaseLostReason) {
    super(`Lease lost on job ${jobId} (${reason})`);
    this.jobId = jobId;
    this.reason = reason;
  }
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BACKOFF: Required<Backoff> = {
  type: 'exponential',
  baseMs: 1_000,
  maxMs: Number.POSITIVE_INFINITY,
};
export const DEFAULT_LEASE_MS: Milliseconds = 30_000;
export const MAX_PRIORITY = 1_000_000_000;

// KEYS are passed explicitly: [1] meta hash, [2] line (lex zset), [3] schedule zset, [4] dead list.
const LIB = `
local META, LINE, SCHEDULE, DEAD = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local PFX = ARGV[1]
local t = redis.call('TIME')
local NOW = t[1] * 1000 + math.floor(t[2] / 1000)
local function jk(id) return PFX .. 'j:' .. id end
-- Ties on priority and ready time go by enqueue number: the digits of the id.
local function line_up(id, since)
  local prio = tonumber(redis.call('HGET', jk(id), 'prio'))
  local member = string.format('%010d|%015.0f|%012d|%s', ${MAX_PRIORITY} - prio, since, tonumber(string.sub(id, 2)), id)
  redis.call('ZADD', LINE, 0, member)
  redis.call('HSET', jk(id), 'st', 'queued', 'line', member)
end
local function add_error(id, attempt, at, message)
  local list = cjson.decode(redis.call('HGET', jk(id), 'errs'))
  list[#list + 1] = { attempt = attempt, at = at, message = message }
  redis.call('HSET', jk(id), 'errs', cjson.encode(list))
end
local function bury(id, at)
  redis.call('HSET', jk(id), 'st', 'failed', 'failedAt', at)
  redis.call('RPUSH', DEAD, id)
end
-- Everything on the schedule whose time has come: due jobs join the line, expired leases are taken back.
local function tick()
  local due = redis.call('ZRANGEBYSCORE', SCHEDULE, '-inf', NOW, 'WITHSCORES', 'LIMIT', 0, 500)
  local taken = 0
  for i = 1, #due, 2 do
    local kind, id, at = string.sub(due[i], 1, 1), string.sub(due[i], 3), tonumber(due[i + 1])
    redis.call('ZREM', SCHEDULE, due[i])
    if kind == 'd' then
      redis.call('HINCRBY', META, 'delayed', -1)
      line_up(id, at)
    else
      taken = taken + 1
      redis.call('HINCRBY', META, 'running', -1)
      local h = redis.call('HMGET', jk(id), 'tries', 'max', 'worker')
      add_error(id, tonumber(h[1]), at, 'Lease expired: ' .. h[3] .. ' did not finish or heartbeat in time')
      redis.call('HDEL', jk(id), 'token', 'worker', 'until', 'lease')
      if tonumber(h[1]) >= tonumber(h[2]) then bury(id, at) else line_up(id, at) end
    end
  end
  return taken
end
local function lease_check(id, token)
  local h = redis.call('HMGET', jk(id), 'st', 'token', 'until')
  if h[1] ~= 'running' then return 'gone' end
  if h[2] ~= token then return 'replaced' end
  if NOW >= tonumber(h[3]) then return 'expired' end
  return nil
end
`;

const SOURCES = {
  enqueue: `${LIB}
local id = 'j' .. redis.call('HINCRBY', META, 'ids', 1)
local delay = tonumber(ARGV[4])
redis.call('HSET', jk(id), 'data', ARGV[2], 'prio', ARGV[3], 'max', ARGV[5], 'bk', ARGV[6], 'base', ARGV[7],
  'cap', ARGV[8], 'tries', 0, 'at', NOW, 'errs', '[]')
if delay == 0 then
  line_up(id, NOW)
else
  redis.call('HSET', jk(id), 'st', 'delayed', 'due', NOW + delay)
  redis.call('ZADD', SCHEDULE, NOW + delay, 'd:' .. id)
  redis.call('HINCRBY', META, 'delayed', 1)
end
return id`,
  reserve: `${LIB}
tick()
local head = redis.call('ZPOPMIN', LINE)
if head[1] == nil then return nil end
local id = string.match(head[1], '|([^|]+)$')
local lease = tonumber(ARGV[3])
local token = ARGV[2] .. '#' .. redis.call('HINCRBY', META, 'tokens', 1)
local tries = redis.call('HINCRBY', jk(id), 'tries', 1)
redis.call('HSET', jk(id), 'st', 'running', 'token', token, 'worker', ARGV[2], 'until', NOW + lease, 'lease', lease)
redis.call('HDEL', jk(id), 'line', 'due')
redis.call('ZADD', SCHEDULE, NOW + lease, 'l:' .. id)
redis.call('HINCRBY', META, 'running', 1)
local h = redis.call('HMGET', jk(id), 'data', 'max', 'prio', 'at')
return { id, h[1], tries, h[2], h[3], h[4], token, NOW + lease }`,
  heartbeat: `${LIB}
local id = ARGV[2]
local why = lease_check(id, ARGV[3])
if why then return { 'lost', why } end
local lease = ARGV[4]
if lease == '' then lease = redis.call('HGET', jk(id), 'lease') end
redis.call('HSET', jk(id), 'until', NOW + lease, 'lease', lease)
redis.call('ZADD', SCHEDULE, 'XX', NOW + lease, 'l:' .. id)
return { 'ok', NOW + lease }`,
  ack: `${LIB}
local id = ARGV[2]
local why = lease_check(id, ARGV[3])
if why then return why end
redis.call('ZREM', SCHEDULE, 'l:' .. id)
redis.call('HINCRBY', META, 'running', -1)
redis.call('HINCRBY', META, 'done', 1)
redis.call('UNLINK', jk(id))
return 'ok'`,
  fail: `${LIB}
local id = ARGV[2]
local why = lease_check(id, ARGV[3])
if why then return { 'lost', why } end
local h = redis.call('HMGET', jk(id), 'tries', 'max', 'bk', 'base', 'cap')
local tries = tonumber(h[1])
add_error(id, tries, NOW, ARGV[4])
redis.call('ZREM', SCHEDULE, 'l:' .. id)
redis.call('HINCRBY', META, 'running', -1)
redis.call('HDEL', jk(id), 'token', 'worker', 'until', 'lease')
if tries >= tonumber(h[2]) then
  bury(id, NOW)
  return { 'failed', NOW }
end
local wait = tonumber(h[4])
if h[3] == 'linear' then wait = wait * tries elseif h[3] == 'exponential' then
  for _ = 2, tries do wait = wait * 2 end
end
if h[5] ~= 'inf' and wait > tonumber(h[5]) then wait = tonumber(h[5]) end
if wait == 0 then
  line_up(id, NOW)
  return { 'queued', NOW }
end
redis.call('HSET', jk(id), 'st', 'delayed', 'due', NOW + wait)
redis.call('ZADD', SCHEDULE, NOW + wait, 'd:' .. id)
redis.call('HINCRBY', META, 'delayed', 1)
return { 'delayed', NOW + wait }`,
  recover: `${LIB}
return tick()`,
  // With ids: those jobs; without: the dead letters, in the order they failed.
  get: `${LIB}
local ids = {}
if #ARGV == 1 then ids = redis.call('LRANGE', DEAD, 0, -1) else ids = { select(2, unpack(ARGV)) } end
local out = {}
for _, id in ipairs(ids) do
  local h = redis.call('HMGET', jk(id), 'data', 'st', 'prio', 'tries', 'max', 'at', 'due', 'until', 'worker', 'failedAt', 'errs')
  if h[1] then
    if h[2] == 'delayed' and tonumber(h[7]) <= NOW then h[2] = 'queued' end
    out[#out + 1] = { id, h[1], h[2], h[3], h[4], h[5], h[6], h[7] or '', h[8] or '', h[9] or '', h[10] or '', h[11] }
  else
    out[#out + 1] = false
  end
end
return out`,
  counts: `${LIB}
local m = redis.call('HMGET', META, 'delayed', 'running', 'done')
local due = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', SCHEDULE, '-inf', NOW)) do
  if string.sub(member, 1, 1) == 'd' then due = due + 1 end
end
local delayed = tonumber(m[1] or '0')
return { redis.call('ZCARD', LINE) + due, delayed - due, tonumber(m[2] or '0'), redis.call('LLEN', DEAD), tonumber(m[3] or '0') }`,
} as const;

type ScriptName = keyof typeof SOURCES;
const SHAS = Object.fromEntries(
  Object.entries(SOURCES).map(([name, source]) => [name, createHash('sha1').update(source).digest('hex')]),
) as Record<ScriptName, string>;

function fail(kind: 'type' | 'range', name: string, expected: string, value: unknown): never {
  const shown =
    typeof value === 'string'
      ? `'${value}'`
      : typeof value === 'bigint'
        ? `${value}n`
        : typeof value === 'symbol'
          ? value.toString()
          : typeof value === 'object' && value !== null
            ? Array.isArray(value)
              ? 'array'
              : 'object'
            : String(value);
  const message = `Expected \`${name}\` to be ${expected}, got \`${shown}\` (${value === null ? 'null' : typeof value})`;
  throw kind === 'type' ? new TypeError(message) : new RangeError(message);
}

function int(name: string, value: unknown, low: number, high: number, expected: string): number {
  if (typeof value !== 'number') fail('type', name, expected, value);
  if (!Number.isInteger(value) || value < low || value > high) fail('range', name, expected, value);
  return value;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail('type', name, 'a non-empty string', value);
  return value;
}

export class DurableQueue<P = unknown> {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #keys: readonly string[];

  constructor(options: DurableQueueOptions) {
    if (options === null || typeof options !== 'object') fail('type', 'options', 'an object', options);
    const redis = options.redis as unknown;
    if (redis === null || typeof redis !== 'object' || typeof (redis as { evalsha?: unknown }).evalsha !== 'function') {
      fail('type', 'redis', 'an ioredis client', redis);
    }
    this.#prefix = text('prefix', options.prefix);
    this.#redis = options.redis;
    this.#keys = ['meta', 'line', 'schedule', 'dead'].map((name) => this.#prefix + name);
  }

  get prefix(): string {
    return this.#prefix;
  }

  async #call(name: ScriptName, args: readonly (string | number)[]): Promise<unknown> {
    const argv = [this.#prefix, ...args];
    try {
      return await this.#redis.evalsha(SHAS[name], this.#keys.length, ...this.#keys, ...argv);
    } catch (error) {
      if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
      return await this.#redis.eval(SOURCES[name], this.#keys.length, ...this.#keys, ...argv);
    }
  }

  async enqueue(payload: P, options: EnqueueOptions = {}): Promise<JobId> {
    let data: string | undefined;
    try {
      data = JSON.stringify(payload);
    } catch {
      data = undefined;
    }
    if (typeof data !== 'string') fail('type', 'payload', 'JSON-serializable', payload);
    if (options === null || typeof options !== 'object') fail('type', 'options', 'an object', options);
    const priority =
      options.priority === undefined
        ? 0
        : int('priority', options.priority, -MAX_PRIORITY, MAX_PRIORITY, 'an integer within ±1e9');
    const delay =
      options.delayMs === undefined
        ? 0
        : int('delayMs', options.delayMs, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
    const max =
      options.maxAttempts === undefined
        ? DEFAULT_MAX_ATTEMPTS
        : int('maxAttempts', options.maxAttempts, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
    const backoff = options.backoff === undefined ? DEFAULT_BACKOFF : options.backoff;
    if (backoff === null || typeof backoff !== 'object') fail('type', 'backoff', 'an object', backoff);
    const type = backoff.type ?? 'exponential';
    if (!['fixed', 'linear', 'exponential'].includes(type)) {
      fail('type', 'backoff.type', "'fixed', 'linear' or 'exponential'", type);
    }
    const base = int('backoff.baseMs', backoff.baseMs, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
    const cap =
      backoff.maxMs === undefined || backoff.maxMs === Number.POSITIVE_INFINITY
        ? 'inf'
        : int('backoff.maxMs', backoff.maxMs, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer or Infinity');
    return (await this.#call('enqueue', [data, priority, delay, max, type, base, cap])) as string;
  }

  async reserve(workerId: string, options: ReserveOptions = {}): Promise<ReservedJob<P> | null> {
    text('workerId', workerId);
    if (options === null || typeof options !== 'object') fail('type', 'options', 'an object', options);
    const lease =
      options.leaseMs === undefined
        ? DEFAULT_LEASE_MS
        : int('leaseMs', options.leaseMs, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
    const row = (await this.#call('reserve', [workerId, lease])) as (string | number)[] | null;
    if (row === null) return null;
    const [id, data, attempt, max, priority, at, token, until] = row;
    return {
      id: String(id),
      payload: JSON.parse(String(data)) as P,
      attempt: Number(attempt),
      maxAttempts: Number(max),
      priority: Number(priority),
      enqueuedAt: Number(at),
      leaseToken: String(token),
      leaseExpiresAt: Number(until),
    };
  }

  async heartbeat(jobId: JobId, leaseToken: string, options: ReserveOptions = {}): Promise<Milliseconds> {
    text('jobId', jobId);
    text('leaseToken', leaseToken);
    const lease =
      options.leaseMs === undefined
        ? ''
        : int('leaseMs', options.leaseMs, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
    const [status, value] = (await this.#call('heartbeat', [jobId, leaseToken, lease])) as [string, string | number];
    if (status === 'lost') throw new LeaseLostError(jobId, value as LeaseLostReason);
    return Number(value);
  }

  async ack(jobId: JobId, leaseToken: string): Promise<void> {
    text('jobId', jobId);
    text('leaseToken', leaseToken);
    const status = (await this.#call('ack', [jobId, leaseToken])) as string;
    if (status !== 'ok') throw new LeaseLostError(jobId, status as LeaseLostReason);
  }

  async fail(jobId: JobId, leaseToken: string, error: unknown): Promise<FailResult> {
    text('jobId', jobId);
    text('leaseToken', leaseToken);
    const message = error instanceof Error ? error.message : `${error}`;
    const [status, value] = (await this.#call('fail', [jobId, leaseToken, message])) as [string, string | number];
    if (status === 'lost') throw new LeaseLostError(jobId, value as LeaseLostReason);
    return status === 'failed'
      ? { state: 'failed', failedAt: Number(value) }
      : { state: status as 'queued' | 'delayed', dueAt: Number(value) };
  }

  async recoverStalled(): Promise<number> {
    return Number(await this.#call('recover', []));
  }

  async #read(ids: readonly string[]): Promise<(JobInfo<P> | null)[]> {
    const rows = (await this.#call('get', ids)) as (string[] | null)[];
    return rows.map((row) => {
      if (row === null) return null;
      const [id, data, state, priority, tries, max, at, due, until, worker, failedAt, errs] = row as string[];
      const errors = JSON.parse(errs as string) as JobError[] | Record<string, never>;
      const st = state as JobState;
      return {
        id: id as string,
        payload: JSON.parse(data as string) as P,
        state: st,
        priority: Number(priority),
        attempts: Number(tries),
        maxAttempts: Number(max),
        enqueuedAt: Number(at),
        dueAt: st === 'delayed' ? Number(due) : null,
        leaseExpiresAt: st === 'running' ? Number(until) : null,
        workerId: st === 'running' ? (worker as string) : null,
        failedAt: st === 'failed' ? Number(failedAt) : null,
        errors: Array.isArray(errors)
          ? errors.map(({ attempt, message, at: when }) => ({ attempt, message, at: when }))
          : [],
      };
    });
  }

  async get(jobId: JobId): Promise<JobInfo<P> | null> {
    text('jobId', jobId);
    const [info] = await this.#read([jobId]);
    return info ?? null;
  }

  async deadLetters(): Promise<JobInfo<P>[]> {
    return (await this.#read([])).filter((info): info is JobInfo<P> => info !== null);
  }

  async counts(): Promise<QueueCounts> {
    const [queued, delayed, running, failed, succeeded] = ((await this.#call('counts', [])) as number[]).map(Number);
    return {
      queued: queued ?? 0,
      delayed: delayed ?? 0,
      running: running ?? 0,
      failed: failed ?? 0,
      succeeded: succeeded ?? 0,
    };
  }
}

export interface JobContext {
  readonly id: JobId;
  readonly attempt: number;
  readonly signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, context: JobContext) => unknown;

export interface WorkerOptions {
  readonly workerId: string;
  readonly leaseMs?: Milliseconds;
  readonly heartbeatMs?: Milliseconds;
  readonly pollMs?: Milliseconds;
  readonly onError?: (error: unknown) => void;
}

export interface WorkerStats {
  readonly acked: number;
  readonly failed: number;
  readonly leasesLost: number;
}

export class Worker<P = unknown> {
  readonly #queue: DurableQueue<P>;
  readonly #handler: JobHandler<P>;
  readonly #options: Required<WorkerOptions>;
  readonly #counts = { acked: 0, failed: 0, leasesLost: 0 };
  #stopped = false;
  #sleeping: { timer: ReturnType<typeof setTimeout>; wake: () => void } | undefined;
  readonly #finished: Promise<void>;

  constructor(queue: DurableQueue<P>, handler: JobHandler<P>, options: WorkerOptions) {
    if (!(queue instanceof DurableQueue)) fail('type', 'queue', 'a DurableQueue', queue);
    if (typeof handler !== 'function') fail('type', 'handler', 'a function', handler);
    if (options === null || typeof options !== 'object') fail('type', 'options', 'an object', options);
    const workerId = text('workerId', options.workerId);
    const leaseMs =
      options.leaseMs === undefined
        ? DEFAULT_LEASE_MS
        : int('leaseMs', options.leaseMs, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
    const heartbeatMs =
      options.heartbeatMs === undefined
        ? Math.max(1, Math.floor(leaseMs / 3))
        : int('heartbeatMs', options.heartbeatMs, 1, leaseMs - 1, `a positive integer below leaseMs (${leaseMs})`);
    const pollMs =
      options.pollMs === undefined
        ? 100
        : int('pollMs', options.pollMs, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
    const onError = options.onError ?? (() => {});
    if (typeof onError !== 'function') fail('type', 'onError', 'a function', onError);
    this.#queue = queue;
    this.#handler = handler;
    this.#options = { workerId, leaseMs, heartbeatMs, pollMs, onError };
    this.#finished = this.#next();
  }

  get stats(): WorkerStats {
    return { ...this.#counts };
  }

  close(): Promise<void> {
    this.#stopped = true;
    if (this.#sleeping !== undefined) {
      clearTimeout(this.#sleeping.timer);
      this.#sleeping.wake();
    }
    return this.#finished;
  }

  #next(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return this.#queue
      .reserve(this.#options.workerId, { leaseMs: this.#options.leaseMs })
      .then(
        (job) => (job === null ? this.#sleep() : this.#work(job)),
        (error: unknown) => {
          this.#options.onError(error);
          return this.#sleep();
        },
      )
      .then(() => this.#next());
  }

  #sleep(): Promise<void> {
    return new Promise((wake) => {
      const timer = setTimeout(() => {
        this.#sleeping = undefined;
        wake();
      }, this.#options.pollMs);
      this.#sleeping = { timer, wake };
    });
  }

  async #work(job: ReservedJob<P>): Promise<void> {
    const abort = new AbortController();
    const report = (error: unknown) => {
      if (error instanceof LeaseLostError) this.#counts.leasesLost++;
      this.#options.onError(error);
    };
    const beat = setInterval(() => {
      this.#queue.heartbeat(job.id, job.leaseToken).catch((error: unknown) => {
        if (error instanceof LeaseLostError && !abort.signal.aborted) abort.abort(error);
        this.#options.onError(error);
      });
    }, this.#options.heartbeatMs);
    const settled = await Promise.resolve()
      .then(() => this.#handler(job.payload, { id: job.id, attempt: job.attempt, signal: abort.signal }))
      .then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    clearInterval(beat);
    if (settled.ok) {
      await this.#queue.ack(job.id, job.leaseToken).then(() => {
        this.#counts.acked++;
      }, report);
    } else {
      await this.#queue.fail(job.id, job.leaseToken, settled.error).then(() => {
        this.#counts.failed++;
      }, report);
    }
  }
}
