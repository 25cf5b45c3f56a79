import type { Kata } from '../catalog.ts';

export const circuitBreaker: Kata = {
  id: 'circuit-breaker',
  title: 'Circuit breaker',
  system: 'job-processor',
  difficulty: 'medium',
  summary:
    'Wrap async calls in a closed → open → half-open state machine: fail fast while a dependency is down, probe it with a few trials, and ignore outcomes from a period that has passed.',
  related: ['retry-backoff', 'job-processor'],
  levels: [
    {
      title: 'Closed and open',
      minutes: [15, 20],
      hints: [
        {
          text: 'Keep a `state` field and a count of consecutive failures; `execute` is an `async` method, so a synchronous throw becomes a rejection for free.',
        },
        {
          text: 'Wrap `await fn()` in try/catch: record the outcome in both branches, then return the value or rethrow the same error.',
          forTest: 'records the outcome before the caller sees it',
        },
        {
          text: 'Remember when the circuit opened (`now()` at the failure that opened it); retryAfterMs is `openedAt + cooldownMs - now()`.',
          forTest: 'carries the time until retry',
        },
      ],
    },
    {
      title: 'Half-open trials',
      minutes: [20, 30],
      hints: [
        {
          text: 'No timers: before answering `state` or `execute`, check whether an open circuit has reached `openedAt + cooldownMs` and switch to half-open then.',
          forTest: 'the cool-down',
        },
        {
          text: 'Count the trials in flight; increment when one is let through, decrement when it settles.',
          forTest: 'halfOpenMaxCalls',
        },
        {
          text: 'Give each state period a number, bumped at every transition. A call remembers the number it started under; when it settles under another number, ignore its outcome.',
          forTest: 'stale outcomes are ignored',
        },
      ],
    },
    {
      title: 'Failure predicate and events',
      minutes: [15, 25],
      hints: [
        {
          text: 'Call `isFailure(error)` inside its own try/catch in the rejection branch; `false` records a success.',
          forTest: 'isFailure',
        },
        {
          text: 'Route every transition through one private method that sets the new state and its counters first, then calls the listener.',
          forTest: 'is called once the breaker is in the new state',
        },
      ],
    },
    {
      title: 'Failure rate over a rolling window',
      minutes: [25, 40],
      hints: [
        {
          text: 'Keep the settled outcomes of the current closed period as a queue of (time, failed), plus a running count of failures.',
        },
        {
          text: 'Before judging, drop outcomes from the front while `now >= at + windowMs`: the same boundary as a TTL.',
          forTest: 'the rolling window',
        },
        {
          text: 'Open only when the window holds at least `minimumCalls` and `failures / calls >= threshold`; empty the window on every transition.',
          forTest: 'opening on a rate',
        },
      ],
    },
  ],
};
