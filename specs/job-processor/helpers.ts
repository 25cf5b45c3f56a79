/**
 * Shared by the job-processor specs: fake time, and handlers the test finishes by hand.
 *
 * Every spec runs under `vi.useFakeTimers({ now: 0 })` and gives the processor `now: () => Date.now()`, which the
 * fake timers drive. `flush()` lets every pending promise callback run without moving the clock; `advance(ms)` moves
 * the clock and runs the timers due on the way, flushing promises between them.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { JobContext, JobProcessor } from '../../katas/job-processor/index.ts';

/** Installs fake timers at t=0 for every test of the calling file. */
export function useFakeTime(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** The clock option every spec passes: the fake `Date.now`. */
export const now = (): number => Date.now();

/** Runs every pending promise callback (and zero-delay timer) without moving the clock. */
export async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

/** Moves the fake clock by `ms`, running timers and promise callbacks on the way. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

interface Call<R> {
  readonly payload: string;
  readonly context: JobContext;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A handler whose calls stay pending until the test settles them: `succeed('a', 1)` resolves the latest call with
 * payload 'a', `fail('a', error)` rejects it. `started` lists the payloads in the order the handler was called, and
 * `active` how many calls are unsettled (calls whose signal aborted count as settled: they honour it).
 */
export class Manual<R = string> {
  readonly started: string[] = [];
  readonly calls: Call<R>[] = [];
  readonly #pending = new Map<string, Call<R>>();
  #active = 0;
  #maxActive = 0;
  /** Called at the start of every call, e.g. to check the worker bound from inside the handler. */
  onStart: (() => void) | undefined;

  readonly handler = (payload: string, context: JobContext): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      this.started.push(payload);
      this.#active++;
      this.#maxActive = Math.max(this.#maxActive, this.#active);
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        this.#active--;
        this.#pending.delete(payload);
        return true;
      };
      const call: Call<R> = {
        payload,
        context,
        resolve: (value) => settle() && resolve(value),
        reject: (error) => settle() && reject(error),
      };
      context.signal.addEventListener('abort', () => call.reject(context.signal.reason));
      this.calls.push(call);
      this.#pending.set(payload, call);
      this.onStart?.();
    });

  /** How many calls are running (started, not settled, not aborted). */
  get active(): number {
    return this.#active;
  }

  /** The most calls that were ever running at once. */
  get maxActive(): number {
    return this.#maxActive;
  }

  /** The context of the latest call with this payload. */
  context(payload: string): JobContext {
    const call = this.calls.findLast((candidate) => candidate.payload === payload);
    if (call === undefined) throw new Error(`the handler was never called with '${payload}'`);
    return call.context;
  }

  succeed(payload: string, value: R): void {
    this.#take(payload).resolve(value);
  }

  fail(payload: string, error: unknown): void {
    this.#take(payload).reject(error);
  }

  #take(payload: string): Call<R> {
    const call = this.#pending.get(payload);
    if (call === undefined) throw new Error(`no pending call with payload '${payload}'`);
    return call;
  }
}

/** How many of `processor`'s jobs are in each state, read from the job handles. */
export function statesOf(jobs: readonly { readonly state: string }[]): string[] {
  return jobs.map((job) => job.state);
}

/** Submits one job per payload with the same handler and options. */
export function submitAll<R>(
  processor: JobProcessor,
  manual: Manual<R>,
  payloads: readonly string[],
  options: Parameters<JobProcessor['submit']>[2] = {},
) {
  return payloads.map((payload) => processor.submit(manual.handler, payload, options));
}

/** Whether `promise` has settled, after flushing. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await flush();
  return settled;
}
