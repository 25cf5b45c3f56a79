/**
 * Known-buggy durable queues: the reference with one plausible mistake each. `npm test` proves the spec kills
 * every one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'ack-keeps-processing-entry',
    bug: 'ack deletes the job hash but leaves its id in the processing (running) set',
    killedBy: 'removes the job from the processing set: nothing per job is left',
    patch: [
      [
        "if verdict ~= 'ok' then return verdict end\nredis.call('ZREM', P .. 'running', id)\n",
        "if verdict ~= 'ok' then return verdict end\n",
      ],
    ],
  },
  {
    name: 'heartbeat-not-renewed',
    bug: 'heartbeat checks the lease and answers a new expiry, but never stores it',
    killedBy: 'keeps a lease alive with heartbeats',
    patch: [
      [
        "redis.call('HSET', job_key(id), 'leaseExpiresAt', expires, 'leaseMs', lease)\nredis.call('ZADD', P .. 'running', expires, id)\nreturn { 'ok', expires }",
        "return { 'ok', expires }",
      ],
    ],
  },
  {
    name: 'heartbeat-hash-only',
    bug: 'heartbeat moves the expiry in the job hash but not in the running set that recovery scans',
    killedBy: 'keeps a lease alive with heartbeats',
    patch: [
      [
        "redis.call('HSET', job_key(id), 'leaseExpiresAt', expires, 'leaseMs', lease)\nredis.call('ZADD', P .. 'running', expires, id)\n",
        "redis.call('HSET', job_key(id), 'leaseExpiresAt', expires, 'leaseMs', lease)\n",
      ],
    ],
  },
  {
    name: 'worker-never-heartbeats',
    bug: 'the Worker arms its heartbeat timer with the wrong period: a long handler loses its lease',
    killedBy: 'heartbeats while the handler runs',
    patch: [['    }, this.#heartbeatMs);', '    }, 2 ** 31 - 1);']],
  },
  {
    name: 'reserve-two-round-trips',
    bug: 'reserve pops the job with ZPOPMIN from the client, then records the lease in a second call: a crash in between loses the job',
    killedBy: 'makes every state change and read in one EVALSHA',
    patch: [
      [
        "local top = redis.call('ZPOPMIN', P .. 'queued')\nif #top == 0 then return false end",
        "local top = { ARGV[5] }\nif ARGV[5] == '' then return false end",
      ],
      [
        '    const reply = (await scripts.reserve.run(this.#redis, [this.#prefix, workerId, leaseToken, leaseMs])) as',
        "    const popped = await this.#redis.zpopmin(this.#prefix + 'queued');\n    const reply = (await scripts.reserve.run(this.#redis, [this.#prefix, workerId, leaseToken, leaseMs, popped[0] ?? ''])) as",
      ],
    ],
  },
  {
    name: 'eval-every-time',
    bug: 'every call sends the whole script with EVAL instead of its SHA',
    killedBy: 'makes every state change and read in one EVALSHA',
    patch: [
      [
        "    try {\n      return await redis.evalsha(this.#sha, 0, ...args);\n    } catch (error) {\n      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;",
        "    try {\n      return await redis.eval(this.#source, 0, ...args);\n    } catch (error) {\n      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;",
      ],
    ],
  },
  {
    name: 'no-noscript-reload',
    bug: 'each script is loaded once, on its first NOSCRIPT; after a restart or SCRIPT FLUSH it is never loaded again',
    killedBy: 'loads its scripts again after SCRIPT FLUSH (NOSCRIPT), every time',
    patch: [
      [
        "      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;",
        "      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT') || this.#loaded) throw error;\n      this.#loaded = true;",
      ],
      ['  readonly #sha: string;\n', '  readonly #sha: string;\n  #loaded = false;\n'],
    ],
  },
  {
    name: 'client-clock-due-times',
    bug: 'enqueue stamps the job and computes its due time with the caller’s Date.now()',
    killedBy: 'computes the due time on the server clock',
    patch: [
      ['local now = now_ms()\nlocal id = tostring(', 'local now = tonumber(ARGV[9])\nlocal id = tostring('],
      ['      backoff.baseMs,\n      max,\n    ]);', '      backoff.baseMs,\n      max,\n      Date.now(),\n    ]);'],
    ],
  },
  {
    name: 'client-clock-leases',
    bug: 'reserve computes the lease expiry from the worker’s Date.now()',
    killedBy: 'hands out the job under a lease that ends leaseMs later on the server clock',
    patch: [
      [
        "local expires = now + tonumber(ARGV[4])\nredis.call('HSET', jk",
        "local expires = tonumber(ARGV[5]) + tonumber(ARGV[4])\nredis.call('HSET', jk",
      ],
      ['[this.#prefix, workerId, leaseToken, leaseMs])', '[this.#prefix, workerId, leaseToken, leaseMs, Date.now()])'],
    ],
  },
  {
    name: 'delayed-job-early',
    bug: 'due delayed jobs are found with score <= now + 1: a job is reservable one millisecond early',
    killedBy: 'not reservable at due − 1, reservable at due',
    patch: [
      [
        "redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', now,",
        "redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', now + 1,",
      ],
    ],
  },
  {
    name: 'delayed-job-late',
    bug: 'due delayed jobs are found with score < now (exclusive): a job due at t waits until t + 1',
    killedBy: 'not reservable at due − 1, reservable at due',
    patch: [
      [
        "redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', now,",
        "redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', '(' .. now,",
      ],
    ],
  },
  {
    name: 'priority-reversed',
    bug: 'the ready set is scored by +priority, so ZPOPMIN takes the lowest priority first',
    killedBy: 'reserves a higher priority first',
    patch: [["redis.call('ZADD', P .. 'queued', -priority,", "redis.call('ZADD', P .. 'queued', priority,"]],
  },
  {
    name: 'lifo-within-priority',
    bug: 'within a priority the newest job is reserved first',
    killedBy: 'never LIFO',
    patch: [
      [
        "string.format('%015.0f:%015.0f', ready_at, tonumber(id))",
        "string.format('%015.0f:%015.0f', 1e14 - ready_at, 1e14 - tonumber(id))",
      ],
    ],
  },
  {
    name: 'unpadded-order',
    bug: 'the ready set’s members are not zero-padded, so job 10 sorts before job 9',
    killedBy: 'never LIFO',
    patch: [
      [
        "string.format('%015.0f:%015.0f', ready_at, tonumber(id))",
        "string.format('%.0f:%.0f', ready_at, tonumber(id))",
      ],
    ],
  },
  {
    name: 'ready-at-promotion-time',
    bug: 'a delayed job is put in line at the moment a reserve moves it, not at its due time',
    killedBy: 'a job due at 100 goes before one enqueued at 150',
    patch: [['    make_ready(id, due_at)', '    make_ready(id, now)']],
  },
  {
    name: 'retry-without-backoff',
    bug: 'a failed job with attempts left is queued again at once, ignoring its backoff',
    killedBy: 'backoff from',
    patch: [['if delay <= 0 then\n  make_ready(id, now)', 'if true then\n  make_ready(id, now)']],
  },
  {
    name: 'backoff-doubles-from-the-start',
    bug: 'exponential backoff waits base × 2^n after attempt n: the first retry waits 2 × base',
    killedBy: 'backoff from',
    patch: [['else delay = base * 2 ^ (attempt - 1) end', 'else delay = base * 2 ^ attempt end']],
  },
  {
    name: 'dead-letter-loses-errors',
    bug: 'fail replaces the error list with the latest error: the dead letter shows only the last one',
    killedBy: 'with every error',
    patch: [
      [
        "redis.call('RPUSH', errors_key(id), cjson.encode({ attempt = attempt, at = now, message = ARGV[4] }))",
        "redis.call('DEL', errors_key(id))\nredis.call('RPUSH', errors_key(id), cjson.encode({ attempt = attempt, at = now, message = ARGV[4] }))",
      ],
    ],
  },
  {
    name: 'stale-token-accepted',
    bug: 'ack, fail and heartbeat check that the job is running, not that the token is its current lease',
    killedBy: 'the new lease completes it once',
    patch: [["  if f[2] ~= token then return 'replaced' end\n", '']],
  },
  {
    name: 'expired-lease-accepted',
    bug: 'a lease past its expiry still acks, as long as nobody has recovered the job yet',
    killedBy: 'accepted false',
    patch: [["  if now >= tonumber(f[3]) then return 'expired' end\n", '']],
  },
  {
    name: 'lease-one-ms-too-long',
    bug: 'a lease counts as live at its expiry instant (now <= leaseExpiresAt)',
    killedBy: 'ack 1000 ms after reserve with a 1000 ms lease: accepted false',
    patch: [
      ["  if now >= tonumber(f[3]) then return 'expired' end", "  if now > tonumber(f[3]) then return 'expired' end"],
    ],
  },
  {
    name: 'recover-live-leases',
    bug: 'recovery takes back every running job, not only those whose lease has expired',
    killedBy: 'never recovers a live lease',
    patch: [
      [
        "redis.call('ZRANGEBYSCORE', P .. 'running', '-inf', now, 'LIMIT'",
        "redis.call('ZRANGEBYSCORE', P .. 'running', '-inf', '+inf', 'LIMIT'",
      ],
    ],
  },
  {
    name: 'recover-checks-from-the-client',
    bug: 'recoverStalled first asks for the running set from the client, then runs the script: two round trips, and the answer can be stale by the time the script runs',
    killedBy: 'recovers in one EVALSHA',
    patch: [
      [
        '  async recoverStalled(): Promise<number> {\n',
        "  async recoverStalled(): Promise<number> {\n    if ((await this.#redis.zcard(this.#prefix + 'running')) === 0) return 0;\n",
      ],
    ],
  },
  {
    name: 'reserve-does-not-recover',
    bug: 'only recoverStalled takes jobs back: without a reaper, a crashed worker’s job waits forever',
    killedBy: 'is also done by reserve',
    patch: [['recover(now)\npromote(now)\nlocal top', 'promote(now)\nlocal top']],
  },
  {
    name: 'stalled-forever',
    bug: 'an expired lease never uses up an attempt: a job that kills every worker is delivered forever',
    killedBy: 'dead-letters a job whose last attempt’s lease expired',
    patch: [
      [
        'if attempts >= tonumber(f[2]) then to_failed(id, expired_at) else make_ready(id, expired_at) end',
        'make_ready(id, expired_at)',
      ],
    ],
  },
  {
    name: 'fail-keeps-processing-entry',
    bug: 'fail schedules the retry but leaves the job in the running set: it shows as running, and recovery will deliver it a second time',
    killedBy: 'keeps the error and delays the job by the backoff',
    patch: [
      [
        'end_lease(id)\nif attempt >= tonumber(f[2]) then',
        "redis.call('HDEL', job_key(id), 'token', 'workerId', 'leaseExpiresAt', 'leaseMs')\nif attempt >= tonumber(f[2]) then",
      ],
    ],
  },
  {
    name: 'dead-letters-newest-first',
    bug: 'dead letters are pushed at the head of the list, so they read newest first',
    killedBy: 'lists dead letters in the order they failed',
    patch: [["  redis.call('RPUSH', P .. 'failed', id)", "  redis.call('LPUSH', P .. 'failed', id)"]],
  },
  {
    name: 'get-ignores-due-time',
    bug: 'get reports a delayed job whose due time has come as still delayed, until a reserve moves it',
    killedBy: 'reports a due delayed job as queued before anything moves it',
    patch: [["  if job.state == 'delayed' and tonumber(job.dueAt) <= now then job.state = 'queued' end\n", '']],
  },
  {
    name: 'counts-ignore-due-time',
    bug: 'counts() reads the sorted sets’ sizes only: a due delayed job counts as delayed',
    killedBy: 'reports a due delayed job as queued before anything moves it',
    patch: [["local due = redis.call('ZCOUNT', P .. 'delayed', '-inf', now)", 'local due = 0']],
  },
  {
    name: 'close-does-not-wait',
    bug: 'Worker.close() resolves at once, while the job in hand is still running',
    killedBy: 'close() waits for the job in hand',
    patch: [['    this.#wake?.();\n    return this.#loop;', '    this.#wake?.();\n    return Promise.resolve();']],
  },
];
