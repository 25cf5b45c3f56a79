/**
 * The learner's history: one JSON file, `.kata/progress.json` (git-ignored; `KATA_STATE_DIR` moves the folder).
 * It holds the latest run of each kata, every timed challenge attempt and every hint shown. The format is
 * documented in the README ("Your progress file") so it can be read, merged and synced between machines.
 *
 * Written atomically (a temporary file, then rename), so a crash mid-write leaves the old file whole. A file that
 * cannot be read as this format (hand-edited, truncated, from a newer version) is never overwritten silently:
 * it is copied aside to `progress.corrupt-<time>.json`, the learner is told where, and a fresh record starts.
 * Version 1 files (runs only) are upgraded in place.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nowIso } from './clock.ts';
import { stateDir } from './paths.ts';

export interface KataProgress {
  /** ISO time of the last run. */
  readonly lastRun: string;
  readonly levels: number;
  /** Levels passed in order from level 1 (the current level is this + 1). */
  readonly levelsPassed: number;
  readonly testsPassed: number;
  readonly tests: number;
  /** Spec files that differed from the shipped ones during that run; absent or empty when none did. */
  readonly editedSpecs?: readonly string[];
}

export interface LevelResult {
  readonly level: number;
  readonly passed: number;
  readonly total: number;
  /** Milliseconds from the start of the attempt until this level first passed; null if it never did. */
  readonly passedAtMs: number | null;
}

export type AttemptEnd = 'completed' | 'time-up' | 'stopped';

export interface Attempt {
  /** Unique, so files from two machines can be merged by id. */
  readonly id: string;
  readonly kata: string;
  /** ISO times. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly limitMs: number;
  readonly end: AttemptEnd;
  readonly levels: readonly LevelResult[];
  /** Hints shown during the attempt, as `L<level>.<hint number>`. */
  readonly hints: readonly string[];
  /** Spec files that differed from the shipped ones at any run of the attempt. */
  readonly editedSpecs: readonly string[];
}

export interface HintUse {
  readonly kata: string;
  readonly level: number;
  /** 1-based, in the catalog's order for that level. */
  readonly hint: number;
  /** ISO time. */
  readonly at: string;
}

export interface Progress {
  readonly version: 2;
  readonly katas: Readonly<Record<string, KataProgress>>;
  readonly attempts: readonly Attempt[];
  readonly hints: readonly HintUse[];
}

export const emptyProgress: Progress = { version: 2, katas: {}, attempts: [], hints: [] };

export function stateFolder(): string {
  const override = process.env.KATA_STATE_DIR;
  return override === undefined || override === '' ? stateDir : override;
}

export function progressFile(): string {
  return join(stateFolder(), 'progress.json');
}

type Check = (value: unknown) => boolean;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === 'string';
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const isIsoTime: Check = (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const listOf =
  (item: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(item);
const record =
  (fields: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (value) =>
    isObject(value) &&
    Object.entries(fields).every(([name, check]) => check(value[name])) &&
    Object.entries(optional).every(([name, check]) => value[name] === undefined || check(value[name]));

const isKataProgress = record(
  { lastRun: isIsoTime, levels: isCount, levelsPassed: isCount, testsPassed: isCount, tests: isCount },
  { editedSpecs: listOf(isString) },
);
const isLevelResult = record({
  level: isCount,
  passed: isCount,
  total: isCount,
  passedAtMs: (value) => value === null || isCount(value),
});
const isAttempt = record({
  id: isString,
  kata: isString,
  startedAt: isIsoTime,
  endedAt: isIsoTime,
  limitMs: isCount,
  end: (value) => value === 'completed' || value === 'time-up' || value === 'stopped',
  levels: listOf(isLevelResult),
  hints: listOf(isString),
  editedSpecs: listOf(isString),
});
const isHintUse = record({ kata: isString, level: isCount, hint: isCount, at: isIsoTime });
const isKatas: Check = (value) => isObject(value) && Object.values(value).every(isKataProgress);
const isVersion2 = record({
  version: (value) => value === 2,
  katas: isKatas,
  attempts: listOf(isAttempt),
  hints: listOf(isHintUse),
});
const isVersion1 = record({ version: (value) => value === 1, katas: isKatas });

export interface Loaded {
  readonly progress: Progress;
  /** Set when the file was unreadable and was moved aside: tell the learner. */
  readonly warning: string | undefined;
}

export function loadProgress(): Loaded {
  const file = progressFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { progress: emptyProgress, warning: undefined };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isVersion2(parsed)) return { progress: parsed as Progress, warning: undefined };
  if (isVersion1(parsed)) {
    const upgraded: Progress = { ...emptyProgress, katas: (parsed as { katas: Progress['katas'] }).katas };
    writeProgress(upgraded);
    return { progress: upgraded, warning: undefined };
  }
  const backup = join(stateFolder(), `progress.corrupt-${nowIso().replaceAll(':', '-')}.json`);
  copyFileSync(file, backup);
  writeProgress(emptyProgress);
  return {
    progress: emptyProgress,
    warning: `${file} was not a progress file this version can read (hand-edited or damaged?); it was kept as ${backup} and a new one started.`,
  };
}

export function writeProgress(progress: Progress): void {
  const file = progressFile();
  mkdirSync(stateFolder(), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Reads, changes and writes the file; returns a warning if the existing file had to be moved aside. */
export function updateProgress(change: (progress: Progress) => Progress): string | undefined {
  const { progress, warning } = loadProgress();
  writeProgress(change(progress));
  return warning;
}

/** Records one kata's latest run. */
export function recordRun(id: string, entry: KataProgress): string | undefined {
  return updateProgress((progress) => ({ ...progress, katas: { ...progress.katas, [id]: entry } }));
}

export function recordAttempt(attempt: Attempt): string | undefined {
  return updateProgress((progress) => ({ ...progress, attempts: [...progress.attempts, attempt] }));
}

export function recordHint(use: HintUse): string | undefined {
  return updateProgress((progress) => ({ ...progress, hints: [...progress.hints, use] }));
}
