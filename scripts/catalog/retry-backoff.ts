import type { Kata } from '../catalog.ts';

export const retryBackoff: Kata = {
  id: 'retry-backoff',
  title: 'Retry with backoff',
  system: 'job-processor',
  difficulty: 'medium',
  summary:
    'Backoff delays (fixed, linear, exponential, capped, with AWS full, equal and decorrelated jitter) as pure functions, then a retry runner with a retryable predicate, abort signal and time budget.',
  related: ['job-processor', 'circuit-breaker', 'durable-job-queue'],
  levels: [
    {
      title: 'Delays',
      minutes: [10, 20],
      hints: [
        { text: 'Validate first (retry, base, backoff), then compute the curve with a switch on `backoff`.' },
        {
          text: 'Exponential is `base * 2 ** (retry - 1)`: the exponent is retry − 1, so retry 1 waits exactly base.',
          forTest: 'exponential',
        },
        {
          text: '`0 * Infinity` is NaN: with base 0, return 0 before multiplying.',
          forTest: 'base 0',
        },
      ],
    },
    {
      title: 'Caps and jitter',
      minutes: [20, 30],
      hints: [
        { text: 'Cap the curve first (`temp = Math.min(maxDelay, curve)`), then jitter inside [0, temp].' },
        {
          text: 'full: `random() * temp`; equal: `temp / 2 + random() * (temp / 2)`. Call random() once per delay, and not at all without jitter.',
          forTest: 'jitter',
        },
        {
          text: 'decorrelated: `Math.min(maxDelay, base + random() * (previous * 3 - base))`, with previous = base for the first retry.',
          forTest: 'decorrelated',
        },
        {
          text: 'delaySchedule is a loop that feeds each delay back in as `previousDelay`.',
          forTest: 'delaySchedule',
        },
      ],
    },
    {
      title: 'Retry runner',
      minutes: [30, 45],
      hints: [
        { text: 'A `for (let attempt = 1; ; attempt++)` loop with try/catch around `await fn({ attempt, signal })`.' },
        {
          text: 'After a failure: push the error, then check retryable, then whether attempts are used up — only then compute the delay and sleep.',
          forTest: 'attempts',
        },
        {
          text: 'The default sleep is `new Promise((resolve) => setTimeout(resolve, delay))`; fake timers drive it in the spec.',
          forTest: 'waits',
        },
        {
          text: 'Make the function `async`, so that bad input rejects the returned promise instead of throwing.',
          forTest: 'rejects',
        },
      ],
    },
    {
      title: 'Abort and time budget',
      minutes: [30, 45],
      hints: [
        { text: 'Check `signal.aborted` before the first try, after each failed try, and after each wait.' },
        {
          text: 'To stop a wait at once, race the sleep with a promise that resolves on the signal’s `abort` event.',
          forTest: 'ends a wait at once',
        },
        {
          text: 'Read `now()` once before the first try; before each wait, give up if `now() - start + delay >= maxElapsed`.',
          forTest: 'budget',
        },
      ],
    },
  ],
};
