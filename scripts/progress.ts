/**
 * npm run progress                       every kata: state, tests passing, best challenge time, hints, last attempt
 * npm run progress -- --coverage [ids]   also runs the specs over your started katas with v8 coverage and lists the
 *                                        lines of your own code that no spec executed
 * npm run progress -- --html [--out F]   also writes the table and a chart of challenge times as one
 *                                        self-contained page (default .kata/progress.html)
 * Runs against edited spec files are marked "specs edited"; they never count as a best time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { catalog } from './catalog.ts';
import { fail, kataOrExit, parseCommandLine } from './lib/cli.ts';
import { nowIso } from './lib/clock.ts';
import { lineRanges, measureCoverage } from './lib/coverage.ts';
import { resolveImplDir } from './lib/paths.ts';
import { progressPage } from './lib/progress-html.ts';
import { progressRows } from './lib/progress-view.ts';
import { bold, dim, green, pad, red, yellow } from './lib/render.ts';
import { fullName } from './lib/results.ts';
import { loadProgress, stateFolder } from './lib/store.ts';
import { changesFromStub } from './lib/workspace.ts';

const usage = 'Usage: npm run progress [-- --coverage [<id> ...]] [--html] [--out <file>] [--impl <dir>]';
const { values, positionals } = parseCommandLine(
  {
    coverage: { type: 'boolean', default: false },
    html: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  usage,
);
if (positionals.length > 0 && !values.coverage) fail(`Kata ids go with --coverage.\n${usage}`);
const shown = (path: string) => relative(process.cwd(), path) || path;

const { progress, warning } = loadProgress();
if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);
const rows = progressRows(catalog, progress);

const header = `${pad('kata', 24)}${pad('state', 13)}${pad('tests', 10)}${pad('best', 12)}${pad('tries', 7)}${pad('hints', 7)}last attempt`;
const lines = [bold('Your progress'), '', dim(header)];
for (const row of rows) {
  const state = row.state === 'done' ? green('done ✓') : row.state === 'not started' ? dim(row.state) : row.state;
  lines.push(
    pad(row.kata.id, 24) +
      pad(state, 13) +
      pad(row.tests, 10) +
      pad(row.best, 12) +
      pad(String(row.attempts.length), 7) +
      pad(String(row.hintsUsed), 7) +
      row.lastAttempt +
      (row.editedSpecs.length > 0 ? red('  ⚠ specs edited') : ''),
  );
}
const edited = rows.filter((row) => row.editedSpecs.length > 0);
if (edited.length > 0) {
  lines.push(
    '',
    red('⚠ specs edited:') +
      ` runs or attempts of ${edited.map((row) => row.kata.id).join(', ')} used spec files that differ from the shipped ones; they do not count as best times.`,
  );
}
lines.push(
  '',
  dim(`From ${shown(join(stateFolder(), 'progress.json'))}. Start a timed attempt: npm run challenge <id>`),
);
process.stdout.write(`${lines.join('\n')}\n`);

if (values.html) {
  const out = resolve(values.out ?? join(stateFolder(), 'progress.html'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, progressPage(rows, nowIso()));
  process.stdout.write(`\nWrote ${shown(out)}: open it in a browser (it needs no network).\n`);
}

if (values.coverage) {
  const implDir = resolveImplDir(values.impl ?? process.env.KATA_IMPL_DIR);
  const katas =
    positionals.length > 0
      ? positionals.map((id) => kataOrExit(id, usage))
      : catalog.filter((kata) => {
          try {
            // A folder without the kata (a practice folder with only some katas) has nothing of the learner's.
            return existsSync(join(implDir, kata.id)) && changesFromStub(implDir, kata.id).length > 0;
          } catch {
            return false;
          }
        });
  process.stdout.write(`\n${bold('Coverage of your code by the specs')}\n`);
  if (katas.length === 0) {
    process.stdout.write('No kata differs from its stub yet: nothing of yours to measure. Name one: --coverage lru\n');
    process.exit(0);
  }
  process.stdout.write(dim(`Running the specs of ${katas.map((kata) => kata.id).join(', ')} with coverage …\n`));
  const { run, files } = await measureCoverage(katas, implDir);
  if (run.runaway !== undefined) {
    process.stdout.write(
      red(
        `⚠ ${run.runaway.test ?? run.runaway.loading ?? run.runaway.file} did not finish: the run was stopped, so there is no coverage to show.\n`,
      ),
    );
    process.exit(1);
  }
  for (const kata of katas) {
    const folder = join(implDir, kata.id);
    const tests = run.tests.filter((test) => test.file.startsWith(`specs/${kata.id}/`));
    const passing = tests.filter((test) => test.state === 'passed').length;
    process.stdout.write(`\n${bold(kata.id)} ${dim(`· ${passing}/${tests.length} tests pass`)}\n`);
    const mine = files.filter((file) => file.file.startsWith(`${folder}/`));
    if (mine.length === 0) process.stdout.write('  no coverage recorded (did the file load?)\n');
    for (const file of mine) {
      const percent = file.statements === 0 ? 100 : (100 * file.coveredStatements) / file.statements;
      const label = `  ${shown(file.file)}: ${percent.toFixed(1)}% of statements ran`;
      if (file.uncoveredLines.length === 0) {
        process.stdout.write(`${label}; ${green('every line ran')}\n`);
        continue;
      }
      process.stdout.write(`${label}; never ran: lines ${lineRanges(file.uncoveredLines)}\n`);
      const source = readFileSync(file.file, 'utf8').split('\n');
      for (const line of file.uncoveredLines.slice(0, 12)) {
        process.stdout.write(dim(`    ${String(line).padStart(4)} │ ${(source[line - 1] ?? '').trimEnd()}\n`));
      }
      if (file.uncoveredLines.length > 12) process.stdout.write(dim(`    … ${file.uncoveredLines.length - 12} more\n`));
    }
    const failing = tests.filter((test) => test.state === 'failed');
    const example = failing[0];
    if (example !== undefined) {
      process.stdout.write(
        dim(`  (${failing.length} failing, e.g. ${fullName(example)}: lines behind a failure may not have run)\n`),
      );
    }
  }
  process.stdout.write(
    dim(
      '\nA line no spec ran is dead code, or a case the contract does not ask for: remove it, or ask why it is there.\n',
    ),
  );
}
