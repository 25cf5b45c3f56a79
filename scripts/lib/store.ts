/**
 * The learner's progress: one JSON file under the git-ignored `.kata/` folder (or `KATA_STATE_DIR`).
 *
 * Written atomically (a temporary file, then rename), so a crash mid-write leaves the old file whole. A file that
 * cannot be read as this format (hand-edited, truncated, from a newer version) is never overwritten silently:
 * it is copied aside to `progress.corrupt-<time>.json`, the learner is told where, and a fresh record starts.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './paths.ts';

export interface KataProgress {
  /** ISO time of the last run. */
  readonly lastRun: string;
  readonly levels: number;
  /** Levels passed in order from level 1 (the current level is this + 1). */
  readonly levelsPassed: number;
  readonly testsPassed: number;
  readonly tests: number;
}

export interface Progress {
  readonly version: 1;
  readonly katas: Readonly<Record<string, KataProgress>>;
}

export const emptyProgress: Progress = { version: 1, katas: {} };

export function stateFolder(): string {
  const override = process.env.KATA_STATE_DIR;
  return override === undefined || override === '' ? stateDir : override;
}

export function progressFile(): string {
  return join(stateFolder(), 'progress.json');
}

function isKataProgress(value: unknown): value is KataProgress {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.lastRun === 'string' &&
    ['levels', 'levelsPassed', 'testsPassed', 'tests'].every((field) => Number.isInteger(record[field]))
  );
}

function isProgress(value: unknown): value is Progress {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const katas = record.katas;
  return (
    record.version === 1 &&
    typeof katas === 'object' &&
    katas !== null &&
    !Array.isArray(katas) &&
    Object.values(katas).every(isKataProgress)
  );
}

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
  if (isProgress(parsed)) return { progress: parsed, warning: undefined };
  const backup = join(stateFolder(), `progress.corrupt-${new Date().toISOString().replaceAll(':', '-')}.json`);
  copyFileSync(file, backup);
  writeProgress(emptyProgress);
  return {
    progress: emptyProgress,
    warning: `${file} was not a progress file this version can read; it was kept as ${backup} and a new one started.`,
  };
}

export function writeProgress(progress: Progress): void {
  const file = progressFile();
  mkdirSync(stateFolder(), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Records one kata's latest run; returns a warning if the existing file had to be moved aside. */
export function recordRun(id: string, entry: KataProgress): string | undefined {
  const { progress, warning } = loadProgress();
  writeProgress({ version: 1, katas: { ...progress.katas, [id]: entry } });
  return warning;
}
