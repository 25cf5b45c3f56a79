/**
 * One learner at work on one kata: the level-gated spec runs and the file watching that `npm run kata` and
 * `npm run challenge` share.
 */
import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kata } from '../catalog.ts';
import { nowIso } from './clock.ts';
import { type KataSummary, levelsPassed, summarize } from './levels.ts';
import { exists, kataFile, specFilter, specsDir } from './paths.ts';
import { levelOf, type RunResult } from './results.ts';
import { editedSpecs } from './shipped.ts';
import type { SpecHost } from './spec-runner.ts';
import { recordRun } from './store.ts';

export interface Verdict {
  readonly run: RunResult;
  readonly summary: KataSummary;
  /** Spec files that differ from the shipped ones at the time of this run. */
  readonly editedSpecs: readonly string[];
  /** Every level passes, nothing ran away and no file failed to load. */
  readonly allPass: boolean;
}

export class LevelRunner {
  readonly #kata: Kata;
  readonly #implDir: string;
  readonly #host: SpecHost;
  readonly #all: boolean;
  #lastComplete: RunResult | undefined;

  constructor(kata: Kata, implDir: string, host: SpecHost, all: boolean) {
    this.#kata = kata;
    this.#implDir = implDir;
    this.#host = host;
    this.#all = all;
  }

  /**
   * Runs what matters now: the levels up to the current one (locked levels keep their last result, shown only as
   * a count); once those pass, everything, to find the next current level. Fewer files, faster verdict.
   */
  async run(changed: readonly string[]): Promise<Verdict> {
    const run = await this.#runSpecs(changed);
    if (run.runaway === undefined) this.#lastComplete = run;
    const summary = summarize(
      this.#kata,
      run.runaway === undefined ? run : { ...run, tests: this.#lastComplete?.tests ?? [] },
    );
    return {
      run,
      summary,
      editedSpecs: editedSpecs(this.#kata.id),
      allPass: summary.current === undefined && run.runaway === undefined && run.fileErrors.length === 0,
    };
  }

  async #runSpecs(changed: readonly string[]): Promise<RunResult> {
    const kata = this.#kata;
    const everything = [specFilter(kata.id)];
    const previous = this.#lastComplete;
    const current = previous === undefined || this.#all ? undefined : summarize(kata, previous).current;
    const implDir = this.#implDir;
    if (previous === undefined || current === undefined || current === kata.levels.length) {
      return this.#host.run({ implDir, filters: everything, changed });
    }
    const levels = Array.from({ length: current }, (_, index) => `specs/${kata.id}/l${index + 1}-`);
    const partial = await this.#host.run({ implDir, filters: levels, changed });
    if (partial.runaway !== undefined) return partial;
    const merged = {
      ...partial,
      tests: [...partial.tests, ...previous.tests.filter((test) => levelOf(test) > current)],
    };
    const now = summarize(kata, merged).current;
    return now !== undefined && now <= current ? merged : this.#host.run({ implDir, filters: everything, changed: [] });
  }
}

/** Stores the run as the kata's latest; returns a warning when the progress file had to be moved aside. */
export function recordVerdict(kata: Kata, verdict: Verdict): string | undefined {
  if (verdict.run.runaway !== undefined) return undefined;
  const { summary } = verdict;
  return recordRun(kata.id, {
    lastRun: nowIso(),
    levels: summary.levels.length,
    levelsPassed: levelsPassed(summary),
    testsPassed: summary.testsPassed,
    tests: summary.tests,
    ...(verdict.editedSpecs.length > 0 ? { editedSpecs: verdict.editedSpecs } : {}),
  });
}

/**
 * Watches the learner's kata folder and the kata's specs; calls `onBatch` with the changed files once edits
 * settle, one batch at a time (saves during a run are collected for the next). Returns a function that stops.
 */
export function watchKata(
  kata: Kata,
  implDir: string,
  onBatch: (changed: readonly string[], savedAt: number | undefined) => Promise<void>,
): { stop: () => void; trigger: (file: string) => void } {
  const pending = new Set<string>();
  let savedAt: number | undefined;
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  const drain = async (): Promise<void> => {
    if (running || pending.size === 0) return;
    running = true;
    const changed = [...pending];
    const at = savedAt;
    savedAt = undefined;
    pending.clear();
    await onBatch(changed, at);
    running = false;
    void drain();
  };

  const onChange = (folder: string) => (_event: string, name: string | Buffer | null) => {
    // Some platforms report no file name: then every file of the folder may have changed.
    const changed = name === null ? readdirSync(folder) : [name.toString()];
    for (const entry of changed) pending.add(join(folder, entry));
    savedAt ??= Date.now();
    clearTimeout(timer);
    // Editors write a file in several steps; wait for them to settle before running.
    timer = setTimeout(() => void drain(), 30);
  };

  const watchers: FSWatcher[] = [];
  for (const folder of [dirname(kataFile(implDir, kata.id)), join(specsDir, kata.id), join(specsDir, 'support')]) {
    if (exists(folder)) watchers.push(watch(folder, onChange(folder)));
  }
  return {
    stop: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
    trigger: (file) => {
      pending.add(file);
      void drain();
    },
  };
}
