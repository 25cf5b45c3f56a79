import type { Kata } from '../catalog.ts';

export const slidingWindowLog: Kata = {
  id: 'sliding-window-log',
  title: 'Sliding-window log rate limiter',
  system: 'rate-limiter',
  difficulty: 'medium',
  summary: 'An exact rate limiter: at most N units per key in any window (now − W, now], with pruned per-key logs.',
  related: ['sliding-window-counter', 'fixed-window', 'rate-limiter-factory'],
  levels: [
    {
      title: 'Core: an exact sliding window',
      minutes: [15, 20],
      hints: [
        { text: 'Keep the times of the admissions still inside the window, oldest first; count them to decide.' },
        {
          text: 'A unit taken at t counts while now < t + windowMs: prune entries with t + windowMs <= now before counting.',
          forTest: 'exactly at t + windowMs',
        },
        {
          text: 'Record only admitted requests; a denial must leave no trace.',
          forTest: 'does not count denied requests',
        },
        {
          text: 'Pruning from the front of a plain array with shift() moves every element once the array is large. Use a ring buffer (head index + count, wrapping modulo its length).',
          forTest: 'prunes old units',
        },
      ],
    },
    {
      title: 'Costs and retryAfterMs',
      minutes: [20, 30],
      hints: [
        {
          text: 'Store (time, cost) per admission, or a running total of units admitted so far beside each time: units in use = total now − total at the last pruned entry.',
          forTest: 'at one instant: allowed [',
        },
        {
          text: "A denied request of cost c needs used + c − limit units to leave: walk (or binary-search the running totals) from the oldest entry until that many have left; the wait is that entry's time + windowMs − now.",
          forTest: 'retryAfterMs',
        },
        {
          text: 'Validate key and cost before reading the clock or changing anything; a cost above the limit is a RangeError.',
          forTest: 'rejects cost',
        },
        {
          text: 'Keep the latest clock reading and use max(reading, latest): time never runs backwards inside the limiter.',
          forTest: 'going backwards',
        },
      ],
    },
    {
      title: 'Many keys with bounded memory',
      minutes: [20, 30],
      hints: [
        { text: 'A Map from key to its log; create a log only when a request with cost > 0 is admitted.' },
        {
          text: 'A key is idle once its newest unit has left. Keep the keys in a doubly linked list ordered by their latest admission (move a key to the tail when it admits): the idle ones are always at the head.',
          forTest: 'whatever order keys were first seen',
        },
        {
          text: 'On every call, pop idle keys from the head of that list until the head is active: O(1) amortised, no scan of the Map.',
          forTest: 'drops idle keys in O(1)',
        },
      ],
    },
  ],
};
