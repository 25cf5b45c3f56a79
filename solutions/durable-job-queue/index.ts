/**
 * Durable job queue on Redis — the reference solution.
 *
 * Every state change is one Lua script (atomic: no other client's command runs in between), called by SHA
 * (EVALSHA) and loaded again when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH). Every instant is
 * the server's (`TIME` inside the script), so workers with skewed clocks agree on due times and lease expiries.
 *
 * Keys, all under the caller's prefix:
 *   meta           hash    ids (last job id), succeeded (jobs acknowledged)
 *   queued         zset    score −priority, member `<readyAt:15 digits>:<id:15 digits>` → priority, then ready time,
 *                          then enqueue order, by ZPOPMIN alone
 *   delayed        zset    score dueAt, member id (new jobs with a delay, and retries waiting for their backoff)
 *   running        zset    score leaseExpiresAt, member id (the processing set: what recovery scans)
 *   failed         list    ids of dead-lettered jobs, in the order they failed
 *   job:<id>       hash    payload, priority, attempts, maxAttempts, backoff, state, times, lease token
 *   errors:<id>    list    one JSON entry per failed attempt
 * An acknowledged job leaves nothing behind but the `succeeded` counter.
 */
import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

/** Milliseconds on the Redis server's clock (since the epoch), or a duration in milliseconds. */
export type Milliseconds = number;
/** A non-empty string, unique within the queue. */
export type JobId = string;
/** `queued` ready; `delayed` waiting for its due time; `running` reserved under a lease; `failed` dead-lettered. */
export type JobState = 'queued' | 'delayed' | 'running' | 'failed';
export type BackoffType = 'fixed' | 'linear' | 'exponential';

/** Level 3. The wait after failed attempt n: fixed `baseMs`, linear `baseMs × n`, exponential `baseMs × 2^(n−1)`. */
export interface Backoff {
  /** Default `'exponential'`. */
  readonly type?: BackoffType;
  /** A non-negative integer. */
  readonly baseMs: Milliseconds;
  /** The cap: a non-negative integer or `Infinity` (default). */
  readonly maxMs?: Milliseconds;
}

export interface DurableQueueOptions {
  /** An ioredis client made by the caller; the queue never opens or closes connections. */
  readonly redis: Redis;
  /** Every key the queue writes starts with it. A non-empty string. */
  readonly prefix: string;
}

export interface EnqueueOptions {
  /** Level 2. An integer from −1e9 to 1e9 (MAX_PRIORITY); higher is reserved first. Default 0. */
  readonly priority?: number;
  /** Level 2. A non-negative integer: the job is not reservable before now + delayMs. Default 0. */
  readonly delayMs?: Milliseconds;
  /** Level 3. Every attempt, the first included: a positive integer. Default 3. */
  readonly maxAttempts?: number;
  /** Level 3. Default `{ type: 'exponential', baseMs: 1000 }`. */
  readonly backoff?: Backoff;
}

export interface ReserveOptions {
  /** A positive integer: the lease lasts until now + leaseMs (server time). Default 30000. */
  readonly leaseMs?: Milliseconds;
}

/** What `reserve` hands a worker. */
export interface ReservedJob<P = unknown> {
  readonly id: JobId;
  readonly payload: P;
  /** 1 on the first delivery. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly priority: number;
  readonly enqueuedAt: Milliseconds;
  /** Opaque, new at every reserve: what `ack`, `fail` and `heartbeat` need besides the id. */
  readonly leaseToken: string;
  /** The lease is live while the server's now < leaseExpiresAt. */
  readonly leaseExpiresAt: Milliseconds;
}

/** Level 3. One per failed attempt (an expired lease included), in order. */
export interface JobError {
  readonly attempt: number;
  readonly message: string;
  readonly at: Milliseconds;
}

/** What `get` and `deadLetters` report. Fields that do not apply to the state are null. */
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

