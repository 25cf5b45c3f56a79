/**
 * Seeded randomness for the figures: the same seed gives the same trace on every machine, so the committed SVGs
 * can be checked byte for byte.
 */

/** A function returning numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

export { mulberry32 } from '../../specs/support/random.ts';

/**
 * A Zipf sampler over the ranks 0 … universe − 1: rank r is drawn with probability proportional to 1 / (r + 1)^s.
 * Sampling is by inverse CDF: the cumulative weights are computed once, and each draw is a binary search for the
 * first cumulative weight above a uniform number, O(log universe).
 */
export function zipf(universe: number, exponent: number, random: Random): () => number {
  if (!Number.isSafeInteger(universe) || universe < 1) {
    throw new RangeError(`Expected \`universe\` to be a positive integer, got \`${universe}\``);
  }
  const cumulative = new Float64Array(universe);
  let total = 0;
  for (let rank = 0; rank < universe; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = universe - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] ?? total) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}
