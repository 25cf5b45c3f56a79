import type { Kata } from '../catalog.ts';

export const slidingWindowCounter: Kata = {
  id: 'sliding-window-counter',
  title: 'Sliding-window counter rate limiter',
  system: 'rate-limiter',
  difficulty: 'medium',
  summary:
    'An approximate sliding window from two counters per key, previous × (1 − elapsed/W) + current, with a proved error bound.',
  related: ['sliding-window-log', 'fixed-window', 'rate-limiter-factory'],
  levels: [
    {
      title: 'Core: the weighted estimate',
      minutes: [20, 30],
      hints: [
        {
          text: 'Per key keep three numbers: the index of the aligned window `current` counts (floor(t / W)), `previous` and `current`.',
        },
        {
          text: 'Before reading the counters, roll them forward: one window on, current becomes previous and current 0; two or more, both 0.',
          forTest: 'aligns windows to multiples of windowMs',
        },
        {
          text: 'elapsed = now − floor(now / W) × W. The estimate is previous × (W − elapsed) / W + current.',
          forTest: 'estimate',
        },
        {
          text: 'Compare without rounding: previous × (W − elapsed) ≤ (limit − current − cost) × W is exact in integers.',
          forTest: 'compares exactly',
        },
      ],
    },
    {
      title: 'Costs and retryAfterMs',
      minutes: [20, 30],
      hints: [
        {
          text: 'remaining = limit − current − ceil(previous × (W − elapsed) / W): the largest cost that fits now.',
          forTest: 'remaining',
        },
        {
          text: 'If current + cost ≤ limit, the request fits later in this window: solve previous × (W − e) = (limit − current − cost) × W for e.',
          forTest: 'retryAfterMs 125',
        },
        {
          text: 'Otherwise wait for the next window, where current becomes the fading share: it fits from W × (1 − (limit − cost) / current) after the boundary. Round the wait up with Math.ceil.',
          forTest: 'current alone is too much',
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
        { text: 'A Map from key to its counters; create them only when a request with cost > 0 is admitted.' },
        {
          text: 'A key is idle from two windows after its last admission. Keep keys in a doubly linked list ordered by last admission (move to the tail on each admission).',
          forTest: 'keeps a key used again',
        },
        {
          text: 'On every call, drop idle keys from the head of the list until the head is active: O(1) amortised, no scan of the Map.',
          forTest: 'drops idle keys in O(1)',
        },
      ],
    },
  ],
};
