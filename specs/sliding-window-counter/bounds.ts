/**
 * The error bounds of katas/sliding-window-counter/README.md, checked on recorded traffic the way an exact
 * sliding-window log would count it.
 */
import { expect } from 'vitest';

export interface Admitted {
  readonly t: number;
  readonly cost: number;
}

export interface Denied {
  readonly t: number;
  readonly cost: number;
}

/** Claims 1 and 3: at most `limit` units per aligned window, at most `2 × limit − 1` in any `(t − W, t]`. */
export function expectWithinBounds(admitted: readonly Admitted[], limit: number, windowMs: number): void {
  const perWindow = new Map<number, number>();
  for (const { t, cost } of admitted) {
    const index = Math.floor(t / windowMs);
    perWindow.set(index, (perWindow.get(index) ?? 0) + cost);
  }
  for (const [index, units] of perWindow) {
    expect(
      units,
      `units admitted in aligned window [${index * windowMs}, ${(index + 1) * windowMs})`,
    ).toBeLessThanOrEqual(limit);
  }
  // A sliding window holds the most units when it ends at an admission.
  for (const { t: end } of admitted) {
    let units = 0;
    for (const { t, cost } of admitted) if (t > end - windowMs && t <= end) units += cost;
    expect(units, `units admitted in (${end - windowMs}, ${end}]`).toBeLessThanOrEqual(2 * limit - 1);
  }
}

/** Claim 4: a denial at t of `cost` means more than `limit − cost` units were admitted in [(k − 1)W, t]. */
export function expectDenialsJustified(
  admitted: readonly Admitted[],
  denied: readonly Denied[],
  limit: number,
  windowMs: number,
): void {
  for (const { t: at, cost } of denied) {
    const from = (Math.floor(at / windowMs) - 1) * windowMs;
    let units = 0;
    for (const { t, cost: c } of admitted) if (t >= from && t <= at) units += c;
    expect(units, `units admitted in [${from}, ${at}] before a denial of cost ${cost}`).toBeGreaterThan(limit - cost);
  }
}
