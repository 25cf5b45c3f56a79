/**
 * npm run kata                 the catalog, with your state in each kata
 * npm run kata <id>            watch mode: the specs re-run on every save, one level unlocked at a time
 * npm run kata <id> -- --once  one run; exit 0 only if every level passes (no TTY needed)
 *                     --all    show every level's failures, not only the current level's
 *                     --impl D test the folder D (laid out like katas/) instead of katas/; also KATA_IMPL_DIR
 *                     --ui     open @vitest/ui on this kata's specs instead
 */
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { catalog, type Kata } from './catalog.ts';
import { fail, kataOrExit, parseCommandLine, redisOrExit } from './lib/cli.ts';
import { stateOf } from './lib/levels.ts';
import { exists, kataFile, katasDir, repoRoot, resolveImplDir, specFilter } from './lib/paths.ts';
import { bold, clearScreen, dim, duration, pad, red, yellow } from './lib/render.ts';
import { editedBanner, fitToScreen, renderReport } from './lib/report.ts';
import { LevelRunner, recordVerdict, type Verdict, watchKata } from './lib/session.ts';
import { SpecHost } from './lib/spec-runner.ts';
import { loadProgress } from './lib/store.ts';

const usage = `Usage: npm run kata [<id>] [-- --once] [--all] [--ui] [--impl <dir>]`;

function listCatalog(): void {
  const { progress, warning } = loadProgress();
  if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);
  const lines = [bold(`${catalog.length} kata(s)`), ''];
  // Columns as wide as their longest entry; long titles are cut so a line fits a terminal.
  const title = (text: string) => (text.length > 36 ? `${text.slice(0, 35)}…` : text);
  const idWidth = Math.max(...catalog.map((kata) => kata.id.length)) + 2;
  const titleWidth = Math.max(...catalog.map((kata) => title(kata.title).length)) + 2;
  const row = (cells: readonly [string, string, string, string, string, string]) =>
    `${pad(cells[0], idWidth)}${pad(cells[1], titleWidth)}${pad(cells[2], 15)}${pad(cells[3], 12)}${pad(cells[4], 16)}${cells[5]}`;
  lines.push(dim(row(['id', 'title', 'system', 'difficulty', 'state', 'tests'])));
  for (const kata of catalog) {
    const mine = progress.katas[kata.id];
    const tests = mine === undefined ? '' : `${mine.testsPassed}/${mine.tests}`;
    lines.push(row([kata.id, title(kata.title), kata.system, kata.difficulty, stateOf(kata, mine), tests]));
  }
  lines.push('', `Start one: ${bold('npm run kata <id>')}   e.g. npm run kata ${catalog[0]?.id ?? 'lru'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function openUi(kata: Kata, implDir: string): void {
  const vitest = join(repoRoot, 'node_modules/.bin/vitest');
  const child = spawn(vitest, ['--ui', '--watch', '--open=false', specFilter(kata.id)], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, KATA_IMPL_DIR: implDir },
  });
  // Stopping the runner stops the UI server with it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const main = async (): Promise<void> => {
  const { values, positionals } = parseCommandLine(
    {
      once: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      ui: { type: 'boolean', default: false },
    },
    usage,
  );
  const [id, ...extra] = positionals;
  if (extra.length > 0) fail(`One kata at a time; got ${positionals.join(', ')}.\n${usage}`);
  if (id === undefined) {
    listCatalog();
    return;
  }
  const kata = kataOrExit(id, usage);
  await redisOrExit(kata);
  const implDir = resolveImplDir(values.impl ?? process.env.KATA_IMPL_DIR);
  const file = kataFile(implDir, kata.id);
  if (!exists(file)) {
    fail(`No file at ${file}.\nThe implementation folder must be laid out like katas/: <dir>/${kata.id}/index.ts`);
  }
  if (values.ui) {
    openUi(kata, implDir);
    return;
  }

  const testLimitMs = Number(process.env.KATA_TEST_LIMIT_MS ?? 5_000);
  const host = new SpecHost({ testLimitMs });
  const runner = new LevelRunner(kata, implDir, host, values.all);
  const recordProgress = implDir === katasDir;
  const started = Date.now();

  const runAndReport = async (changed: readonly string[], savedAt: number | undefined, footer: string) => {
    let verdict: Verdict;
    try {
      verdict = await runner.run(changed);
    } catch (error) {
      process.stdout.write(
        `${red(`The specs could not run: ${error instanceof Error ? error.message : String(error)}`)}\n`,
      );
      return false;
    }
    const { run, summary } = verdict;
    const latency =
      savedAt === undefined
        ? ` · specs ran in ${(run.durationMs / 1000).toFixed(2)} s`
        : ` · verdict ${((Date.now() - savedAt) / 1000).toFixed(2)} s after save`;
    const text = renderReport({
      kata,
      file,
      run,
      summary,
      all: values.all,
      full: values.once,
      elapsedMs: Date.now() - started,
      footer: footer + latency,
      banner: editedBanner(verdict.editedSpecs),
    });
    process.stdout.write(`${values.once ? text : fitToScreen(text, process.stdout.rows)}\n`);
    if (recordProgress) {
      const warning = recordVerdict(kata, verdict);
      if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);
    }
    return verdict.allPass;
  };

  if (values.once) {
    const ok = await runAndReport([], undefined, 'Ran once (--once)');
    host.close();
    process.exit(ok ? 0 : 1);
  }

  // Watch mode. The learner's kata folder and the kata's specs are watched; any change re-runs the specs.
  const footer = 'Watching: save to re-run · Ctrl-C to stop';
  const watcher = watchKata(kata, implDir, async (changed, savedAt) => {
    process.stdout.write(clearScreen());
    await runAndReport(changed, savedAt, footer);
  });
  const stop = () => {
    watcher.stop();
    host.close();
    process.stdout.write(`\n${dim(`Stopped after ${duration(Date.now() - started)}.`)}\n`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  process.stdout.write(`${dim(`Starting ${kata.title} on ${relative(process.cwd(), file) || file} …`)}\n`);
  watcher.trigger(file);
};

await main();
