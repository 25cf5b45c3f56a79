/** The progress table, as data: one row per kata of the catalog, for the terminal and the HTML page alike. */
import type { Kata } from '../catalog.ts';
import { duration } from './render.ts';
import { elapsedMs } from './scorecard.ts';
import type { Attempt, Progress } from './store.ts';

export interface ProgressRow {
  readonly kata: Kata;
  /** 'not started', 'level 2/4' or 'done'. */
  readonly state: string;
  readonly tests: string;
  /** Fastest attempt that passed every level, as mm:ss; or how far the best attempt got. */
  readonly best: string;
  readonly attempts: readonly Attempt[];
  readonly hintsUsed: number;
  readonly lastAttempt: string;
  /** Spec files edited in the latest run or in any attempt: those results are not honest passes. */
  readonly editedSpecs: readonly string[];
}

function levelsOf(attempt: Attempt): number {
  return attempt.levels.filter((level) => level.passedAtMs !== null).length;
}

export function progressRows(catalog: readonly Kata[], progress: Progress): ProgressRow[] {
  return catalog.map((kata) => {
    const run = progress.katas[kata.id];
    const attempts = progress.attempts
      .filter((attempt) => attempt.kata === kata.id)
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    const completed = attempts.filter((attempt) => attempt.end === 'completed' && attempt.editedSpecs.length === 0);
    const fastest = completed.map(elapsedMs).sort((a, b) => a - b)[0];
    const furthest = Math.max(0, ...attempts.map(levelsOf));
    const last = attempts.at(-1);
    const state =
      run === undefined
        ? 'not started'
        : run.levelsPassed >= kata.levels.length
          ? 'done'
          : `level ${run.levelsPassed + 1}/${kata.levels.length}`;
    return {
      kata,
      state,
      tests: run === undefined ? '' : `${run.testsPassed}/${run.tests}`,
      best:
        fastest !== undefined
          ? duration(fastest)
          : attempts.length > 0
            ? `${furthest}/${kata.levels.length} levels`
            : '',
      attempts,
      hintsUsed: progress.hints.filter((use) => use.kata === kata.id).length,
      lastAttempt:
        last === undefined
          ? ''
          : `${last.startedAt.slice(0, 10)} ${last.end} ${levelsOf(last)}/${kata.levels.length} in ${duration(elapsedMs(last))}`,
      editedSpecs: [...new Set([...(run?.editedSpecs ?? []), ...attempts.flatMap((attempt) => attempt.editedSpecs)])],
    };
  });
}
