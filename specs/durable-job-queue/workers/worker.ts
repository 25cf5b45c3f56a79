/**
 * A worker process for the level 4 specs: runs the implementation's `Worker` against the spec's Redis.
 *
 * Environment: DJQ_IMPL (the implementation file), DJQ_REDIS (`unix:<socket>` or `redis://…`).
 * Requests:
 *   { op: 'hang', prefix, leaseMs, heartbeatMs } — works on one job and never finishes it (heartbeating all the
 *     while); answers with the job's id once the handler has started. The spec then kills the process.
 *   { op: 'drain', prefix, results, leaseMs, heartbeatMs, workMs, workerId } — processes jobs until the queue is
 *     empty (nothing queued, delayed or running); each job's effect is `HINCRBY <results> <payload.n> 1`, done
 *     before the ack, as a real handler's side effect would be. Answers with the worker's stats and the ids of the
 *     jobs whose lease it lost. With `hold: { n, key }`, the job whose payload is `n` does not finish until the
 *     spec sets `key` (so the spec can move the clock while that job is surely in a handler).
 */
import { pathToFileURL } from 'node:url';
import Redis from 'ioredis';
import { connectionOptions } from '../../support/redis/server.ts';
import { serve } from '../../support/redis/workers.ts';

type Kata = typeof import('../../../katas/durable-job-queue/index.ts');

const implFile = process.env.DJQ_IMPL;
const url = process.env.DJQ_REDIS;
if (implFile === undefined || url === undefined) throw new Error('DJQ_IMPL and DJQ_REDIS must be set');
const { DurableQueue, LeaseLostError, Worker } = (await import(pathToFileURL(implFile).href)) as Kata;
const where = connectionOptions(url);
const redis = 'path' in where ? new Redis(where.path) : new Redis(where.url);

interface Hang {
  readonly op: 'hang';
  readonly prefix: string;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
}

interface Drain {
  readonly op: 'drain';
  readonly prefix: string;
  readonly results: string;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly workMs: number;
  readonly workerId: string;
  readonly hold?: { readonly n: number; readonly key: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

serve(async (message: Hang | Drain) => {
  const queue = new DurableQueue<{ n: number }>({ redis, prefix: message.prefix });
  if (message.op === 'hang') {
    return await new Promise((resolve) => {
      new Worker(
        queue,
        (_payload, { id }) => {
          resolve({ id, pid: process.pid });
          return new Promise(() => {});
        },
        { workerId: `hang-${process.pid}`, leaseMs: message.leaseMs, heartbeatMs: message.heartbeatMs, pollMs: 5 },
      );
    });
  }
  const lost: string[] = [];
  const worker = new Worker(
    queue,
    async (payload) => {
      if (message.workMs > 0) await sleep(message.workMs);
      if (payload.n === message.hold?.n) while ((await redis.get(message.hold.key)) === null) await sleep(5);
      await redis.hincrby(message.results, String(payload.n), 1);
    },
    {
      workerId: message.workerId,
      leaseMs: message.leaseMs,
      heartbeatMs: message.heartbeatMs,
      pollMs: 5,
      onError: (error) => {
        if (error instanceof LeaseLostError && !lost.includes(error.jobId)) lost.push(error.jobId);
      },
    },
  );
  for (;;) {
    const counts = await queue.counts();
    if (counts.queued + counts.delayed + counts.running === 0) break;
    await sleep(10);
  }
  await worker.close();
  return { stats: worker.stats, lost };
});