/** `succeeded`: jobs acknowledged since the queue's keys were created. */
export interface QueueCounts {
  readonly queued: number;
  readonly delayed: number;
  readonly running: number;
  readonly failed: number;
  readonly succeeded: number;
}

/** Level 3. Where a failed job went: back to wait (`dueAt`: when it is ready again) or to the dead letters. */
export type FailResult =
  | { readonly state: 'queued' | 'delayed'; readonly dueAt: Milliseconds }
  | { readonly state: 'failed'; readonly failedAt: Milliseconds };

export type LeaseLostReason = 'expired' | 'replaced' | 'gone';

/** Base class of the queue's own errors. */
export class DurableQueueError extends Error {
  override name = 'DurableQueueError';
}

/** Level 1. Thrown by ack, fail and heartbeat when the token given is not the job's live lease; nothing changes. */
export class LeaseLostError extends DurableQueueError {
  override name = 'LeaseLostError';
  readonly jobId: JobId;
  readonly reason: LeaseLostReason;
  constructor(jobId: JobId, reason: LeaseLostReason) {
    const why = {
      expired: 'the lease expired',
      replaced: 'the job was reserved again under another lease',
      gone: 'the job is no longer running',
    }[reason];
    super(`Lease lost on job ${jobId}: ${why}`);
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
/** Priorities range from −MAX_PRIORITY to MAX_PRIORITY. */
export const MAX_PRIORITY = 1_000_000_000;
/** How many expired leases or due delayed jobs one script call moves: bounds the time a script blocks Redis. */
const BATCH = 1_000;

// ---------------------------------------------------------------------------------------------------------------
// Lua. Shared functions are prepended to each script. ARGV[1] is always the prefix.

const COMMON = `
local P = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function job_key(id) return P .. 'job:' .. id end
local function errors_key(id) return P .. 'errors:' .. id end
local function make_ready(id, ready_at)
  local jk = job_key(id)
  local priority = tonumber(redis.call('HGET', jk, 'priority'))
  redis.call('ZADD', P .. 'queued', -priority, string.format('%015.0f:%015.0f', ready_at, tonumber(id)))
  redis.call('HSET', jk, 'state', 'queued', 'readyAt', ready_at)
  redis.call('HDEL', jk, 'dueAt')
end
local function to_failed(id, at)
  redis.call('HSET', job_key(id), 'state', 'failed', 'failedAt', at)
  redis.call('RPUSH', P .. 'failed', id)
end
local function end_lease(id)
  redis.call('ZREM', P .. 'running', id)
  redis.call('HDEL', job_key(id), 'token', 'workerId', 'leaseExpiresAt', 'leaseMs')
end
local function recover(now)
  local ids = redis.call('ZRANGEBYSCORE', P .. 'running', '-inf', now, 'LIMIT', 0, ${BATCH})
  for _, id in ipairs(ids) do
    local jk = job_key(id)
    local f = redis.call('HMGET', jk, 'attempts', 'maxAttempts', 'leaseExpiresAt', 'workerId')
    local attempts, expired_at = tonumber(f[1]), tonumber(f[3])
    redis.call('RPUSH', errors_key(id), cjson.encode({ attempt = attempts, at = expired_at,
      message = 'Lease expired: worker ' .. f[4] .. ' stopped heartbeating' }))
    end_lease(id)
    if attempts >= tonumber(f[2]) then to_failed(id, expired_at) else make_ready(id, expired_at) end
  end
  return #ids
end
local function promote(now)
  local due = redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', now, 'LIMIT', 0, ${BATCH})
  for _, id in ipairs(due) do
    local due_at = tonumber(redis.call('HGET', job_key(id), 'dueAt'))
    redis.call('ZREM', P .. 'delayed', id)
    make_ready(id, due_at)
  end
end
-- 'ok', or why the lease given is not the live lease of the job.
local function check_lease(id, token, now)
  local f = redis.call('HMGET', job_key(id), 'state', 'token', 'leaseExpiresAt')
  if f[1] ~= 'running' then return 'gone' end
  if f[2] ~= token then return 'replaced' end
  if now >= tonumber(f[3]) then return 'expired' end
  return 'ok'
end
`;

const ENQUEUE = `${COMMON}
local now = now_ms()
local id = tostring(redis.call('HINCRBY', P .. 'meta', 'ids', 1))
local delay = tonumber(ARGV[4])
redis.call('HSET', job_key(id), 'payload', ARGV[2], 'priority', ARGV[3], 'maxAttempts', ARGV[5],
  'backoffType', ARGV[6], 'backoffBase', ARGV[7], 'backoffMax', ARGV[8], 'attempts', 0, 'enqueuedAt', now)
if delay > 0 then
  redis.call('ZADD', P .. 'delayed', now + delay, id)
  redis.call('HSET', job_key(id), 'state', 'delayed', 'dueAt', now + delay)
else
  make_ready(id, now)
end
return id
`;

const RESERVE = `${COMMON}
local now = now_ms()
recover(now)
promote(now)
local top = redis.call('ZPOPMIN', P .. 'queued')
if #top == 0 then return false end
local id = tostring(tonumber(string.match(top[1], ':(%d+)$')))
local jk = job_key(id)
local attempt = redis.call('HINCRBY', jk, 'attempts', 1)
local expires = now + tonumber(ARGV[4])
redis.call('HSET', jk, 'state', 'running', 'token', ARGV[3], 'workerId', ARGV[2], 'leaseMs', ARGV[4],
  'leaseExpiresAt', expires)
redis.call('HDEL', jk, 'readyAt')
redis.call('ZADD', P .. 'running', expires, id)
local f = redis.call('HMGET', jk, 'payload', 'maxAttempts', 'priority', 'enqueuedAt')
return { id, f[1], attempt, tonumber(f[2]), tonumber(f[3]), tonumber(f[4]), expires }
`;

const HEARTBEAT = `${COMMON}
local now = now_ms()
local id = ARGV[2]
local verdict = check_lease(id, ARGV[3], now)
if verdict ~= 'ok' then return { verdict } end
local lease = ARGV[4]
if lease == '' then lease = redis.call('HGET', job_key(id), 'leaseMs') end
local expires = now + tonumber(lease)
redis.call('HSET', job_key(id), 'leaseExpiresAt', expires, 'leaseMs', lease)
redis.call('ZADD', P .. 'running', expires, id)
return { 'ok', expires }
`;

const ACK = `${COMMON}
local now = now_ms()
local id = ARGV[2]
local verdict = check_lease(id, ARGV[3], now)
if verdict ~= 'ok' then return verdict end
redis.call('ZREM', P .. 'running', id)
redis.call('DEL', job_key(id), errors_key(id))
redis.call('HINCRBY', P .. 'meta', 'succeeded', 1)
return 'ok'
`;

const FAIL = `${COMMON}
local now = now_ms()
local id = ARGV[2]
local verdict = check_lease(id, ARGV[3], now)
if verdict ~= 'ok' then return { verdict } end
local jk = job_key(id)
local f = redis.call('HMGET', jk, 'attempts', 'maxAttempts', 'backoffType', 'backoffBase', 'backoffMax')
local attempt = tonumber(f[1])
redis.call('RPUSH', errors_key(id), cjson.encode({ attempt = attempt, at = now, message = ARGV[4] }))
end_lease(id)
if attempt >= tonumber(f[2]) then
  to_failed(id, now)
  return { 'failed', now }
end
local base, cap, delay = tonumber(f[4]), tonumber(f[5]), 0
if f[3] == 'fixed' then delay = base
elseif f[3] == 'linear' then delay = base * attempt
else delay = base * 2 ^ (attempt - 1) end
if cap >= 0 and delay > cap then delay = cap end
if delay <= 0 then
  make_ready(id, now)
  return { 'queued', now }
end
redis.call('ZADD', P .. 'delayed', now + delay, id)
redis.call('HSET', jk, 'state', 'delayed', 'dueAt', now + delay)
return { 'delayed', now + delay }
`;

const RECOVER = `${COMMON}
return recover(now_ms())
`;

/** Read-only: a due delayed job reports 'queued', as a reserve would see it. */
const READ_JOB = `
local function read(P, id, now)
  local jk = P .. 'job:' .. id
  local h = redis.call('HGETALL', jk)
  if #h == 0 then return nil end
  local job = { id = id }
  for i = 1, #h, 2 do job[h[i]] = h[i + 1] end
  job.errors = redis.call('LRANGE', P .. 'errors:' .. id, 0, -1)
  if job.state == 'delayed' and tonumber(job.dueAt) <= now then job.state = 'queued' end
  return job
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

const GET = `${READ_JOB}
local job = read(ARGV[1], ARGV[2], now_ms())
if job == nil then return false end
return cjson.encode(job)
`;

const DEAD = `${READ_JOB}
local now = now_ms()
local ids = redis.call('LRANGE', ARGV[1] .. 'failed', 0, -1)
local jobs = {}
for _, id in ipairs(ids) do jobs[#jobs + 1] = read(ARGV[1], id, now) end
if #jobs == 0 then return '[]' end
return cjson.encode(jobs)
`;

const COUNTS = `
local P = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZCOUNT', P .. 'delayed', '-inf', now)
return { redis.call('ZCARD', P .. 'queued') + due, redis.call('ZCARD', P .. 'delayed') - due,
  redis.call('ZCARD', P .. 'running'), redis.call('LLEN', P .. 'failed'),
  tonumber(redis.call('HGET', P .. 'meta', 'succeeded') or '0') }
`;

/** A script called by SHA; loaded again when the server does not know it (restart, SCRIPT FLUSH). */
class Script {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, 0, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await redis.script('LOAD', this.#source);
      return await redis.evalsha(this.#sha, 0, ...args);
    }
  }
}

const scripts = {
  enqueue: new Script(ENQUEUE),
  reserve: new Script(RESERVE),
  heartbeat: new Script(HEARTBEAT),
  ack: new Script(ACK),
  fail: new Script(FAIL),
  recover: new Script(RECOVER),
  get: new Script(GET),
  dead: new Script(DEAD),
  counts: new Script(COUNTS),
};

interface StoredJob {
  id: string;
  payload: string;
  state: JobState;
  priority: string;
  attempts: string;
  maxAttempts: string;
  enqueuedAt: string;
  dueAt?: string;
  leaseExpiresAt?: string;
  workerId?: string;
  failedAt?: string;
  errors: string[] | Record<string, never>;
}

function toInfo<P>(stored: StoredJob): JobInfo<P> {
  const number = (value: string | undefined) => (value === undefined ? null : Number(value));
  return {
    id: stored.id,
    payload: JSON.parse(stored.payload) as P,
    state: stored.state,
    priority: Number(stored.priority),
    attempts: Number(stored.attempts),
    maxAttempts: Number(stored.maxAttempts),
    enqueuedAt: Number(stored.enqueuedAt),
    dueAt: stored.state === 'delayed' ? number(stored.dueAt) : null,
    leaseExpiresAt: stored.state === 'running' ? number(stored.leaseExpiresAt) : null,
    workerId: stored.state === 'running' ? (stored.workerId ?? null) : null,
    failedAt: stored.state === 'failed' ? number(stored.failedAt) : null,
    // cjson encodes an empty Lua table as {}: no errors yet.
    errors: (Array.isArray(stored.errors) ? stored.errors : []).map((entry) => {
      const { attempt, message, at } = JSON.parse(entry) as JobError;
      return { attempt, message, at };
    }),
  };
}

export class DurableQueue<P = unknown> {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: DurableQueueOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    const { redis, prefix } = options;
    if (typeof redis !== 'object' || redis === null || typeof (redis as Partial<Redis>).evalsha !== 'function') {
      throw new TypeError(`Expected \`redis\` to be an ioredis client, got ${describe(redis)}`);
    }
    if (typeof prefix !== 'string' || prefix === '') {
      throw new TypeError(`Expected \`prefix\` to be a non-empty string, got ${describe(prefix)}`);
    }
    this.#redis = redis;
    this.#prefix = prefix;
  }

  get prefix(): string {
    return this.#prefix;
  }

  async enqueue(payload: P, options: EnqueueOptions = {}): Promise<JobId> {
    const json = serialize(payload);
    checkObject('options', options);
    const priority = checkInteger('priority', orDefault(options.priority, 0), 'priority');
    const delayMs = checkInteger('delayMs', orDefault(options.delayMs, 0), 0);
    const maxAttempts = checkInteger('maxAttempts', orDefault(options.maxAttempts, DEFAULT_MAX_ATTEMPTS), 1);
    const backoff = checkBackoff(orDefault(options.backoff, DEFAULT_BACKOFF));
    const max = backoff.maxMs === Number.POSITIVE_INFINITY ? -1 : backoff.maxMs;
    const id = await scripts.enqueue.run(this.#redis, [
      this.#prefix,
      json,
      priority,
      delayMs,
      maxAttempts,
      backoff.type,
      backoff.baseMs,
      max,
    ]);
    return String(id);
  }

  async reserve(workerId: string, options: ReserveOptions = {}): Promise<ReservedJob<P> | null> {
    checkWorkerId(workerId);
    checkObject('options', options);
    const leaseMs = checkInteger('leaseMs', orDefault(options.leaseMs, DEFAULT_LEASE_MS), 1);
    const leaseToken = randomUUID();
    const reply = (await scripts.reserve.run(this.#redis, [this.#prefix, workerId, leaseToken, leaseMs])) as
      | [string, string, number, number, number, number, number]
      | null;
    if (reply === null) return null;
    const [id, payload, attempt, maxAttempts, priority, enqueuedAt, leaseExpiresAt] = reply;
    return {
      id,
      payload: JSON.parse(payload) as P,
      attempt,
      maxAttempts,
      priority,
      enqueuedAt,
      leaseToken,
      leaseExpiresAt,
    };
  }

  async heartbeat(jobId: JobId, leaseToken: string, options: ReserveOptions = {}): Promise<Milliseconds> {
    checkLease(jobId, leaseToken);
    checkObject('options', options);
    const leaseMs = options.leaseMs === undefined ? '' : checkInteger('leaseMs', options.leaseMs, 1);
    const [verdict, expires] = (await scripts.heartbeat.run(this.#redis, [
      this.#prefix,
      jobId,
      leaseToken,
      leaseMs,
    ])) as [string, number?];
    if (verdict !== 'ok') throw new LeaseLostError(jobId, verdict as LeaseLostReason);
    return expires as number;
  }

  async ack(jobId: JobId, leaseToken: string): Promise<void> {
    checkLease(jobId, leaseToken);
    const verdict = (await scripts.ack.run(this.#redis, [this.#prefix, jobId, leaseToken])) as string;
    if (verdict !== 'ok') throw new LeaseLostError(jobId, verdict as LeaseLostReason);
  }

  async fail(jobId: JobId, leaseToken: string, error: unknown): Promise<FailResult> {
    checkLease(jobId, leaseToken);
    const message = error instanceof Error ? error.message : String(error);
    const [state, at] = (await scripts.fail.run(this.#redis, [this.#prefix, jobId, leaseToken, message])) as [
      string,
      number,
    ];
    if (state === 'failed') return { state, failedAt: at };
    if (state === 'queued' || state === 'delayed') return { state, dueAt: at };
    throw new LeaseLostError(jobId, state as LeaseLostReason);
  }

  async recoverStalled(): Promise<number> {
    return Number(await scripts.recover.run(this.#redis, [this.#prefix]));
  }

  async get(jobId: JobId): Promise<JobInfo<P> | null> {
    if (typeof jobId !== 'string' || jobId === '') {
      throw new TypeError(`Expected \`jobId\` to be a non-empty string, got ${describe(jobId)}`);
    }
    const json = (await scripts.get.run(this.#redis, [this.#prefix, jobId])) as string | null;
    return json === null ? null : toInfo<P>(JSON.parse(json) as StoredJob);
  }

  async deadLetters(): Promise<JobInfo<P>[]> {
    const json = (await scripts.dead.run(this.#redis, [this.#prefix])) as string;
    return (JSON.parse(json) as StoredJob[]).map((stored) => toInfo<P>(stored));
  }

  async counts(): Promise<QueueCounts> {
    const [queued, delayed, running, failed, succeeded] = (await scripts.counts.run(this.#redis, [
      this.#prefix,
    ])) as number[];
    return {
      queued: queued as number,
      delayed: delayed as number,
      running: running as number,
      failed: failed as number,
      succeeded: succeeded as number,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Worker

export interface JobContext {
  readonly id: JobId;
  readonly attempt: number;
  /** Aborted when a heartbeat finds the lease lost: another worker may already be running the job. */
  readonly signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, context: JobContext) => unknown;

export interface WorkerOptions {
  readonly workerId: string;
  readonly leaseMs?: Milliseconds;
  /** Default: a third of `leaseMs`. Must be below `leaseMs`. */
  readonly heartbeatMs?: Milliseconds;
  /** How long to wait after finding the queue empty. Default 100. */
  readonly pollMs?: Milliseconds;
  /** Told about what the worker cannot report to anyone: lost leases, Redis errors. */
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
  readonly #workerId: string;
  readonly #leaseMs: Milliseconds;
  readonly #heartbeatMs: Milliseconds;
  readonly #pollMs: Milliseconds;
  readonly #onError: (error: unknown) => void;
  readonly #loop: Promise<void>;
  #closing = false;
  #wake: (() => void) | undefined;
  #acked = 0;
  #failed = 0;
  #leasesLost = 0;

  constructor(queue: DurableQueue<P>, handler: JobHandler<P>, options: WorkerOptions) {
    if (!(queue instanceof DurableQueue)) {
      throw new TypeError(`Expected \`queue\` to be a DurableQueue, got ${describe(queue)}`);
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`Expected \`handler\` to be a function, got ${describe(handler)}`);
    }
    checkObject('options', options);
    checkWorkerId(options.workerId);
    this.#leaseMs = checkInteger('leaseMs', orDefault(options.leaseMs, DEFAULT_LEASE_MS), 1);
    this.#heartbeatMs = checkInteger(
      'heartbeatMs',
      orDefault(options.heartbeatMs, Math.max(1, Math.floor(this.#leaseMs / 3))),
      1,
    );
    if (this.#heartbeatMs >= this.#leaseMs) {
      throw new RangeError(
        `Expected \`heartbeatMs\` to be below \`leaseMs\` (${this.#leaseMs}), got ${describe(this.#heartbeatMs)}`,
      );
    }
    this.#pollMs = checkInteger('pollMs', orDefault(options.pollMs, 100), 0);
    const onError = orDefault<unknown>(options.onError, () => {});
    if (typeof onError !== 'function') {
      throw new TypeError(`Expected \`onError\` to be a function, got ${describe(onError)}`);
    }
    this.#queue = queue;
    this.#handler = handler;
    this.#workerId = options.workerId;
    this.#onError = onError as (error: unknown) => void;
    this.#loop = this.#run();
  }

  get stats(): WorkerStats {
    return { acked: this.#acked, failed: this.#failed, leasesLost: this.#leasesLost };
  }

  /** Stops taking jobs and resolves once the job in hand (if any) has been acknowledged or failed. */
  close(): Promise<void> {
    this.#closing = true;
    this.#wake?.();
    return this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#closing) {
      let job: ReservedJob<P> | null;
      try {
        job = await this.#queue.reserve(this.#workerId, { leaseMs: this.#leaseMs });
      } catch (error) {
        this.#onError(error);
        job = null;
      }
      if (job === null) await this.#idle();
      else await this.#process(job);
    }
  }

  /** Waits `pollMs`, or less if `close()` wakes it. */
  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, this.#pollMs);
      this.#wake = wake;
    });
  }

  async #process(job: ReservedJob<P>): Promise<void> {
    const controller = new AbortController();
    const beat = setInterval(() => {
      this.#queue.heartbeat(job.id, job.leaseToken, { leaseMs: this.#leaseMs }).catch((error: unknown) => {
        if (error instanceof LeaseLostError) controller.abort(error);
        this.#onError(error);
      });
    }, this.#heartbeatMs);
    let outcome: { ok: true } | { ok: false; error: unknown };
    try {
      await this.#handler(job.payload, { id: job.id, attempt: job.attempt, signal: controller.signal });
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      clearInterval(beat);
    }
    try {
      if (outcome.ok) {
        await this.#queue.ack(job.id, job.leaseToken);
        this.#acked++;
      } else {
        await this.#queue.fail(job.id, job.leaseToken, outcome.error);
        this.#failed++;
      }
    } catch (error) {
      if (error instanceof LeaseLostError) this.#leasesLost++;
      this.#onError(error);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

function describe(value: unknown): string {
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

/** Options given as `undefined` count as not given; `null` is a wrong value, not a default. */
function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

function checkObject(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`Expected \`${name}\` to be an object, got ${describe(value)}`);
  }
}

/** `min`: 0 (non-negative), 1 (positive) or 'priority' (from −MAX_PRIORITY to MAX_PRIORITY). */
function checkInteger(name: string, value: unknown, min: 0 | 1 | 'priority'): number {
  const kind =
    min === 'priority'
      ? `an integer from ${-MAX_PRIORITY} to ${MAX_PRIORITY}`
      : min === 1
        ? 'a positive integer'
        : 'a non-negative integer';
  const expected = `Expected \`${name}\` to be ${kind}, got ${describe(value)}`;
  if (typeof value !== 'number') throw new TypeError(expected);
  const low = min === 'priority' ? -MAX_PRIORITY : min;
  const high = min === 'priority' ? MAX_PRIORITY : Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < low || value > high) throw new RangeError(expected);
  return value;
}

function checkBackoff(backoff: unknown): Required<Backoff> {
  checkObject('backoff', backoff);
  const { type = 'exponential', baseMs, maxMs = Number.POSITIVE_INFINITY } = backoff as Backoff;
  if (type !== 'fixed' && type !== 'linear' && type !== 'exponential') {
    throw new TypeError(`Expected \`backoff.type\` to be 'fixed', 'linear' or 'exponential', got ${describe(type)}`);
  }
  checkInteger('backoff.baseMs', baseMs, 0);
  if (maxMs !== Number.POSITIVE_INFINITY) checkInteger('backoff.maxMs', maxMs, 0);
  return { type, baseMs, maxMs };
}

function checkWorkerId(workerId: unknown): void {
  if (typeof workerId !== 'string' || workerId === '') {
    throw new TypeError(`Expected \`workerId\` to be a non-empty string, got ${describe(workerId)}`);
  }
}

function checkLease(jobId: unknown, leaseToken: unknown): void {
  if (typeof jobId !== 'string' || jobId === '') {
    throw new TypeError(`Expected \`jobId\` to be a non-empty string, got ${describe(jobId)}`);
  }
  if (typeof leaseToken !== 'string' || leaseToken === '') {
    throw new TypeError(`Expected \`leaseToken\` to be a non-empty string, got ${describe(leaseToken)}`);
  }
}

function serialize(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new TypeError(`Expected \`payload\` to be JSON-serializable, got ${describe(payload)}`, { cause: error });
  }
  if (json === undefined) throw new TypeError(`Expected \`payload\` to be JSON-serializable, got ${describe(payload)}`);
  return json;
}
