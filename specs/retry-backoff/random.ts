/** Random sources for the retry-backoff specs: fixed values, a list, and a seeded generator. */
import { expect } from 'vitest';

/** The largest double below 1 (1 − 2⁻⁵³): the top of [0, 1), where every jitter range reaches its upper end. */
export const ALMOST_ONE = 1 - 2 ** -53;

/** Asserts `delay` is below `bound` but within a billionth of it: the upper end of a range, reached with ALMOST_ONE. */
export function expectJustBelow(delay: number, bound: number): void {
  expect(delay).toBeLessThanOrEqual(bound);
  expect(delay).toBeGreaterThan(bound - bound * 1e-9);
}

/** Returns the values given, in order, then fails the test if asked for more. */
export function sequence(values: readonly number[]): () => number {
  let next = 0;
  return () => {
    if (next >= values.length) throw new Error(`random() called more than the ${values.length} times expected`);
    return values[next++] as number;
  };
}

/** mulberry32: a small seeded generator of numbers in [0, 1), the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
