import type { Kata } from '../catalog.ts';

export const rateLimiterFactory: Kata = {
  id: 'rate-limiter-factory',
  title: 'Rate limiter factory',
  system: 'rate-limiter',
  difficulty: 'hard',
  summary:
    'Four rate-limiting algorithms behind one interface, picked by a factory, with per-key limits, bounded memory for idle keys and an HTTP 429 middleware.',
  related: ['token-bucket', 'fixed-window', 'sliding-window-log', 'sliding-window-counter', 'distributed-rate-limiter'],
  levels: [
    {
      title: 'Four strategies behind one interface',
      minutes: [30, 45],
      hints: [
        {
          text: 'Write the keyed bookkeeping once (clock, Map of per-key states, validation) and give each algorithm only a small object of functions: fresh state, advance to now, remaining, consume, retry-after.',
        },
        {
          text: 'Keep every state in whole numbers: a token bucket can count tokens × window-milliseconds and refill maxRequests of those units per millisecond. Then retryAfterMs is an exact ceiling division, never off by one.',
          forTest: 'retryAfterMs is exact',
        },
        {
          text: 'Fixed windows start at Math.floor(now / W) * W, not at the first request.',
          forTest: 'aligns windows to multiples',
        },
        {
          text: 'A log entry made at t counts while now < t + W. When denied, the wait is until enough of the oldest entries have expired: walk (or binary-search) cumulative costs from the oldest.',
          forTest: 'waits for enough of the oldest requests',
        },
        {
          text: 'Counter: multiply the estimate by W to stay in integers: previous × (W − elapsed) + (current + cost) × W ≤ max × W. The estimate only falls as time passes, so the wait is the first instant that inequality holds, in this window or the next.',
          forTest: 'waits inside the window',
        },
        {
          text: 'Keep the latest clock reading and use max(now(), latest): a clock that goes backwards then adds nothing and opens nothing.',
          forTest: 'backwards',
        },
      ],
    },
    {
      title: 'Many keys, bounded memory',
      minutes: [20, 30],
      hints: [
        {
          text: 'A key whose state equals a fresh key’s (bucket full, window over, log empty) can be deleted without changing any decision. Only store a key when a request actually takes something.',
          forTest: 'does not track a key',
        },
        {
          text: 'Do a little cleaning on every call: keep a Map iterator alive between calls, look at the next two entries, delete them if idle, and start a new iterator when it is done.',
          forTest: 'forgets 100,000 idle keys',
        },
        {
          text: 'One entry per call is not enough when every call brings a new key: the cursor never catches up with the end of the Map.',
          forTest: 'stays bounded',
        },
        {
          text: 'Never sweep the whole Map in one call, and never call map.keys().next() afresh to find the oldest key: both are O(n).',
          forTest: 'O(1)',
        },
      ],
    },
    {
      title: 'Per-key limits',
      minutes: [15, 20],
      hints: [
        {
          text: 'Resolve the limit when a key is first stored and keep it in the key’s state: overrides first, then limitFor, then the default.',
        },
        {
          text: 'Copy overrides into a Map at creation (Object.entries): a plain-object lookup finds "constructor" and "toString" on the prototype.',
          forTest: 'overrides are looked up as own keys only',
        },
        {
          text: "Validate what limitFor returns with the same function as the options, with a name prefix like limitFor('vip').",
          forTest: 'limitFor and the key',
        },
      ],
    },
    {
      title: 'HTTP 429 and RateLimit headers',
      minutes: [20, 30],
      hints: [
        {
          text: 'Retry-After and RateLimit-Reset are delta-seconds: Math.ceil(ms / 1000), so a client that waits that long is always allowed.',
          forTest: 'rounds',
        },
        {
          text: 'Infinity is not a number of seconds: leave Retry-After out when the request can never succeed.',
          forTest: 'can never be allowed',
        },
        {
          text: 'Wrap the tryAcquire call (and the key and cost functions) in try/catch and hand errors to next(error); set headers only once you have a decision.',
          forTest: 'passes the error to next',
        },
      ],
    },
  ],
};
