import type { Kata } from '../catalog.ts';

export const fixedWindow: Kata = {
  id: 'fixed-window',
  title: 'Fixed window rate limiter',
  system: 'rate-limiter',
  difficulty: 'easy',
  summary:
    'A per-key counter per clock-aligned window, with exact retry times, bounded memory, and the 2× burst at a boundary.',
  related: ['token-bucket', 'sliding-window-counter', 'rate-limiter-factory'],
  levels: [
    {
      title: 'Core: counting in aligned windows',
      minutes: [15, 20],
      hints: [
        {
          text: 'The window of a time t is Math.floor(t / windowMs): every key shares the same windows, aligned to multiples of the length.',
          forTest: 'aligns to multiples',
        },
        { text: 'Count only what you allow: a denied request changes nothing.', forTest: 'does not count denied' },
        {
          text: 'Keep the latest window seen and never move it back: a clock set back must not reopen a window.',
          forTest: 'clock',
        },
      ],
    },
    {
      title: 'Costs and retry times',
      minutes: [15, 20],
      hints: [
        {
          text: 'Validate cost before anything changes: a number (TypeError), then an integer from 0 to the limit (RangeError).',
          forTest: 'rejects',
        },
        {
          text: 'A denied request is allowed again exactly when the next window starts: (window + 1) × windowMs − now.',
          forTest: 'retryAfterMs',
        },
      ],
    },
    {
      title: 'Many keys, bounded memory',
      minutes: [15, 20],
      hints: [
        {
          text: 'All keys change window at the same instant, so the counts of one window can live in one Map.',
          forTest: 'older window',
        },
        {
          text: 'At a window change, replace that Map with a new one: every stale count goes at once, in O(1).',
          forTest: 'O(1)',
        },
      ],
    },
  ],
};
