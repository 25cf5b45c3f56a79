/**
 * npm run challenge <id> [-- --minutes N] [--yes] [--impl D]
 *
 * A timed run of a kata, like a progressive interview: your folder is backed up and reset to the stub (you are
 * asked first, or pass --yes), a countdown runs, and only the current level's requirements are shown — the next
 * level's README section and tests are revealed when the current one passes. It ends when every level passes,
 * when time is up, or on Ctrl-C, with a scorecard: levels passed, tests per level, split times against the
 * catalog's expected minutes, and the hints used (`npm run hint <id>` in another terminal). The attempt is
 * recorded in .kata/progress.json; `npm run progress` lists your attempts.
 *
 * Default time: the sum of the levels' lower expected minutes (90 for a four-level kata like lru).
 * Without a terminal (CI, tests) it works the same; the question becomes an error unless --yes is given.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fail, kataOrExit, parseCommandLine, redisOrExit } from './lib/cli.ts';
import { now } from './lib/clock.ts';
import { levelsPassed } from './lib/levels.ts';
import { exists, kataFile, katasDir, resolveImplDir } from './lib/paths.ts';
import { readReadme, revealed } from './lib/readme.ts';
import { bold, clearScreen, cyan, dim, duration, green, red, yellow } from './lib/render.ts';
import { editedBanner, fitToScreen, renderReport } from './lib/report.ts';
import { renderScorecard } from './lib/scorecard.ts';
import { LevelRunner, recordVerdict, type Verdict, watchKata } from './lib/session.ts';
import { SpecHost } from './lib/spec-runner.ts';
import { type Attempt, type AttemptEnd, loadProgress, recordAttempt, stateFolder } from './lib/store.ts';
import { changesFromStub, resetToStub } from './lib/workspace.ts';

const usage = 'Usage: npm run challenge <id> [-- --minutes <N>] [--yes] [--impl <dir>]';

const { values, positionals } = parseCommandLine(
  {
    minutes: { type: 'string' },
    yes: { type: 'boolean', short: 'y', default: false },
  },
  usage,
);
const [id, ...extra] = positionals;
const kata = kataOrExit(id, usage);
await redisOrExit(kata);
if (extra.length > 0) fail(`One kata at a time; got ${positionals.join(', ')}.\n${usage}`);
const defaultMinutes = kata.levels.reduce((sum, level) => sum + level.minutes[0], 0);
const minutes = values.minutes === undefined ? defaultMinutes : Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) fail(`--minutes must be a positive number; got '${values.minutes}'.`);
const limitMs = Math.round(minutes * 60_000);

const implDir = resolveImplDir(values.impl ?? process.env.KATA_IMPL_DIR);
const file = kataFile(implDir, kata.id);
if (!exists(join(implDir, kata.id)) && implDir !== katasDir) {
  fail(`No folder ${join(implDir, kata.id)}: --impl must name a folder laid out like katas/.`);
}
const shown = (path: string) => relative(process.cwd(), path) || path;

// 1. Start from the stub, never silently.
let changes: string[];
try {
  changes = changesFromStub(implDir, kata.id);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
if (changes.length > 0 && !values.yes) {
  const question = `${shown(join(implDir, kata.id))} differs from the stub (${changes.join(', ')}).\nThe challenge starts from the stub: your files are backed up first (npm run reset ${kata.id} -- --restore brings them back).`;
  if (process.stdin.isTTY !== true) {
    fail(`${question}\nNo terminal to ask in: pass --yes to back up and reset.`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`${question}\nBack up and reset now? [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    process.stdout.write('Nothing changed.\n');
    process.exit(0);
  }
}
if (changes.length > 0) {
  try {
    const backup = resetToStub(implDir, kata.id);
    if (backup !== undefined) process.stdout.write(`Your files are backed up in ${shown(backup)}.\n`);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 1);
  }
}

// 2. The attempt.
const startedAt = now();
const deadline = startedAt + limitMs;
const readme = readReadme(join(implDir, kata.id, 'README.md'));
const revealedFile = join(stateFolder(), 'challenge', `${kata.id}.md`);
const passedAt: (number | null)[] = kata.levels.map(() => null);
const edited = new Set<string>();
let revealedUpTo = 0;
let last: Verdict | undefined;
let finished = false;

/** Writes the README as far as revealed, so the learner can keep it open in an editor. */
function reveal(level: number): void {
  revealedUpTo = level;
  mkdirSync(join(stateFolder(), 'challenge'), { recursive: true });
  const note = `<!-- Timed challenge: levels 1–${level} of ${kata.levels.length} revealed. This file grows as you pass levels. -->`;
  writeFileSync(revealedFile, `${note}\n\n${revealed(readme, level)}\n`);
}

