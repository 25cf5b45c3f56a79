/**
 * Seeded randomness for specs, figures and benchmarks: the same seed gives the same sequence on every machine.
 *
 * mulberry32 (Tommy Ettinger's 32-bit generator): one 32-bit state, a period of 2^32, good enough for test traces
 * and far too weak for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
