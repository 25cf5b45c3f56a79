/** The end of a timed challenge, on paper: levels, tests, split times against the catalog's, hints used. */
import type { Kata } from '../catalog.ts';
import { bold, dim, duration, green, pad, red, yellow } from './render.ts';
import type { Attempt } from './store.ts';

const endings: Record<Attempt['end'], string> = {
  completed: 'every level passed',
  'time-up': "time's up",
  stopped: 'stopped (Ctrl-C)',
};

/** How a split compares with the level's expected range. */
export function pace(splitMs: number, [low, high]: readonly [number, number]): string {
  const minutes = splitMs / 60_000;
  if (minutes < low) return green('faster than expected');
  if (minutes <= high) return green('within the expected range');
  return yellow(`${Math.ceil(minutes - high)} min over`);
}

/** Milliseconds each level took on its own: from the previous level's pass (or the start) to its own. */
export function splits(attempt: Attempt): (number | null)[] {
  let previous = 0;
  return attempt.levels.map((level) => {
    if (level.passedAtMs === null) return null;
    const split = level.passedAtMs - previous;
    previous = level.passedAtMs;
    return split;
  });
}

export function elapsedMs(attempt: Attempt): number {
  return Date.parse(attempt.endedAt) - Date.parse(attempt.startedAt);
}

export function renderScorecard(kata: Kata, attempt: Attempt): string {
  const passed = attempt.levels.filter((level) => level.passedAtMs !== null).length;
  const lines = [
    bold(`Scorecard · ${kata.title} (${kata.id})`),
    `Ended: ${endings[attempt.end]} · ${passed}/${kata.levels.length} levels passed · time ${duration(elapsedMs(attempt))} of ${duration(attempt.limitMs)}`,
    '',
    dim(`${pad('level', 40)}${pad('tests', 10)}${pad('passed at', 11)}${pad('split', 8)}${pad('expected', 13)}pace`),
  ];
  const levelSplits = splits(attempt);
  attempt.levels.forEach((level, index) => {
    const entry = kata.levels[index];
    const title = `L${level.level} ${entry?.title ?? ''}`;
    const split = levelSplits[index] ?? null;
    const expected = entry === undefined ? '' : `${entry.minutes[0]}–${entry.minutes[1]} min`;
    const tests = `${level.passed}/${level.total}`;
    lines.push(
      pad(title.length > 38 ? `${title.slice(0, 37)}…` : title, 40) +
        pad(level.passed === level.total && level.total > 0 ? green(tests) : tests, 10) +
        pad(level.passedAtMs === null ? '—' : duration(level.passedAtMs), 11) +
        pad(split === null ? '—' : duration(split), 8) +
        pad(expected, 13) +
        (split === null || entry === undefined ? dim('not passed') : pace(split, entry.minutes)),
    );
  });
  lines.push('', `Hints used: ${attempt.hints.length === 0 ? 'none' : attempt.hints.join(', ')}`);
  if (attempt.editedSpecs.length > 0) {
    lines.push(red(`⚠ Specs edited during this attempt (${attempt.editedSpecs.join(', ')}): marked "specs edited".`));
  }
  return lines.join('\n');
}
