import type { Kata } from '../catalog.ts';

export const jobProcessor: Kata = {
  id: 'job-processor',
  title: 'Job processor',
  system: 'job-processor',
  difficulty: 'hard',
  summary:
    'An in-process job queue with a worker limit, FIFO or priority order, delays, retries with backoff, timeouts, cancellation, a dead-letter queue, graceful shutdown and metrics.',
  related: ['priority-queue', 'retry-backoff', 'circuit-breaker', 'durable-job-queue'],
  levels: [
    {
      title: 'Submit and run with a worker limit',
      minutes: [20, 30],
      hints: [
        {
          text: 'Keep a queue of waiting jobs and a count of running ones; one private `dispatch()` starts jobs while a worker is free, and every transition calls it.',
        },
        {
          text: 'Call `dispatch()` at the end of `submit` and when a handler settles: then the bound is checked in exactly one place.',
          forTest: 'never runs more than maxWorkers',
        },
        {
          text: 'Wrap the handler call in try/catch and `Promise.resolve(...)`, so a synchronous throw and a plain return value go through the same path as a promise.',
          forTest: 'throws synchronously',
        },
        {
          text: 'Create `done` with the job and resolve it with `{ state, result }` or `{ state, error }`; never reject it, so nobody gets an unhandled rejection.',
          forTest: 'done resolves',
        },
        {
          text: 'Keep the `onIdle` resolvers in an array; after every transition, resolve them all when nothing is queued, delayed or running.',
          forTest: 'onIdle',
        },
      ],
    },
    {
      title: 'Priorities, delays and backpressure',
      minutes: [30, 45],
      hints: [
        {
          text: 'Order the waiting jobs by a key: (priority descending, ready time ascending, submission number ascending). A binary heap gives O(log n) per job.',
          forTest: 'priority',
        },
        {
          text: 'Keep delayed jobs in a second heap ordered by due time, and arm one timer for the earliest; when it fires, move every due job to the ready heap.',
          forTest: 'delayed',
        },
        {
          text: 'When a timer fires, ask `now()` whether the time has come; if not, arm the timer again for the rest. Never trust the timer alone.',
          forTest: 'never starts early',
        },
        {
          text: 'The queue limit applies only to jobs that must wait: check it after deciding whether the job can start at once.',
          forTest: 'QueueFullError',
        },
      ],
    },
    {
      title: 'Retries, timeouts, cancellation and dead letters',
      minutes: [45, 60],
      hints: [
        {
          text: '`attempts` counts every try: retry while `job.attempts < maxAttempts`, and the wait before retry n is `min(cap, base * 2 ** (n - 1))`.',
          forTest: 'attempts',
        },
        {
          text: 'A job waiting for its retry is just a delayed job whose ready time is the retry time: reuse the delayed heap.',
          forTest: 'retry',
        },
        {
          text: 'Give every attempt its own AbortController, and start the timeout timer in the function that starts the attempt, not in `submit`.',
          forTest: 'timeout',
        },
        {
          text: 'Ignore the settlement of an attempt that is no longer current: compare the attempt’s controller with the job’s current one.',
          forTest: 'ignores what',
        },
        {
          text: 'Cancelled jobs can stay in the heap (lazy deletion): skip them when popped, and keep the counts in counters.',
          forTest: 'cancel',
        },
        {
          text: 'Push every error to the job’s `errors` before deciding whether to retry; the dead letter copies the whole list.',
          forTest: 'dead letter',
        },
      ],
    },
    {
      title: 'Graceful shutdown, metrics, events and idempotency',
      minutes: [40, 60],
      hints: [
        {
          text: '`close()` is `onIdle()` plus a flag that makes `submit` throw; create its promise once and return it on every call.',
          forTest: 'close',
        },
        {
          text: 'Forcing: drain both heaps, cancel every waiting job with a ShutdownError (keep them for the result), then cancel the running ones.',
          forTest: 'force',
        },
        {
          text: 'Update one counter per state in a single `setState(job, state)` helper, and the metrics are a copy of the counters.',
          forTest: 'metrics',
        },
        {
          text: 'Wait time starts when the job became ready (submit, due time or retry time), not at submit: store the ready time on the job.',
          forTest: 'measures wait',
        },
        {
          text: 'Nearest rank: sort a copy of the last 1000 samples as numbers (`(a, b) => a - b`, or a Float64Array) and take index `Math.ceil((p * n) / 100) - 1`; keep the samples in a ring so memory stays bounded.',
          forTest: 'nearest-rank',
        },
        {
          text: 'For the rate, keep the finish times of jobs that succeeded or failed for good in a queue; drop those with `t <= now - 60000` and divide the rest by 60.',
          forTest: 'in the last 60 seconds',
        },
        {
          text: 'If every state change goes through one `setState` helper, the listener call belongs there, after the counters are updated.',
          forTest: 'state change events',
        },
        {
          text: 'A Map from key to unfinished job: look it up before the queue-full check, delete the key when the job finishes.',
          forTest: 'idempotency keys',
        },
      ],
    },
  ],
};
