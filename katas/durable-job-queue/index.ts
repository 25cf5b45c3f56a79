/**
 * Durable job queue on Redis — your implementation goes here.
 *
 * Read katas/durable-job-queue/README.md for the contract, level by level. `npm run kata durable-job-queue` runs
 * the specs on every save (they start a private redis-server). Replace each `throw` with real code; keep the
 * exported names and signatures, the specs import them.
 *
 * Rules that shape the design: every state change is ONE Lua script called by SHA (EVALSHA, loaded again on
 * NOSCRIPT), and every instant is the Redis server's (TIME inside the script), never Date.now().
 */
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
export class DurableQueue<P = unknown> {
  /**
   * Level 1. A queue whose keys all start with `options.prefix`, on the caller's ioredis client.
   * @throws TypeError when `redis` is not a client or `prefix` is not a non-empty string.
   */
  constructor(options: DurableQueueOptions) {
    void options;
    throw new Error('Not implemented: DurableQueue constructor (katas/durable-job-queue/index.ts)');
  }

  /** Level 1. The prefix given. */
  get prefix(): string {
    throw new Error('Not implemented: DurableQueue.prefix');
  }

  /**
   * Level 1. Stores a job and returns its id. Level 2: `priority` (higher first), `delayMs`. Level 3:
   * `maxAttempts` (default 3), `backoff` (default exponential from 1000 ms).
   */
  enqueue(payload: P, options: EnqueueOptions = {}): Promise<JobId> {
    void payload;
    void options;
    throw new Error('Not implemented: DurableQueue.enqueue');
  }

  /** Level 1. The next ready job under a new lease of `leaseMs` (default 30000), or null. Level 4: recovers first. */
  reserve(workerId: string, options: ReserveOptions = {}): Promise<ReservedJob<P> | null> {
    void workerId;
    void options;
    throw new Error('Not implemented: DurableQueue.reserve');
  }

  /** Level 1. Extends a live lease to now + leaseMs; returns the new expiry. @throws LeaseLostError */
  heartbeat(jobId: JobId, leaseToken: string, options: ReserveOptions = {}): Promise<Milliseconds> {
    void jobId;
    void leaseToken;
    void options;
    throw new Error('Not implemented: DurableQueue.heartbeat');
  }

  /** Level 1. The job succeeded: deleted, nothing left per job. @throws LeaseLostError */
  ack(jobId: JobId, leaseToken: string): Promise<void> {
    void jobId;
    void leaseToken;
    throw new Error('Not implemented: DurableQueue.ack');
  }

  /** Level 3. The attempt failed: retried after its backoff, or dead-lettered. @throws LeaseLostError */
  fail(jobId: JobId, leaseToken: string, error: unknown): Promise<FailResult> {
    void jobId;
    void leaseToken;
    void error;
    throw new Error('Not implemented: DurableQueue.fail');
  }

  /** Level 4. Takes back the jobs whose lease expired; returns how many. */
  recoverStalled(): Promise<number> {
    throw new Error('Not implemented: DurableQueue.recoverStalled');
  }

  /** Level 1. The job, or null once acknowledged (or never enqueued). */
  get(jobId: JobId): Promise<JobInfo<P> | null> {
    void jobId;
    throw new Error('Not implemented: DurableQueue.get');
  }

  /** Level 3. Dead-lettered jobs in the order they failed, each with all its errors. */
  deadLetters(): Promise<JobInfo<P>[]> {
    throw new Error('Not implemented: DurableQueue.deadLetters');
  }

  /** Level 1. How many jobs are in each state; `succeeded` counts acknowledged jobs. */
  counts(): Promise<QueueCounts> {
    throw new Error('Not implemented: DurableQueue.counts');
  }
}

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
  /**
   * Level 4. Starts at once: reserve → handler → ack or fail, heartbeating while the handler runs.
   * @throws TypeError/RangeError for bad options (`heartbeatMs` must be below `leaseMs`).
   */
  constructor(queue: DurableQueue<P>, handler: JobHandler<P>, options: WorkerOptions) {
    void queue;
    void handler;
    void options;
    throw new Error('Not implemented: Worker constructor (katas/durable-job-queue/index.ts)');
  }

  /** Level 4. Jobs acknowledged, failed, and leases found lost, by this worker. */
  get stats(): WorkerStats {
    throw new Error('Not implemented: Worker.stats');
  }

  /** Level 4. Stops reserving; resolves once the job in hand has been acknowledged or failed. */
  close(): Promise<void> {
    throw new Error('Not implemented: Worker.close');
  }
}
