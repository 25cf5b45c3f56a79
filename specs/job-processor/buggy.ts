/**
 * Known-buggy job processors: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'worker-bound-off-by-one',
    bug: 'a worker is free while running <= maxWorkers, so a burst runs maxWorkers + 1 jobs',
    killedBy: 'never runs more than maxWorkers',
    patch: [['return this.#running.size < this.#maxWorkers;', 'return this.#running.size <= this.#maxWorkers;']],
  },
  {
    name: 'priority-flipped',
    bug: 'the lowest priority number runs first',
    killedBy: 'starts the waiting job with the highest priority number first',
    patch: [['return a.priority > b.priority;', 'return a.priority < b.priority;']],
  },
  {
    name: 'lifo-among-equals',
    bug: 'jobs of equal priority that became ready together run newest first (a stack, not a queue)',
    killedBy: 'starts jobs of equal priority in submission order',
    patch: [['      return a.seq < b.seq;\n', '      return a.seq > b.seq;\n']],
  },
  {
    name: 'order-by-submission-not-readiness',
    bug: 'a delayed job keeps its submission place, jumping ahead of jobs that were ready long before it',
    killedBy: 'orders equal priorities by the time they became ready',
    patch: [['      if (a.readyAt !== b.readyAt) return a.readyAt < b.readyAt;\n', '']],
  },
  {
    name: 'delayed-runs-early',
    bug: 'a delayed job becomes ready one millisecond before its due time',
    killedBy: "a job with delayMs 100 is 'delayed' at t=99",
    patch: [
      ['      if (next.readyAt > now) {', '      if (next.readyAt - 1 > now) {'],
      ['    this.#cancelWake = this.#alarm(at, () => {', '    this.#cancelWake = this.#alarm(at - 1, () => {'],
    ],
  },
  {
    name: 'long-delay-overflows',
    bug: 'delays are handed to setTimeout as they are: one above 2^31 − 1 ms fires at once',
    killedBy: 'exceeds the longest setTimeout delay',
    patch: [
      ['const MAX_TIMER_DELAY: Milliseconds = 2_147_483_647;', 'const MAX_TIMER_DELAY: Milliseconds = Infinity;'],
      ['        if (this.#now() < at) arm();\n        else callback();', '        callback();'],
      ['      if (next.readyAt > now) {', '      if (false as boolean) {'],
    ],
  },
  {
    name: 'queue-full-off-by-one',
    bug: 'the queue accepts maxQueueSize + 1 waiting jobs',
    killedBy: 'then rejects with QueueFullError',
    patch: [['this.size >= this.#maxQueueSize', 'this.size > this.#maxQueueSize']],
  },
  {
    name: 'sync-throw-escapes',
    bug: 'a handler that throws synchronously makes submit throw instead of failing the job',
    killedBy: 'throws synchronously',
    patch: [['      outcome = Promise.reject(error);', '      throw error;']],
  },
  {
    name: 'onidle-ignores-delayed',
    bug: 'onIdle resolves while a delayed job has not run yet',
    killedBy: 'keeps onIdle pending while a job is delayed',
    patch: [['return c.queued + c.delayed + c.running === 0;', 'return c.queued + c.running === 0;']],
  },
  {
    name: 'timeout-from-submit',
    bug: 'the timeout clock starts at submit, so time spent waiting in the queue counts',
    killedBy: 'starts the timeout when the job starts, not when it is submitted',
    patch: [['this.#alarm(now + timeoutMs, () => {', 'this.#alarm(entry.submittedAt + timeoutMs, () => {']],
  },
  {
    name: 'late-result-overwrites-timeout',
    bug: 'a handler that resolves after its timeout turns the failed job into a succeeded one',
    killedBy: 'ignores what the handler returns later',
    patch: [
      [
        '        if (entry.controller !== controller) return;\n        this.#endAttempt(entry);\n        entry.result = result;',
        '        if (entry.state !== "failed" && entry.controller !== controller) return;\n        this.#endAttempt(entry);\n        entry.result = result;',
      ],
    ],
  },
  {
    name: 'retry-count-off-by-one',
    bug: 'attempts counts retries instead of tries: the handler runs attempts + 1 times',
    killedBy: 'calls the handler exactly attempts',
    patch: [['if (entry.attempts < entry.maxAttempts) {', 'if (entry.attempts <= entry.maxAttempts) {']],
  },
  {
    name: 'backoff-starts-at-2x-base',
    bug: 'the first retry waits 2 × base instead of base',
    killedBy: "before retry n ('no cap')",
    patch: [['this.#baseDelayMs * 2 ** (n - 1)', 'this.#baseDelayMs * 2 ** n']],
  },
  {
    name: 'no-cap',
    bug: 'maxDelayMs is ignored: waits keep doubling',
    killedBy: "before retry n ('cap 250')",
    patch: [['Math.min(this.#maxDelayMs, this.#baseDelayMs', 'Math.max(0, this.#baseDelayMs']],
  },
  {
    name: 'jitter-above-cap',
    bug: 'full jitter draws from the uncapped wait, so a retry can wait longer than maxDelayMs',
    killedBy: 'with full jitter',
    patch: [['Math.floor(this.#random() * capped)', 'Math.floor(this.#random() * this.#baseDelayMs * 2 ** (n - 1))']],
  },
  {
    name: 'dlq-missing-last-error',
    bug: 'the dead letter keeps every error but the last one',
    killedBy: 'holds a job that used up its attempts, with every error seen',
    patch: [['      errors: entry.errors,\n', '      errors: entry.errors.slice(0, -1),\n']],
  },
  {
    name: 'cancel-running-not-signalled',
    bug: 'cancelling a running job frees its worker but never aborts the handler’s signal',
    killedBy: 'aborts a running job',
    patch: [['      controller?.abort(reason);', '      void controller;']],
  },
  {
    name: 'cancelled-queued-still-runs',
    bug: 'a job cancelled while queued is still started when it reaches the front',
    killedBy: 'removes a queued job',
    patch: [
      [
        "      if (entry.state !== 'queued') continue;",
        "      if (entry.state !== 'queued' && entry.state !== 'cancelled') continue;",
      ],
    ],
  },
  {
    name: 'intake-open-after-close',
    bug: 'close() lets running work finish but still accepts new jobs',
    killedBy: 'stops intake at once',
    patch: [['    if (this.#closing) throw new ProcessorClosedError();\n', '']],
  },
  {
    name: 'close-drops-queued',
    bug: 'a graceful close throws away the jobs still waiting in the queue',
    killedBy: 'lets running jobs finish and still runs queued and delayed ones',
    patch: [
      [
        '    if (force) this.#shutDown();',
        "    if (!force) for (const entry of this.#ready.clear()) if (entry.state === 'queued') this.#cancel(entry, new ShutdownError());\n    if (force) this.#shutDown();",
      ],
    ],
  },
  {
    name: 'force-loses-unstarted',
    bug: 'a forced close cancels the waiting jobs but does not hand them back',
    killedBy: 'resolves with the jobs that never started',
    patch: [['      this.#unstarted.push(entry.job);\n', '']],
  },
  {
    name: 'wait-measured-from-submit',
    bug: 'wait time is measured from submit, counting a delayed job’s delay and a retry’s backoff as waiting',
    killedBy: 'measures wait from the time a job became ready',
    patch: [['this.#wait.record(now - entry.readyAt);', 'this.#wait.record(now - entry.submittedAt);']],
  },
  {
    name: 'retries-not-counted',
    bug: 'the retries metric never moves',
    killedBy: 'counts each retry scheduled',
    patch: [['      this.#retries++;\n', '']],
  },
  {
    name: 'dispatch-deferred',
    bug: 'submit queues every job and starts it a microtask later, even when a worker is free',
    killedBy: 'starts a job at once when a worker is free',
    patch: [
      [
        '    else this.#delay(entry);\n    this.#dispatch();\n    return entry.job',
        '    else this.#delay(entry);\n    queueMicrotask(() => this.#dispatch());\n    return entry.job',
      ],
    ],
  },
  {
    name: 'retry-without-backoff',
    bug: 'a failed attempt is retried at once, ignoring the backoff policy',
    killedBy: 'never retries early',
    patch: [['entry.readyAt = now + this.#backoff(entry.attempts);', 'entry.readyAt = now;']],
  },
  {
    name: 'dlq-only-last-error',
    bug: 'each failed attempt replaces the error list, so the dead letter holds only the last error',
    killedBy: 'holds a job that used up its attempts, with every error seen',
    patch: [['    entry.errors.push(error);\n', '    entry.errors = [error];\n']],
  },
  {
    name: 'force-leaves-running',
    bug: 'a forced close cancels the waiting jobs but lets running ones go on',
    killedBy: 'with force, aborts running jobs',
    patch: [['    for (const entry of [...this.#running]) this.#cancel(entry, new ShutdownError());\n', '']],
  },
  {
    name: 'close-timeout-ignored',
    bug: 'close({ timeoutMs }) waits for ever, like a plain graceful close',
    killedBy: 'forces the close only once the time is up',
    patch: [
      [
        'this.#cancelCloseTimer = this.#alarm(this.#now() + timeoutMs, () => this.#shutDown());',
        'this.#cancelCloseTimer = undefined;',
      ],
    ],
  },
  {
    name: 'duplicate-key-creates-job',
    bug: 'the idempotency key is stored but never looked up: a duplicate submit runs the job twice',
    killedBy: 'returns the unfinished job with the same key',
    patch: [['    if (existing !== undefined) return existing.job as unknown as Job<P, R>;\n', '']],
  },
  {
    name: 'key-never-freed',
    bug: 'a finished job keeps its key, so the same key can never run again',
    killedBy: 'frees the key once the job has',
    patch: [['    if (entry.key !== undefined) this.#byKey.delete(entry.key);\n', '']],
  },
  {
    name: 'no-event-on-submit',
    bug: 'the listener hears about transitions but not about the job being submitted',
    killedBy: 'reports submit, start and success',
    patch: [['    this.#onStateChange?.({ job: entry.job, from: null, to: entry.state });\n', '']],
  },
  {
    name: 'event-before-counts',
    bug: 'the listener runs before the counts are updated, so it sees the old metrics',
    killedBy: 'has the counts and the result already updated',
    patch: [
      [
        '    const from = entry.state;\n    this.#counts[from]--;\n    entry.state = state;\n    this.#counts[state]++;\n    this.#onStateChange?.({ job: entry.job, from, to: state });',
        '    const from = entry.state;\n    this.#onStateChange?.({ job: entry.job, from, to: state });\n    this.#counts[from]--;\n    entry.state = state;\n    this.#counts[state]++;',
      ],
    ],
  },
  {
    name: 'queue-full-ignores-free-worker',
    bug: 'a full queue refuses even a job that could start at once on a free worker',
    killedBy: 'accepts a job that can start at once even when delayed jobs fill the queue',
    patch: [
      [
        'if (!(due && this.#hasFreeWorker()) && this.size >= this.#maxQueueSize) {',
        'if (this.size >= this.#maxQueueSize) {',
      ],
    ],
  },
  {
    name: 'timeout-not-retried',
    bug: 'a timed-out attempt fails the job for good, even with attempts left',
    killedBy: 'retries a timed-out attempt',
    patch: [
      [
        '        controller.abort(error);\n        this.#attemptFailed(entry, error);',
        "        controller.abort(error);\n        this.#endAttempt(entry);\n        entry.errors.push(error);\n        entry.error = error;\n        this.#finish(entry, 'failed');",
      ],
    ],
  },
  {
    name: 'percentile-rank-off-by-one',
    bug: 'the percentile takes the sample at rank ⌈p·n/100⌉ + 1 (capped at the largest), one rank too high',
    killedBy: 'nearest-rank p50 and p95 of run time',
    patch: [
      [
        'return sorted[Math.ceil((p * sorted.length) / 100) - 1] as number;',
        'return sorted[Math.min(sorted.length - 1, Math.ceil((p * sorted.length) / 100))] as number;',
      ],
    ],
  },
  {
    name: 'percentile-floor-rank',
    bug: 'the rank is rounded down (index ⌊p·n/100⌋ − 1, clamped at 0) instead of up',
    killedBy: 'nearest-rank p50 and p95 of run time',
    patch: [
      [
        'return sorted[Math.ceil((p * sorted.length) / 100) - 1] as number;',
        'return sorted[Math.max(0, Math.floor((p * sorted.length) / 100) - 1)] as number;',
      ],
    ],
  },
  {
    name: 'percentile-interpolated',
    bug: 'the percentile interpolates between neighbouring samples instead of returning one of them',
    killedBy: 'nearest-rank p50 and p95 of run time',
    patch: [
      [
        'return sorted[Math.ceil((p * sorted.length) / 100) - 1] as number;',
        'const at = ((sorted.length - 1) * p) / 100;\n  const low = sorted[Math.floor(at)] as number;\n  return low + ((sorted[Math.ceil(at)] as number) - low) * (at - Math.floor(at));',
      ],
    ],
  },
  {
    name: 'percentile-sorts-as-strings',
    bug: "the samples are sorted with a plain array's default sort, which compares them as strings (100 < 20 < 3)",
    killedBy: 'sorted as numbers, not as strings',
    patch: [
      [
        'const sorted = this.#ring.slice(0, Math.min(this.count, PERCENTILE_WINDOW)).sort();',
        'const sorted = Float64Array.from(Array.from(this.#ring.slice(0, Math.min(this.count, PERCENTILE_WINDOW))).sort());',
      ],
    ],
  },
  {
    name: 'percentile-window-never-forgets',
    bug: 'the percentiles cover every sample ever recorded (memory grows with every attempt)',
    killedBy: 'keeps only the last 1000 samples',
    patch: [
      ['  readonly #ring = new Float64Array(PERCENTILE_WINDOW);', '  readonly #ring: number[] = [];'],
      ['    this.#ring[this.count % PERCENTILE_WINDOW] = ms;', '    this.#ring.push(ms);'],
      [
        'const sorted = this.#ring.slice(0, Math.min(this.count, PERCENTILE_WINDOW)).sort();',
        'const sorted = Float64Array.from(this.#ring).sort();',
      ],
    ],
  },
  {
    name: 'percentile-window-off-by-one',
    bug: 'the percentile window holds 1001 samples, not 1000',
    killedBy: 'keeps only the last 1000 samples',
    patch: [['const PERCENTILE_WINDOW = 1000;', 'const PERCENTILE_WINDOW = 1001;']],
  },
  {
    name: 'wait-percentile-from-submit',
    bug: 'the wait percentiles measure from submit, not from the time a delayed or retried job became ready',
    killedBy: 'measures wait percentiles from the ready time',
    patch: [
      [
        '  readonly #wait = new Timing();',
        '  readonly #wait = new Timing();\n  readonly #waitFromSubmit = new Timing();',
      ],
      [
        '    this.#wait.record(now - entry.readyAt);',
        '    this.#wait.record(now - entry.readyAt);\n    this.#waitFromSubmit.record(now - entry.submittedAt);',
      ],
      [
        '      wait: this.#wait.summary(),',
        '      wait: { ...this.#waitFromSubmit.summary(), totalMs: this.#wait.totalMs, maxMs: this.#wait.maxMs },',
      ],
    ],
  },
  {
    name: 'wait-percentile-from-dequeue',
    bug: 'the wait percentiles measure from dequeue to start, so every sample is 0',
    killedBy: 'measures wait percentiles from the ready time',
    patch: [['      wait: this.#wait.summary(),', '      wait: { ...this.#wait.summary(), p50Ms: 0, p95Ms: 0 },']],
  },
  {
    name: 'rate-over-lifetime',
    bug: 'the rate divides every job finished since creation by 60: jobs never leave the window',
    killedBy: 'in the last 60 seconds, per second',
    patch: [['    const oldest = this.#now() - RATE_WINDOW_MS;', '    const oldest = Number.NEGATIVE_INFINITY;']],
  },
  {
    name: 'rate-per-elapsed-second',
    bug: 'the rate divides by the seconds the processor has lived instead of the 60-second window',
    killedBy: 'in the last 60 seconds, per second',
    patch: [
      [
        '      ratePerSecond: this.#finishedInWindow() / (RATE_WINDOW_MS / 1000),',
        '      ratePerSecond: this.#finishedInWindow() / Math.max(1, Math.min(60, this.#now() / 1000)),',
      ],
    ],
  },
  {
    name: 'rate-window-keeps-its-edge',
    bug: 'a job finished exactly 60 seconds ago still counts (the window is closed at both ends)',
    killedBy: 'in the last 60 seconds, per second',
    patch: [['(times[this.#finishedHead] as number) <= oldest', '(times[this.#finishedHead] as number) < oldest']],
  },
  {
    name: 'rate-counts-cancelled-and-retried',
    bug: 'the rate counts every attempt that ends, including cancellations and attempts that will be retried',
    killedBy: 'in the last 60 seconds, per second',
    patch: [
      [
        "    if (state !== 'cancelled') {\n      this.#finishedAt.push(this.#now());\n      this.#finishedInWindow();\n    }\n",
        '',
      ],
      [
        '    this.#run.record(this.#now() - entry.startedAt);',
        '    this.#run.record(this.#now() - entry.startedAt);\n    this.#finishedAt.push(this.#now());',
      ],
    ],
  },
];
