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

/** A seeded generator of numbers in [0, 1): the same sequence for the same seed. */
export { mulberry32 as seeded } from '../support/random.ts';
