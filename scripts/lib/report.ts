/** Turns a run into what the learner reads: a header with levels, then the failures that matter now. */
import { relative } from 'node:path';
import type { Kata } from '../catalog.ts';
import { type KataSummary, type LevelSummary, levelsPassed } from './levels.ts';
import { repoRoot } from './paths.ts';
import { bar, bold, cyan, dim, duration, green, indent, pad, red, yellow } from './render.ts';
import type { RunResult, TestOutcome } from './results.ts';

export interface ReportOptions {
  readonly kata: Kata;
  /** The file the learner edits. */
  readonly file: string;
  readonly run: RunResult;
  readonly summary: KataSummary;
  /** Show every level's failures, not only the current level's. */
  readonly all: boolean;
  /** Show every failure in full (for --once: nothing scrolls away, nothing is left out). */
  readonly full: boolean;
  readonly elapsedMs: number;
  /** One line at the bottom, e.g. how to re-run. */
  readonly footer: string;
  /** Lines under the heading: a countdown, a warning that the specs were edited. */
  readonly banner?: readonly string[];
  /** The current level's requirements, shown above its failures (the timed challenge reveals them one by one). */
  readonly requirements?: string;
}

const shownInFull = 3;
const listedByName = 10;
const linesPerFailure = 16;

/** Keeps the first `max` lines of a message, saying how many were left out. */
function clip(message: string, max: number): string {
  const lines = message.split('\n');
  return lines.length <= max ? message : [...lines.slice(0, max), `… ${lines.length - max} more lines`].join('\n');
}

/** Fits a report into a terminal of `rows` lines, keeping the header (top) and the footer (last line). */
export function fitToScreen(text: string, rows: number | undefined): string {
  const lines = text.split('\n');
  if (rows === undefined || rows < 10 || lines.length <= rows - 1) return text;
  const footer = lines.at(-1) ?? '';
  const kept = lines.slice(0, rows - 3);
  return [...kept, dim(`… ${lines.length - kept.length - 1} more lines (--once prints everything)`), footer].join('\n');
}

const display = (path: string): string => {
  const inside = relative(repoRoot, path);
  return inside.startsWith('..') ? path : inside;
};

/** The test's name without its level suite: `get › marks the key most recently used`. */
export function testLabel(test: TestOutcome): string {
  return [...test.suites.slice(1), test.name].join(' › ');
}

/** Adds what a learner needs to know to the raw error: the usual causes of timeouts and load failures. */
function explain(message: string): string {
  if (/timed out in \d+ms/i.test(message)) {
    return `${message}\nA promise in your code never settled: a missing resolve/reject, or an await on something that never happens.`;
  }
  return message;
}

function levelLine(level: LevelSummary, summary: KataSummary, all: boolean): string {
  const isCurrent = level.level === summary.current;
  const locked = !all && summary.current !== undefined && level.level > summary.current;
  const marker = isCurrent ? cyan('▶') : ' ';
  // Wide enough for the kata's longest level title, so the bars line up.
  const width = Math.max(38, ...summary.levels.map((each) => `L${each.level} ${each.title}`.length));
  const name = pad(`L${level.level} ${level.title}`, width);
  if (locked) return `${marker} ${dim(name)} ${dim(`locked · ${level.total} tests`)}`;
  const count = `${level.passed}/${level.total}`.padStart(7);
  const mark = level.total > 0 && level.passed === level.total ? green(' ✓') : '';
  return `${marker} ${isCurrent ? bold(name) : name} ${bar(level.passed, level.total)} ${count}${mark}`;
}

/** The load error's own message (`KataLoadError: Could not load … / reason`), from whichever test shows it plainly. */
function loadErrorOf(tests: readonly TestOutcome[]): string {
  const plain = tests.map((test) => test.errors[0] ?? '').find((message) => message.startsWith('KataLoadError'));
  return plain ?? tests[0]?.errors[0] ?? '';
}

