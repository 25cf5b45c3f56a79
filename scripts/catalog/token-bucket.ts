import type { Kata } from '../catalog.ts';

export const tokenBucket: Kata = {
  id: 'token-bucket',
  title: 'Token bucket rate limiter',
  system: 'rate-limiter',
  difficulty: 'medium',
  summary:
    'A per-key rate limiter whose buckets refill continuously, with exact retry times, bounded memory and a FIFO acquire.',
  related: [
    'fixed-window',
    'sliding-window-log',
    'sliding-window-counter',
    'rate-limiter-factory',
    'distributed-rate-limiter',
  ],
  levels: [
    {
      title: 'Core: a bucket that refills',
      minutes: [15, 20],
      hints: [
        {
          text: 'No timers: store the tokens and the time of the last refill, and bring the level up to date from the elapsed time whenever the key is used.',
        },
        {
          text: 'Keep fractions: at 1 token/s, 520 ms is 0.52 of a token. Count in thousandths of a token and a rate of r tokens/s adds exactly r per millisecond.',
          forTest: 'adds up fractions',
        },
        { text: 'Cap with Math.min(capacity, level + earned) on every refill.', forTest: 'never holds more' },
        {
          text: 'Measure time by the forward steps of the clock only: keep the last reading, add `reading - last` when positive, and always remember the new reading.',
          forTest: 'clock',
        },
      ],
    },
    {
      title: 'Costs and retry times',
      minutes: [20, 30],
      hints: [
        {
          text: 'Validate cost before anything changes: a number (TypeError), then an integer from 0 to the capacity (RangeError).',
          forTest: 'rejects',
        },
        {
          text: 'The wait is the missing tokens divided by the rate, rounded up to a whole millisecond: Math.ceil(missingThousandths / rate).',
          forTest: 'retryAfterMs',
        },
        {
          text: 'Check the rounding both ways: waiting retryAfterMs must be enough, and one millisecond less must not be.',
          forTest: '1 ms less is not',
        },
      ],
    },
    {
      title: 'Many keys, bounded memory',
      minutes: [20, 30],
      hints: [
        { text: 'A full bucket is the same as no bucket: forget it, and create a missing one full.' },
        {
          text: 'Keep the buckets in a list ordered by last use (a doubly linked list, as in the LRU kata). Each call drops full buckets from the old end and stops at the first that is not full.',
          forTest: 'gone after the next call',
        },
        {
          text: 'Why stopping is enough: every bucket behind the first non-full one was used more recently. Each bucket is dropped once, so the cost is amortised O(1).',
          forTest: 'O(1)',
        },
      ],
    },
    {
      title: 'Waiting for tokens',
      minutes: [30, 45],
      hints: [
        {
          text: 'One FIFO queue of { cost, resolve, reject } per key, and one setTimeout per waiting key, due when the head waiter can be paid.',
        },
        {
          text: 'Serve from the head only, and stop at the first waiter that does not fit: that is what keeps a big request from starving.',
          forTest: 'does not starve',
        },
        {
          text: 'Keep the total cost of the queue: a tryAcquire must wait for it plus its own cost.',
          forTest: 'tryAcquire while others wait',
        },
        {
          text: 'On abort, mark the waiter settled, subtract its cost, reject, then serve and reschedule: the head may have changed.',
          forTest: 'abort',
        },
      ],
    },
  ],
};