function countdown(at: number): string {
  const left = Math.max(0, deadline - at);
  const done = passedAt.filter((time) => time !== null).length;
  const splitText = passedAt
    .map((time, index) => (time === null ? undefined : `L${index + 1} ${duration(time)}`))
    .filter((entry) => entry !== undefined)
    .join(' · ');
  return (
    `${cyan('⏱')} ${bold(`${duration(left)} left`)} of ${duration(limitMs)} · ${done}/${kata.levels.length} levels` +
    (splitText === '' ? '' : dim(` · passed at ${splitText}`))
  );
}

function attemptOf(end: AttemptEnd, endedAt: number): Attempt {
  const { progress } = loadProgress();
  const hints = progress.hints
    .filter((use) => use.kata === kata.id && Date.parse(use.at) >= startedAt && Date.parse(use.at) <= endedAt)
    .map((use) => `L${use.level}.${use.hint}`);
  return {
    id: randomUUID(),
    kata: kata.id,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    limitMs,
    end,
    levels: kata.levels.map((_, index) => {
      const summary = last?.summary.levels[index];
      return {
        level: index + 1,
        passed: summary?.passed ?? 0,
        total: summary?.total ?? 0,
        passedAtMs: passedAt[index] ?? null,
      };
    }),
    hints,
    editedSpecs: [...edited].sort(),
  };
}

const host = new SpecHost({ testLimitMs: Number(process.env.KATA_TEST_LIMIT_MS ?? 5_000) });
const runner = new LevelRunner(kata, implDir, host, false);
let ticker: NodeJS.Timeout | undefined;
let watcher: ReturnType<typeof watchKata> | undefined;

function finish(end: AttemptEnd): void {
  if (finished) return;
  finished = true;
  clearInterval(ticker);
  watcher?.stop();
  host.close();
  const endedAt = Math.min(now(), deadline);
  const attempt = attemptOf(end, endedAt);
  const warning = recordAttempt(attempt);
  if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);
  process.stdout.write(`\n${renderScorecard(kata, attempt)}\n\n`);
  process.stdout.write(
    dim(`Recorded in ${shown(join(stateFolder(), 'progress.json'))}. See all attempts: npm run progress\n`),
  );
  process.exit(0);
}

async function onRun(changed: readonly string[]): Promise<void> {
  if (finished) return;
  let verdict: Verdict;
  try {
    verdict = await runner.run(changed);
  } catch (error) {
    if (finished) return;
    process.stdout.write(
      `${red(`The specs could not run: ${error instanceof Error ? error.message : String(error)}`)}\n`,
    );
    return;
  }
  if (finished) return;
  const at = now();
  last = verdict.run.runaway === undefined ? verdict : last;
  for (const file of verdict.editedSpecs) edited.add(file);
  const passedNow = levelsPassed(verdict.summary);
  for (let index = 0; index < passedNow; index++) passedAt[index] ??= Math.min(at, deadline) - startedAt;
  const newlyRevealed = Math.min(passedNow + 1, kata.levels.length);
  const unlocked = newlyRevealed > revealedUpTo && !verdict.allPass;
  if (unlocked) reveal(newlyRevealed);
  if (implDir === katasDir) recordVerdict(kata, verdict);

  const banner = [countdown(at), ...editedBanner(verdict.editedSpecs)];
  if (unlocked && newlyRevealed > 1)
    banner.push(green(`✓ Level ${newlyRevealed - 1} passed: level ${newlyRevealed} is revealed.`));
  const section = readme.levels[newlyRevealed - 1];
  const text = renderReport({
    kata,
    file,
    run: verdict.run,
    summary: verdict.summary,
    all: false,
    full: false,
    elapsedMs: at - startedAt,
    footer: `Challenge: save to re-run · requirements so far in ${shown(revealedFile)} · Ctrl-C ends with a scorecard`,
    banner,
    ...(unlocked && section !== undefined ? { requirements: section } : {}),
  });
  process.stdout.write(`${clearScreen()}${fitToScreen(text, process.stdout.rows)}\n`);
  if (verdict.allPass) finish('completed');
}

process.on('SIGINT', () => finish('stopped'));
process.on('SIGTERM', () => finish('stopped'));

process.stdout.write(
  `${bold(`Timed challenge: ${kata.title}`)} · ${duration(limitMs)} · ${kata.levels.length} levels, revealed one at a time\n`,
);
reveal(1);
const tickMs = Number(process.env.KATA_TICK_MS ?? 1_000);
ticker = setInterval(() => {
  const at = now();
  if (at >= deadline) {
    finish('time-up');
    return;
  }
  // The countdown lives in the terminal's title between runs, so the report need not be redrawn every second.
  if (process.stdout.isTTY === true)
    process.stdout.write(`\u001b]0;${duration(deadline - at)} left · ${kata.id}\u0007`);
}, tickMs);
watcher = watchKata(kata, implDir, (changed) => onRun(changed));
watcher.trigger(file);
