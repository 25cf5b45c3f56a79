import type { Kata } from '../catalog.ts';

export const distributedRateLimiter: Kata = {
  id: 'distributed-rate-limiter',
  title: 'Distributed rate limiter on Redis',
  system: 'rate-limiter',
  difficulty: 'hard',
  summary:
    'A token bucket (then GCRA) shared by many processes through Redis: one Lua script per decision on the server clock, TTLs on every key, and a failure policy when Redis is down or slow.',
  related: ['token-bucket', 'rate-limiter-factory'],
  levels: [
    {
      title: 'Atomic token bucket in one script',
      minutes: [30, 45],
      hints: [
        {
          text: 'Write the whole decision in Lua: HMGET the hash { credits, ts }, refill, decide, HSET, PEXPIREAT. One EVALSHA per decision; the client only validates and reads the reply.',
        },
        {
          text: "Read the time inside the script: local t = redis.call('TIME'); now = t[1] * 1000 + floor(t[2] / 1000). Never pass Date.now() in ARGV.",
          forTest: 'server clock',
        },
        {
          text: 'Keep the token-bucket kata units: thousandths of a token, so r tokens/s adds r per ms; cap with math.min(full, credits + (now - ts) * rate) only when now > ts.',
          forTest: 'adds up fractions',
        },
        {
          text: 'The key expires when the bucket is full again: PEXPIREAT key (now + ceil(ms to full)), now from TIME, after every write. When the bucket is full, DEL instead (a full bucket is no bucket).',
          forTest: 'expires a key at the server instant',
        },
        {
          text: 'Hash the script with SHA-1 once (node:crypto), call EVALSHA; on an error starting with NOSCRIPT, send EVAL with the source (it caches it again).',
          forTest: 'NOSCRIPT',
        },
        {
          text: 'A Lua number returned to the client is truncated to an integer: return { allowed, floor(credits / 1000), retry } and nothing fractional.',
        },
      ],
    },
    {
      title: 'Many processes, one limit',
      minutes: [15, 25],
      hints: [
        {
          text: 'If the processes together admit more than the capacity, some decision reads in one round trip and writes in another: move it all into the script.',
          forTest: 'never admits more',
        },
        {
          text: 'If the processes disagree by hours and admit too much after a clock step, the script is using a client time: use TIME.',
          forTest: 'whatever the processes clocks say',
        },
      ],
    },
    {
      title: 'When Redis fails',
      minutes: [25, 35],
      hints: [
        {
          text: 'Wrap the Redis call: try { reply = await withTimeout(run(), timeoutMs) } catch { return the policy decision }. Validate input before the try, so bad input still rejects.',
        },
        {
          text: 'The timeout is a Promise.race with a setTimeout that rejects; clear the timer when the command wins, and catch the abandoned command so a late failure is not unhandled.',
          forTest: 'timeoutMs',
        },
        {
          text: 'Recovery needs nothing special if the NOSCRIPT path works: after a restart the script cache is empty, and ioredis reconnects by itself.',
          forTest: 'once it is back',
        },
      ],
    },
    {
      title: 'GCRA: one timestamp per key',
      minutes: [20, 30],
      hints: [
        {
          text: 'Store tat (ms). tat = max(tat, now); missing credits = (tat - now) × rate; allowed when full − missing ≥ need; then tat += need / rate.',
        },
        {
          text: 'SET key tat PXAT (now + ceil(tat − now)) in one command: the key expires at its TAT. DEL when tat ≤ now.',
          forTest: 'TAT',
        },
        {
          text: 'After a backward clock step, tat − now can exceed a full bucket: clamp remaining at 0.',
          forTest: 'steps back',
        },
      ],
    },
  ],
};
