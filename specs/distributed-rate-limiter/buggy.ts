/**
 * Known-buggy distributed rate limiters: the reference with one plausible mistake each. `npm test` proves the spec
 * kills every one by the test it names (see specs/support/buggy.ts).
 */
import type { BuggyVariant } from '../support/buggy.ts';

/**
 * Check-then-set: the token bucket computed in the client between a read and a write, each its own round trip
 * (TIME and HMGET, then HSET and PEXPIREAT). Every rule holds for one caller at a time; between the read and the
 * write another process reads the same tokens, and both take them.
 */
const checkThenSet: ReadonlyArray<readonly [string, string]> = [
  [
    `    const script = this.#script;
    try {
      return (await this.#redis.evalsha(script.sha, 1, ...args)) as [number, number, number];
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await this.#redis.eval(script.source, 1, ...args)) as [number, number, number];
    }`,
    `    // Reads the bucket, decides here, writes it back: three round trips, and nothing holds the key in between.
    const [key, capacity, rate, cost] = args as [string, number, number, number];
    const [seconds, micros] = await this.#redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const [storedCredits, storedTs] = await this.#redis.hmget(key, 'credits', 'ts');
    const full = capacity * 1000;
    let credits = storedCredits === null ? full : Number(storedCredits);
    const ts = storedTs === null ? now : Number(storedTs);
    if (now > ts) credits = Math.min(full, credits + (now - ts) * rate);
    const need = cost * 1000;
    const allowed = credits >= need ? 1 : 0;
    if (allowed === 1) credits -= need;
    const waitFor = (missing: number) => (missing <= 0 ? 0 : Math.ceil(missing / rate));
    const retry = allowed === 1 ? 0 : waitFor(need - credits);
    const ttl = waitFor(full - credits);
    if (ttl > 0) {
      await this.#redis.hset(key, 'credits', credits, 'ts', now);
      await this.#redis.pexpireat(key, now + ttl);
    } else await this.#redis.del(key);
    return [allowed, Math.floor(credits / 1000), retry];`,
  ],
];

