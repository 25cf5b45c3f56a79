import type { Kata } from '../catalog.ts';

export const durableJobQueue: Kata = {
  id: 'durable-job-queue',
  title: 'Durable job queue',
  system: 'job-processor',
  difficulty: 'hard',
  summary:
    'A job queue on Redis that survives its workers: leases with heartbeats, priorities and delays in sorted sets, retries with backoff, dead letters and recovery of stalled jobs, each state change one Lua script on the server clock.',
  related: ['job-processor', 'retry-backoff'],
  levels: [
    {
      title: 'Enqueue, reserve and ack with leases',
      minutes: [30, 45],
      hints: [
        {
          text: 'Keep a hash per job (payload, attempts, state, lease token and expiry) and one sorted set per state: ready jobs, delayed jobs, running jobs scored by lease expiry.',
        },
        {
          text: 'Write each operation as one Lua script: read TIME inside it, check, change every key it touches, return. Nothing runs between two commands of a script.',
          forTest: 'one EVALSHA',
        },
        {
          text: 'Call scripts with EVALSHA (the SHA-1 of the source, computed once); on an error starting with NOSCRIPT, SCRIPT LOAD the source and call again.',
          forTest: 'NOSCRIPT',
        },
        {
          text: 'A lease is live while now < leaseExpiresAt. ack checks three things: the job is running, the token is the one stored, the lease is live. Otherwise it changes nothing.',
          forTest: 'accepted',
        },
        {
          text: 'ack must ZREM the job from the running set and DEL its hash: anything left there is recovered later and runs again.',
          forTest: 'nothing per job is left',
        },
      ],
    },
    {
      title: 'Priorities and delays',
      minutes: [30, 45],
      hints: [
        {
          text: 'One sorted set can hold the whole order: score −priority (ZPOPMIN takes the highest priority), and equal scores sort by member bytes — make the member a zero-padded ready time and sequence number.',
          forTest: 'FIFO',
        },
        {
          text: 'Pad numbers in members: as strings, "10" sorts before "9".',
          forTest: 'never LIFO',
        },
        {
          text: 'Delayed jobs go in a sorted set scored by due time; before popping, move every job with score <= now (ZRANGEBYSCORE -inf now) to the ready set.',
          forTest: 'not reservable at due − 1',
        },
        {
          text: 'A promoted job became ready at its due time, not when you moved it: use the due time in its member.',
          forTest: 'a job due at 100 goes before',
        },
      ],
    },
    {
      title: 'Retries, backoff and dead letters',
      minutes: [30, 45],
      hints: [
        {
          text: 'Store maxAttempts and the backoff in the job hash at enqueue; fail reads them, appends the error, and decides in the same script.',
        },
        {
          text: 'The wait after failed attempt n: fixed base, linear base × n, exponential base × 2^(n−1), then min with the cap. Due time = server now + wait.',
          forTest: 'backoff from',
        },
        {
          text: 'Keep errors in a list per job (RPUSH a JSON entry), never overwrite one field: the dead letter shows all of them.',
          forTest: 'with every error',
        },
        {
          text: 'A list of dead job ids, RPUSHed when they fail, gives the order they failed.',
          forTest: 'order they failed',
        },
      ],
    },
    {
      title: 'Stalled workers, crashes and restarts',
      minutes: [45, 60],
      hints: [
        {
          text: 'Running jobs sit in a sorted set scored by lease expiry: ZRANGEBYSCORE running -inf now finds exactly the expired leases, never a live one.',
          forTest: 'never recovers a live lease',
        },
        {
          text: 'Run the same recovery at the start of reserve: then a crashed worker’s job comes back without a reaper process.',
          forTest: 'reserve',
        },
        {
          text: 'heartbeat: same checks as ack, then set the new expiry in the hash AND in the running set’s score.',
          forTest: 'heartbeat',
        },
        {
          text: 'Worker: setInterval for heartbeats around the handler, clearInterval in finally; close() sets a flag, wakes the poll wait and returns the loop’s promise.',
          forTest: 'close()',
        },
        {
          text: 'Reserve in one script: ZPOPMIN then HSET from the client loses the job if the process dies in between.',
          forTest: 'SIGKILL',
        },
      ],
    },
  ],
};
