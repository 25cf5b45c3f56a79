/** Groups a run's tests by level and decides which level the learner is on. */
import type { Kata } from '../catalog.ts';
import { dim, green } from './render.ts';
import { levelOf, type RunResult, type TestOutcome } from './results.ts';
import type { KataProgress } from './store.ts';

export interface LevelSummary {
  /** 1-based. */
  readonly level: number;
  readonly title: string;
  readonly minutes: readonly [number, number];
  readonly passed: number;
  readonly total: number;
  readonly failures: readonly TestOutcome[];
}

export interface KataSummary {
  readonly levels: readonly LevelSummary[];
  /** The first level not fully passing (1-based); undefined when every level passes. */
  readonly current: number | undefined;
  readonly testsPassed: number;
  readonly tests: number;
  /** Tests outside any level suite: a spec bug, reported rather than hidden. */
  readonly unlevelled: readonly TestOutcome[];
}

export function summarize(kata: Kata, run: RunResult): KataSummary {
  const levels = kata.levels.map((level, index): LevelSummary => {
    const tests = run.tests.filter((test) => levelOf(test) === index + 1);
    return {
      level: index + 1,
      title: level.title,
      minutes: level.minutes,
      passed: tests.filter((test) => test.state === 'passed').length,
      total: tests.length,
      failures: tests.filter((test) => test.state === 'failed'),
    };
  });
  const broken = run.runaway !== undefined || run.fileErrors.length > 0;
  const firstFailing = levels.find((level) => level.total === 0 || level.passed < level.total);
  const current = firstFailing?.level ?? (broken ? 1 : undefined);
  return {
    levels,
    current,
    testsPassed: levels.reduce((sum, level) => sum + level.passed, 0),
    tests: levels.reduce((sum, level) => sum + level.total, 0),
    unlevelled: run.tests.filter((test) => levelOf(test) === 0 || levelOf(test) > kata.levels.length),
  };
}

/** How many levels pass, counting from level 1 up to the first that does not. */
export function levelsPassed(summary: KataSummary): number {
  return summary.current === undefined ? summary.levels.length : summary.current - 1;
}

/** A kata's state in one word or two, from its latest recorded run. */
export function stateOf(kata: Kata, progress: KataProgress | undefined): string {
  if (progress === undefined) return dim('not started');
  if (progress.levelsPassed >= kata.levels.length) return green('done ✓');
  return `level ${progress.levelsPassed + 1}/${kata.levels.length}`;
}
