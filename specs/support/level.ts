/**
 * Level suites. Every test sits under a top-level `describe(level(n, title))`; the runner reads the level from
 * that title (`L<n> · <title>`) to unlock levels one at a time, and `npm test` checks the titles against the
 * catalog (scripts/catalog.ts).
 */
export function level(n: number, title: string): string {
  return `L${n} · ${title}`;
}