/** Failures grouped by identical message, so one load error does not print fifty times. */
function failureBlock(failures: readonly TestOutcome[], inFull: number, clipAt: number): string[] {
  const groups = new Map<string, TestOutcome[]>();
  for (const test of failures) {
    const message = test.errors[0] ?? '(no message)';
    // When the learner's file failed to load, every test fails with it, some inside a diff: group them all.
    const key = message.includes('Could not load ') ? 'load error' : message;
    groups.set(key, [...(groups.get(key) ?? []), test]);
  }
  const lines: string[] = [];
  let shown = 0;
  const listed: TestOutcome[] = [];
  for (const [key, tests] of groups) {
    const [first, ...rest] = tests;
    if (first === undefined) continue;
    const message = key === 'load error' ? loadErrorOf(tests) : key;
    if (shown >= inFull) {
      listed.push(...tests);
      continue;
    }
    shown++;
    lines.push(`${red('✗')} ${bold(testLabel(first))}`, indent(clip(explain(message), clipAt)));
    if (rest.length > 0) lines.push(dim(`    …and ${rest.length} more test(s) with the same error`));
    lines.push('');
  }
  for (const test of listed.slice(0, listedByName)) lines.push(`${red('✗')} ${testLabel(test)}`);
  if (listed.length > listedByName) lines.push(dim(`…and ${listed.length - listedByName} more`));
  return lines;
}

export function renderReport(options: ReportOptions): string {
  const { kata, run, summary, all } = options;
  const lines: string[] = [];
  const heading = `${bold(kata.title)} ${dim(`(${kata.id}) · ${kata.system} · ${kata.difficulty}`)}`;
  lines.push(`${pad(heading, 62)} ${dim(duration(options.elapsedMs))}`);
  lines.push(`Edit ${cyan(display(options.file))} · contract ${display(`${repoRoot}katas/${kata.id}/README.md`)}`);
  lines.push(...(options.banner ?? []), '');
  for (const level of summary.levels) lines.push(levelLine(level, summary, all));
  lines.push('');

  if (run.runaway !== undefined) {
    const { runaway } = run;
    const seconds = (runaway.afterMs / 1000).toFixed(1);
    lines.push(
      runaway.test === undefined
        ? yellow(`⚠ Loading ${runaway.loading ?? runaway.file} did not finish after ${seconds} s.`)
        : yellow(`⚠ ${runaway.test.replaceAll(' > ', ' › ')} (${runaway.file}) did not finish after ${seconds} s.`),
      'An infinite loop, or a top-level await that never resolves? The run was stopped; the runner is fine.',
      'Fix the code and save: the specs run again. Level counts above are from before this run.',
      '',
    );
  }
  for (const error of run.fileErrors) lines.push(`${red('✗')} ${bold(error.file)}`, indent(error.message), '');
  for (const test of summary.unlevelled) lines.push(yellow(`⚠ ${test.name} sits outside any level suite (a spec bug)`));

  if (summary.current === undefined && run.runaway === undefined && run.fileErrors.length === 0) {
    lines.push(
      green(`✓ All ${summary.levels.length} levels pass: ${summary.testsPassed}/${summary.tests} tests.`),
      `Compare with the reference: solutions/${kata.id}/index.ts`,
    );
    if (kata.related.length > 0)
      lines.push(`Related katas: ${kata.related.map((id) => `npm run kata ${id}`).join(' · ')}`);
  } else if (run.runaway === undefined) {
    const current = summary.levels[(summary.current ?? 1) - 1];
    if (current !== undefined) {
      lines.push(
        bold(`Level ${current.level} of ${summary.levels.length} · ${current.title}`) +
          dim(
            ` · ${current.passed}/${current.total} passing · expected ${current.minutes[0]}–${current.minutes[1]} min`,
          ),
        '',
      );
    }
    if (options.requirements !== undefined) lines.push(options.requirements.trim(), '');
    const failures = all ? summary.levels.flatMap((level) => level.failures) : (current?.failures ?? []);
    const inFull = options.full ? Number.POSITIVE_INFINITY : shownInFull;
    lines.push(...failureBlock(failures, inFull, options.full ? Number.POSITIVE_INFINITY : linesPerFailure));
    if (!all && levelsPassed(summary) < summary.levels.length - 1) {
      lines.push(dim('Later levels unlock when this one passes (--all shows them now).'));
    }
  }
  const output = run.output.filter((entry) => entry.content.trim() !== '');
  if (output.length > 0) {
    lines.push('', dim('Your console output:'));
    for (const entry of output.slice(-12)) lines.push(dim(`  [${entry.test ?? 'file'}] `) + entry.content.trimEnd());
  }
  lines.push('', dim(options.footer));
  return lines.join('\n');
}

/** The warning shown, and recorded, when a run used spec files that differ from the shipped ones. */
export function editedBanner(edited: readonly string[]): string[] {
  if (edited.length === 0) return [];
  const files =
    edited.length <= 3 ? edited.join(', ') : `${edited.slice(0, 3).join(', ')} and ${edited.length - 3} more`;
  return [yellow(`⚠ Specs edited: ${files}. This run is marked "specs edited" in your progress.`)];
}
