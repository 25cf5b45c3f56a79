/**
 * npm run hint <id> [-- --impl D]
 *
 * The next hint for the level you are on: the specs run once to find it (and your first failing test), then one
 * hint is shown — the one written for that failing test if there is one you have not seen, otherwise the next in
 * order, from gentle to nearly the answer. Each hint shown is recorded (.kata/progress.json), and a timed
 * challenge running at the same time counts it in its scorecard.
 */
import { kataOrExit, parseCommandLine } from './lib/cli.ts';
import { nowIso } from './lib/clock.ts';
import { kataFile, resolveImplDir } from './lib/paths.ts';
import { bold, cyan, dim, green, yellow } from './lib/render.ts';
import { testLabel } from './lib/report.ts';
import { fullName, type TestOutcome } from './lib/results.ts';
import { LevelRunner } from './lib/session.ts';
import { SpecHost } from './lib/spec-runner.ts';
import { loadProgress, recordHint } from './lib/store.ts';

const usage = 'Usage: npm run hint <id> [-- --impl <dir>]';
const { values, positionals } = parseCommandLine({}, usage);
const kata = kataOrExit(positionals[0], usage);
const implDir = resolveImplDir(values.impl ?? process.env.KATA_IMPL_DIR);
const { progress, warning } = loadProgress();
if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);

// Which level, and which test fails first: one run of the specs.
process.stderr.write(dim(`Running the ${kata.id} specs to find your level …\n`));
const host = new SpecHost({ testLimitMs: Number(process.env.KATA_TEST_LIMIT_MS ?? 5_000) });
let level: number | undefined;
let firstFailure: TestOutcome | undefined;
try {
  const verdict = await new LevelRunner(kata, implDir, host, false).run([kataFile(implDir, kata.id)]);
  if (verdict.run.runaway === undefined) {
    level = verdict.summary.current;
    firstFailure = level === undefined ? undefined : verdict.summary.levels[level - 1]?.failures[0];
    if (level === undefined) {
      process.stdout.write(
        `${green('Every level passes')}: no hint needed. Compare with solutions/${kata.id}/index.ts\n`,
      );
      host.close();
      process.exit(0);
    }
  }
} catch {
  // The specs could not run: fall back to the recorded level below.
} finally {
  host.close();
}
level ??= Math.min((progress.katas[kata.id]?.levelsPassed ?? 0) + 1, kata.levels.length);

const entry = kata.levels[level - 1];
if (entry === undefined) process.exit(0);
const seen = new Set(
  progress.hints.filter((use) => use.kata === kata.id && use.level === level).map((use) => use.hint),
);
const unseen = entry.hints
  .map((hint, index) => ({ hint, number: index + 1 }))
  .filter(({ number }) => !seen.has(number));
const name = firstFailure === undefined ? '' : fullName(firstFailure);
const forFailure = unseen.find(({ hint }) => hint.forTest !== undefined && name.includes(hint.forTest));
const chosen = forFailure ?? unseen[0];

const heading = `Level ${level} · ${entry.title}`;
if (chosen === undefined) {
  process.stdout.write(
    `${bold(heading)}\nYou have seen all ${entry.hints.length} hints for this level:\n` +
      entry.hints.map((hint, index) => `  ${index + 1}. ${hint.text}`).join('\n') +
      `\nStill stuck? Read the level in katas/${kata.id}/README.md again, or compare with solutions/${kata.id}/index.ts.\n`,
  );
  process.exit(0);
}
const recordWarning = recordHint({ kata: kata.id, level, hint: chosen.number, at: nowIso() });
if (recordWarning !== undefined) process.stderr.write(`${yellow(recordWarning)}\n`);
const left = unseen.length - 1;
process.stdout.write(
  `${bold(`Hint ${chosen.number} of ${entry.hints.length}`)} ${dim(`· ${heading}`)}\n\n  ${cyan(chosen.hint.text)}\n\n` +
    (firstFailure !== undefined && chosen === forFailure
      ? dim(`For your first failing test: ${testLabel(firstFailure)}\n`)
      : '') +
    dim(
      left === 0
        ? 'That was the last hint for this level.\n'
        : `${left} more for this level: npm run hint ${kata.id}\n`,
    ),
);
