/**
 * Timing and memory helpers for `npm run bench`.
 *
 * A trial builds a fresh structure of size n (not timed), then times a batch of operations on it with
 * `process.hrtime.bigint()`. Each size gets one warm-up trial (so V8 has compiled the hot paths) and several
 * measured trials; the figure reported is the median nanoseconds per operation, which a single pause of the
 * garbage collector or of the machine cannot move. Numbers vary between machines: compare ratios, not absolutes.
 */
import { mulberry32 } from '../../specs/support/random.ts';

/** One timed batch: how long it took and how many operations it ran. */
export interface Sample {
  readonly ns: number;
  readonly ops: number;
}

export type Trial = (n: number) => Sample | Promise<Sample>;

/** Times `ops` calls of `step` on `state`. */
export function timeSync<State>(state: State, ops: number, step: (state: State, i: number) => void): Sample {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) step(state, i);
  return { ns: Number(process.hrtime.bigint() - started), ops };
}

/**
 * Like `timeSync`, but stops after `budgetMs` (checked every 128 operations) and reports the operations done: an
 * O(n) trap at a large n would otherwise take minutes.
 */
export function timeSyncWithin<State>(
  state: State,
  ops: number,
  budgetMs: number,
  step: (state: State, i: number) => void,
): Sample {
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(budgetMs * 1e6);
  let i = 0;
  while (i < ops) {
    const end = Math.min(ops, i + 128);
    for (; i < end; i++) step(state, i);
    if (process.hrtime.bigint() > deadline) break;
  }
  return { ns: Number(process.hrtime.bigint() - started), ops: i };
}

/** Times `ops` awaited calls of `step` on `state`. */
export async function timeAsync<State>(
  state: State,
  ops: number,
  step: (state: State, i: number) => Promise<unknown>,
): Promise<Sample> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await step(state, i);
  return { ns: Number(process.hrtime.bigint() - started), ops };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Warm-up trials stop past this budget, whatever the operations done. */
const warmUpBudgetMs = 1_000;

/**
 * Median ns per operation of `rounds` trials at size n, after warm-up trials that are thrown away: at least one,
 * and more until `warmUpOps` operations have run, so that V8 has optimised the code before the first size is timed
 * (a trial of 1,000 operations alone would time the interpreter). Later sizes need only one.
 */
export async function nsPerOp(trial: Trial, n: number, rounds = 5, warmUpOps = 0): Promise<number> {
  const deadline = Date.now() + warmUpBudgetMs;
  let warmed = 0;
  do warmed += (await trial(n)).ops;
  while (warmed < warmUpOps && Date.now() < deadline);
  const perOp: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const { ns, ops } = await trial(n);
    perOp.push(ns / ops);
  }
  return median(perOp);
}

/** `count` indexes in [0, n), uniformly spread, from a fixed seed. */
export function randomIndexes(count: number, n: number, seed = 42): Uint32Array {
  const random = mulberry32(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(random() * n);
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Whether the process was started with `--expose-gc` (needed to measure memory). */
export const canMeasureMemory = gc !== undefined;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap bytes per entry of the structure `build(n)` returns (kept alive until measured), after two full GCs.
 * The approach of specs/rate-limiter-factory/measure-memory.ts: heap after minus heap before, over n. Key strings
 * created by `build` count, as they live in the structure's map.
 */
export function bytesPerEntry(build: (n: number) => unknown, n: number): number | undefined {
  if (!canMeasureMemory) return undefined;
  const before = heapUsed();
  const structure = build(n);
  const after = heapUsed();
  // Keep the structure reachable until after the second measurement.
  if (structure === null) console.log('');
  return (after - before) / n;
}