export const variants: readonly BuggyVariant[] = [
  {
    name: 'check-then-set',
    bug: 'the bucket is read (HMGET) and written back (HSET) in separate round trips, computed in the client: processes racing between the two take the same tokens',
    killedBy: 'never admits more than the capacity in total',
    patch: checkThenSet,
  },
  {
    name: 'check-then-set-round-trips',
    bug: 'the same check-then-set design, seen from the server: three commands per decision instead of one EVALSHA',
    killedBy: 'decides in one round trip: one EVALSHA',
    patch: checkThenSet,
  },
  {
    name: 'missing-ttl',
    bug: 'the script writes the bucket and never sets a TTL: every key ever used stays in Redis forever',
    killedBy: 'leaves no key without a TTL',
    patch: [
      [
        "  redis.call('HSET', KEYS[1], 'credits', credits, 'ts', now)\n  -- an instant on the same clock as the refill (TIME); Redis replicates every expiry as PEXPIREAT anyway\n  redis.call('PEXPIREAT', KEYS[1], now + ttl)",
        "  redis.call('HSET', KEYS[1], 'credits', credits, 'ts', now)",
      ],
    ],
  },
  {
    name: 'ttl-never-refreshes',
    bug: 'the expiry is set only when the key is created (PEXPIREAT … NX), so a busy key expires while its bucket is still short and refills to full early',
    killedBy: 'refreshes the expiry on every decision',
    patch: [["  redis.call('PEXPIREAT', KEYS[1], now + ttl)", "  redis.call('PEXPIREAT', KEYS[1], now + ttl, 'NX')"]],
  },
  {
    name: 'ttl-in-seconds',
    bug: 'the expiry instant is in milliseconds but set with EXPIREAT (seconds): the key outlives its bucket by millennia',
    killedBy: 'expires a key at the server instant its bucket would be full again',
    patch: [["  redis.call('PEXPIREAT', KEYS[1], now + ttl)", "  redis.call('EXPIREAT', KEYS[1], now + ttl)"]],
  },
  {
    name: 'client-clock',
    bug: "the client passes Date.now() to the script instead of the script reading TIME: every process's clock error becomes tokens",
    killedBy: 'uses the server clock',
    patch: [
      [
        "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
        'local now = tonumber(ARGV[4])',
      ],
      [
        'const args = [this.#prefix + key, this.#capacity, this.#rate, cost];',
        'const args = [this.#prefix + key, this.#capacity, this.#rate, cost, Date.now()];',
      ],
    ],
  },
  {
    name: 'client-clock-across-processes',
    bug: 'the same client clock, seen from four processes whose clocks disagree by hours',
    killedBy: 'whatever the processes clocks say',
    patch: [
      [
        "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
        'local now = tonumber(ARGV[4])',
      ],
      [
        'const args = [this.#prefix + key, this.#capacity, this.#rate, cost];',
        'const args = [this.#prefix + key, this.#capacity, this.#rate, cost, Date.now()];',
      ],
    ],
  },
  {
    name: 'eval-every-call',
    bug: 'the whole script text is sent with EVAL on every decision instead of EVALSHA',
    killedBy: 'decides in one round trip: one EVALSHA',
    patch: [
      [
        'return (await this.#redis.evalsha(script.sha, 1, ...args)) as [number, number, number];',
        'return (await this.#redis.eval(script.source, 1, ...args)) as [number, number, number];',
      ],
    ],
  },
  {
    name: 'no-noscript-reload',
    bug: 'EVALSHA only: after SCRIPT FLUSH (or a restart) every decision fails with NOSCRIPT and the failure policy answers forever',
    killedBy: 'keeps working after SCRIPT FLUSH',
    patch: [
      [
        "      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;\n      return (await this.#redis.eval(script.source, 1, ...args)) as [number, number, number];",
        '      throw error;',
      ],
    ],
  },
  {
    name: 'fail-open-when-closed',
    bug: 'every failure allows the request, whatever policy the limiter was given',
    killedBy: 'gives each limiter its own policy while Redis is stopped',
    patch: [["      allowed: this.#policy === 'fail-open',", '      allowed: true,']],
  },
  {
    name: 'timeout-ignored',
    bug: 'no timeout: a paused Redis holds every decision until it wakes (or forever)',
    killedBy: 'answers with the policy when a paused server does not answer within timeoutMs',
    patch: [
      [
        '    return Promise.race([work, expired]).finally(() => clearTimeout(timer));',
        '    void expired.catch(() => {});\n    return work.finally(() => clearTimeout(timer));',
      ],
    ],
  },
  {
    name: 'fixed-timeout',
    bug: 'the timeout is a constant 100 ms instead of the option',
    killedBy: 'gives up exactly at timeoutMs',
    patch: [['    const ms = this.#timeoutMs;', '    const ms = 100;']],
  },
  {
    name: 'rethrows-connection-errors',
    bug: 'only a timeout gives the policy; a refused or closed connection rejects into the caller',
    killedBy: 'instead of rejecting when the connection is closed',
    patch: [
      [
        '    } catch {\n      // Unreachable, refused, too slow: the policy decides, and says so.\n      return this.#failure();',
        '    } catch (error) {\n      if (!(error instanceof TimedOut)) throw error;\n      return this.#failure();',
      ],
    ],
  },
  {
    name: 'refill-not-capped',
    bug: 'refill adds the elapsed time without capping at the capacity, so a long idle key bursts far past it',
    killedBy: 'never holds more than the capacity, however long the key was idle',
    patch: [
      [
        'if now > ts then credits = math.min(full, credits + (now - ts) * rate) end',
        'if now > ts then credits = credits + (now - ts) * rate end',
      ],
    ],
  },
  {
    name: 'integer-second-refill',
    bug: 'refill counts whole seconds only (and drops the rest), so calls less than a second apart never refill',
    killedBy: 'adds up fractions of a token across calls (refill is continuous)',
    patch: [
      [
        'if now > ts then credits = math.min(full, credits + (now - ts) * rate) end',
        'if now > ts then credits = math.min(full, credits + math.floor((now - ts) / 1000) * rate * 1000) end',
      ],
    ],
  },
  {
    name: 'backward-clock-adds-tokens',
    bug: 'the elapsed time is taken as an absolute difference, so a server clock stepping back earns tokens',
    killedBy: 'adds no tokens when the server clock steps back, and resumes',
    patch: [
      [
        'if now > ts then credits = math.min(full, credits + (now - ts) * rate) end',
        'credits = math.min(full, credits + math.abs(now - ts) * rate)',
      ],
    ],
  },
  {
    name: 'starts-empty',
    bug: 'a new bucket starts empty instead of full',
    killedBy: 'allows the first capacity requests of a new key',
    patch: [['local credits = tonumber(state[1]) or full', 'local credits = tonumber(state[1]) or 0']],
  },
  {
    name: 'denial-empties-bucket',
    bug: 'a denied request still takes what the bucket holds',
    killedBy: 'takes nothing when it denies',
    patch: [
      [
        "if allowed == 0 then retry = waitFor(need - credits, rate) end\nlocal ttl = waitFor(full - credits, rate)\nif ttl > 0 then\n  redis.call('HSET'",
        "if allowed == 0 then retry = waitFor(need - credits, rate); credits = 0 end\nlocal ttl = waitFor(full - credits, rate)\nif ttl > 0 then\n  redis.call('HSET'",
      ],
    ],
  },
  {
    name: 'retry-off-by-one',
    bug: 'retryAfterMs is floor + 1 instead of the ceiling, one millisecond too late on exact multiples',
    killedBy: '1 ms less is not enough',
    patch: [
      ['  local ms = math.ceil(missing / rate)', '  local ms = math.floor(missing / rate) + 1'],
      ['  if (ms - 1) * rate >= missing then ms = ms - 1 end\n', ''],
    ],
  },
  {
    name: 'gcra-tat-behind-clock',
    bug: 'GCRA adds to the stored TAT even when it is in the past, so an idle key banks credit beyond the capacity',
    killedBy: 'holds at most the capacity after a long idle time',
    patch: [['if tat < now then tat = now end\n', '']],
  },
  {
    name: 'gcra-negative-remaining',
    bug: 'GCRA reports remaining from a TAT more than a bucket ahead (after the clock stepped back): a negative count',
    killedBy: 'never reports fewer than 0 left',
    patch: [
      [
        'return { allowed, math.max(0, math.floor(credits / 1000)), retry }',
        'return { allowed, math.floor(credits / 1000), retry }',
      ],
    ],
  },
  {
    name: 'gcra-stored-as-hash',
    bug: 'the GCRA level stores a token bucket hash under the hood: same decisions, but not one timestamp per key',
    killedBy: 'keeps one string key per bucket holding the TAT',
    patch: [['  gcra: new Script(gcraScript),', '  gcra: new Script(tokenBucketScript),']],
  },
  {
    name: 'full-bucket-kept',
    bug: 'a bucket left full is written back (with a TTL) instead of deleted, so a peek of an unknown key creates a key',
    killedBy: 'writes no key for a peek of an unknown key, and removes the key once a call finds the bucket full',
    patch: [
      [
        "else\n  redis.call('DEL', KEYS[1])\nend\nreturn { allowed, math.floor(credits / 1000), retry }",
        "else\n  redis.call('HSET', KEYS[1], 'credits', credits, 'ts', now)\n  redis.call('PEXPIREAT', KEYS[1], now + 60000)\nend\nreturn { allowed, math.floor(credits / 1000), retry }",
      ],
    ],
  },
  {
    name: 'remaining-rounded-up',
    bug: 'remaining rounds the fractional tokens up, so 0.52 of a token reads as 1 left',
    killedBy: 'follows the README example',
    patch: [
      ['return { allowed, math.floor(credits / 1000), retry }', 'return { allowed, math.ceil(credits / 1000), retry }'],
    ],
  },
  {
    name: 'prefix-ignored',
    bug: 'the keys are written under a fixed prefix, not the one given: two limiters (or two apps) share buckets by accident',
    killedBy: 'writes keys under the prefix only',
    patch: [
      [
        'const args = [this.#prefix + key, this.#capacity, this.#rate, cost];',
        "const args = ['ratelimit:' + key, this.#capacity, this.#rate, cost];",
      ],
    ],
  },
  {
    name: 'cost-above-capacity-accepted',
    bug: 'a cost above the capacity is sent to Redis and denied forever instead of rejected as a caller bug',
    killedBy: 'rejects cost 6 with a RangeError',
    patch: [
      ['if (!Number.isInteger(cost) || cost < 0 || cost > capacity)', 'if (!Number.isInteger(cost) || cost < 0)'],
    ],
  },
  {
    name: 'bad-input-becomes-policy',
    bug: 'input is validated inside the try that catches Redis failures, so a caller bug is answered by the failure policy',
    killedBy: 'still rejects bad input while Redis is unreachable',
    patch: [
      ['    checkKey(key);\n    checkCost(cost, this.#capacity);\n    const args', '    const args'],
      [
        '    try {\n      reply = await',
        '    try {\n      checkKey(key);\n      checkCost(cost, this.#capacity);\n      reply = await',
      ],
    ],
  },
];
