/**
 * npm run kata                 the catalog, with your state in each kata
 * npm run kata <id>            watch mode: the specs re-run on every save, one level unlocked at a time
 * npm run kata <id> -- --once  one run; exit 0 only if every level passes (no TTY needed)
 *                     --all    show every level's failures, not only the current level's
 *                     --impl D test the folder D (laid out like katas/) instead of katas/; also KATA_IMPL_DIR
 *                     --ui     open @vitest/ui on this kata's specs instead
 */
import { spawn } from 'node:child_process';
import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { catalog, findKata, type Kata } from './catalog.ts';
import { levelsPassed, summarize } from './lib/levels.ts';
import { exists, kataFile, katasDir, repoRoot, resolveImplDir, specFilter, specsDir } from './lib/paths.ts';
import { bold, clearScreen, dim, duration, green, pad, red, yellow } from './lib/render.ts';
import { fitToScreen, renderReport } from './lib/report.ts';
import { levelOf, type RunResult } from './lib/results.ts';
import { SpecHost } from './lib/spec-runner.ts';
import { type KataProgress, loadProgress, recordRun } from './lib/store.ts';
import { unknownName } from './lib/suggest.ts';

const usage = `Usage: npm run kata [<id>] [-- --once] [--all] [--ui] [--impl <dir>]`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${red(message)}\n`);
  process.exit(code);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        once: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        ui: { type: 'boolean', default: false },
        impl: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

function stateOf(kata: Kata, progress: KataProgress | undefined): string {
  if (progress === undefined) return dim('not started');
  if (progress.levelsPassed >= kata.levels.length) return green('done ✓');
  return `level ${progress.levelsPassed + 1}/${kata.levels.length}`;
}

function listCatalog(): void {
  const { progress, warning } = loadProgress();
  if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);
  const lines = [bold(`${catalog.length} kata(s)`), ''];
  lines.push(
    dim(`${pad('id', 16)}${pad('title', 28)}${pad('system', 15)}${pad('difficulty', 12)}${pad('state', 16)}tests`),
  );
  for (const kata of catalog) {
    const mine = progress.katas[kata.id];
    const tests = mine === undefined ? '' : `${mine.testsPassed}/${mine.tests}`;
    lines.push(
      `${pad(kata.id, 16)}${pad(kata.title, 28)}${pad(kata.system, 15)}${pad(kata.difficulty, 12)}${pad(stateOf(kata, mine), 16)}${tests}`,
    );
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
  const { values, positionals } = parse();
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const [id, ...extra] = positionals;
  if (extra.length > 0) fail(`One kata at a time; got ${positionals.join(', ')}.\n${usage}`);
  if (id === undefined) {
    listCatalog();
    return;
  }
  const kata = findKata(id);
  if (kata === undefined) {
    fail(
      unknownName(
        'kata',
        id,
        catalog.map((entry) => entry.id),
      ),
    );
  }
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
  const recordProgress = implDir === katasDir;
  const started = Date.now();
  let lastComplete: RunResult | undefined;

  /**
   * Runs what matters now: in watch mode, the levels up to the current one (locked levels keep their last result,
   * shown only as a count); once those pass, everything, to find the next current level. Fewer files, faster verdict.
   */
  const runSpecs = async (changed: readonly string[]): Promise<RunResult> => {
    const everything = [specFilter(kata.id)];
    const previous = lastComplete;
    const current = previous === undefined || values.all ? undefined : summarize(kata, previous).current;
    if (previous === undefined || current === undefined || current === kata.levels.length) {
      return host.run({ implDir, filters: everything, changed });
    }
    const levels = Array.from({ length: current }, (_, index) => `specs/${kata.id}/l${index + 1}-`);
    const partial = await host.run({ implDir, filters: levels, changed });
    if (partial.runaway !== undefined) return partial;
    const merged = {
      ...partial,
      tests: [...partial.tests, ...previous.tests.filter((test) => levelOf(test) > current)],
    };
    const now = summarize(kata, merged).current;
    return now !== undefined && now <= current ? merged : host.run({ implDir, filters: everything, changed: [] });
  };

  const runAndReport = async (changed: readonly string[], savedAt: number | undefined, footer: string) => {
    let run: RunResult;
    try {
      run = await runSpecs(changed);
    } catch (error) {
      process.stdout.write(
        `${red(`The specs could not run: ${error instanceof Error ? error.message : String(error)}`)}\n`,
      );
      return false;
    }
    if (run.runaway === undefined) lastComplete = run;
    const summary = summarize(kata, run.runaway === undefined ? run : { ...run, tests: lastComplete?.tests ?? [] });
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
    });
    process.stdout.write(`${values.once ? text : fitToScreen(text, process.stdout.rows)}\n`);
    if (recordProgress && run.runaway === undefined) {
      const warning = recordRun(kata.id, {
        lastRun: new Date().toISOString(),
        levels: summary.levels.length,
        levelsPassed: levelsPassed(summary),
        testsPassed: summary.testsPassed,
        tests: summary.tests,
      });
      if (warning !== undefined) process.stderr.write(`${yellow(warning)}\n`);
    }
    return summary.current === undefined && run.runaway === undefined && run.fileErrors.length === 0;
  };

  if (values.once) {
    const ok = await runAndReport([], undefined, 'Ran once (--once)');
    host.close();
    process.exit(ok ? 0 : 1);
  }

  // Watch mode. The learner's kata folder and the kata's specs are watched; any change re-runs the specs.
  const footer = 'Watching: save to re-run · Ctrl-C to stop';
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
    process.stdout.write(clearScreen());
    await runAndReport(changed, at, footer);
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
  for (const folder of [dirname(file), join(specsDir, kata.id), join(specsDir, 'support')]) {
    if (exists(folder)) watchers.push(watch(folder, onChange(folder)));
  }
  const stop = () => {
    for (const watcher of watchers) watcher.close();
    host.close();
    process.stdout.write(`\n${dim(`Stopped after ${duration(Date.now() - started)}.`)}\n`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  process.stdout.write(`${dim(`Starting ${kata.title} on ${relative(process.cwd(), file) || file} …`)}\n`);
  pending.add(file);
  await drain();
};

await main();
