/**
 * npm test — the proof that the workbook is sound:
 *   1. typecheck (tsc) and lint (biome);
 *   2. catalog consistency: every kata has stub, solution, spec, README, buggy variants, matching level titles;
 *      and scripts/shipped.json lists the current stubs and specs (reset and honest-passing checks rely on it);
 *   3. every spec against solutions/ — every test passes;
 *   4. every spec against the stubs — every test fails (a passing one asserts nothing about the learner's code);
 *   5. every buggy variant against the test its kata's spec names for it — each is killed by that test;
 *   6. other implementations (tests/implementations/: written independently, or a library behind an adapter) —
 *      every test passes, so the specs test the contract and not one implementation;
 *   7. the runner's own tests (tests/).
 * `npm test -- lru` limits 2–6 to the named katas and skips 7. The last line counts checks: `N passed, M failed`.
 *
 * The stubs tested are the committed ones (git HEAD), so a learner's work in katas/ does not fail this check;
 * where katas/ differs from HEAD, that is said.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { type BuggyVariant, variantCode, variantsOf } from '../specs/support/buggy.ts';
import { describeAvailability, findRedis, redisRequired } from '../specs/support/redis/availability.ts';
import { redisKatas } from '../specs/support/redis/katas.ts';
import { catalog, type Kata } from './catalog.ts';
import { checkLayout, checkLevels } from './lib/consistency.ts';
import { exists, katasDir, repoRoot, solutionsDir, specFilter, subfolders } from './lib/paths.ts';
import { bold, dim, green, red, yellow } from './lib/render.ts';
import { fullName, type RunResult, type TestOutcome } from './lib/results.ts';
import { computeShipped, shippedPath } from './lib/shipped.ts';
import { namePattern, SpecHost } from './lib/spec-runner.ts';
import { unknownName } from './lib/suggest.ts';

interface Outcome {
  readonly passed: number;
  readonly failed: number;
  /** Shown under the step's line: what failed, or notable facts. */
  readonly details: readonly string[];
  readonly summary: string;
}

let totalPassed = 0;
let totalFailed = 0;

async function step(name: string, body: () => Promise<Outcome>): Promise<Outcome> {
  const started = Date.now();
  let outcome: Outcome;
  try {
    outcome = await body();
  } catch (error) {
    outcome = {
      passed: 0,
      failed: 1,
      details: [String(error instanceof Error ? error.stack : error)],
      summary: 'crashed',
    };
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const mark = outcome.failed === 0 ? green('✓') : red('✗');
  process.stdout.write(`${mark} ${bold(name)}: ${outcome.summary} ${dim(`· ${seconds} s`)}\n`);
  for (const line of outcome.details) process.stdout.write(`    ${line.replaceAll('\n', '\n    ')}\n`);
  totalPassed += outcome.passed;
  totalFailed += outcome.failed;
  return outcome;
}

function exec(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A git command's standard output, or undefined when it fails (not a checkout, file not committed). */
function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const bin = (name: string) => join(repoRoot, 'node_modules/.bin', name);

async function toolStep(name: string, command: string, args: readonly string[]): Promise<Outcome> {
  const { code, output } = await exec(bin(command), args);
  const lines = output.trim().split('\n');
  return code === 0
    ? { passed: 1, failed: 0, details: [], summary: 'clean' }
    : { passed: 0, failed: 1, details: lines.slice(-40), summary: `${name} failed (exit ${code})` };
}

/**
 * Writes the stubs to test into a temporary folder laid out like katas/: for each file, the committed version (git
 * HEAD) when there is one — the learner's practice work does not count — otherwise the working copy.
 */
function committedStubs(into: string): { dir: string; notes: string[] } {
  const dir = join(into, 'stubs');
  const tracked = git('ls-files', '-z', 'katas');
  if (tracked === undefined) return { dir: katasDir, notes: ['not a git checkout: testing katas/ as it is'] };
  const working = readdirSync(katasDir, { recursive: true, encoding: 'utf8' }).map((path) => `katas/${path}`);
  const files = new Set([...tracked.split('\0'), ...working].filter((path) => path.endsWith('.ts')));
  const notes: string[] = [];
  for (const file of files) {
    const current = exists(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8') : undefined;
    const committed = git('show', `HEAD:${file}`);
    if (committed === undefined) notes.push(`${file} is not committed yet: testing the working copy`);
    else if (committed !== current)
      notes.push(`${file} differs from git HEAD (your practice work?): testing the committed stub`);
    const text = committed ?? current ?? '';
    const target = join(dir, file.slice('katas/'.length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { dir, notes };
}

const implementationsDir = join(repoRoot, 'tests/implementations');

const kataOf = (test: TestOutcome) => test.file.split('/')[1] ?? '';

function perKata(tests: readonly TestOutcome[], katas: readonly Kata[]): string {
  return katas.map((kata) => `${kata.id} ${tests.filter((test) => kataOf(test) === kata.id).length}`).join(', ');
}

function runProblems(run: RunResult): string[] {
  const problems = run.fileErrors.map((error) => `${error.file}: ${error.message}`);
  if (run.runaway !== undefined)
    problems.push(`runaway: ${run.runaway.test ?? run.runaway.loading} (${run.runaway.file})`);
  return problems;
}

async function loadVariants(katas: readonly Kata[]): Promise<Map<string, readonly BuggyVariant[]>> {
  return new Map(await Promise.all(katas.map(async (kata) => [kata.id, await variantsOf(kata.id)] as const)));
}

/** The parts of vitest's JSON report read here. */
interface JsonReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numTotalTests: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly message?: string;
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

/**
 * The katas that can run here. The distributed katas need Redis: where there is none they are left out with one
 * loud line saying how to install it, and in CI (CI=true) that is a failure instead.
 */
async function withRedisOrSaySo(katas: readonly Kata[]): Promise<readonly Kata[]> {
  const needRedis = katas.filter((kata) => (redisKatas as readonly string[]).includes(kata.id));
  if (needRedis.length === 0) return katas;
  const ids = needRedis.map((kata) => kata.id);
  const found = await findRedis();
  const line = describeAvailability(found, ids, redisRequired());
  const required = redisRequired();
  await step(`Redis for ${ids.join(', ')}`, async () => {
    if (found.kind === 'missing' || (required && line !== undefined)) {
      return required
        ? { passed: 0, failed: 1, details: [red(line ?? '')], summary: 'missing, and CI=true: a failure, never a skip' }
        : {
            passed: 0,
            failed: 0,
            details: [yellow(line ?? '')],
            summary: yellow('not found: their specs are skipped'),
          };
    }
    const where = found.kind === 'url' ? `REDIS_URL (${found.url})` : 'a private redis-server with a settable clock';
    return { passed: 1, failed: 0, details: line === undefined ? [] : [yellow(line)], summary: where };
  });
  return found.kind === 'missing' ? katas.filter((kata) => !ids.includes(kata.id)) : katas;
}

/** A spec step when every kata asked for was left out (no Redis): an empty filter would run every spec. */
const nothingToRun: Outcome = { passed: 0, failed: 0, details: [], summary: 'no kata to run here' };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  for (const id of wanted) {
    if (!catalog.some((kata) => kata.id === id)) {
      process.stderr.write(
        `${red(
          unknownName(
            'kata',
            id,
            catalog.map((kata) => kata.id),
          ),
        )}\n`,
      );
      process.exit(2);
    }
  }
  const chosen = wanted.length === 0 ? catalog : catalog.filter((kata) => wanted.includes(kata.id));
  const scratch = mkdtempSync(join(tmpdir(), 'kata-test-'));
  const host = new SpecHost({ testLimitMs: Number(process.env.KATA_TEST_LIMIT_MS ?? 20_000) });
  const started = Date.now();
  process.stdout.write(
    `${bold('Proving the workbook')} ${dim(`(${chosen.length} kata(s): ${chosen.map((kata) => kata.id).join(', ')})`)}\n\n`,
  );
  const katas = await withRedisOrSaySo(chosen);
  const filters = katas.map((kata) => specFilter(kata.id));

  await step('typecheck (tsc --noEmit)', () => toolStep('tsc', 'tsc', ['--noEmit', '-p', '.']));
  await step('lint (biome check)', () => toolStep('biome', 'biome', ['check', '.']));

  const variants = await loadVariants(katas);
  let solutionRun: RunResult | undefined;
  await step('catalog consistency', async () => {
    const counts = new Map([...variants].map(([id, list]) => [id, list.length]));
    const problems = checkLayout(
      catalog,
      counts,
      katas.map((kata) => kata.id),
    );
    return {
      passed: problems.length === 0 ? 1 : 0,
      failed: problems.length === 0 ? 0 : 1,
      details: problems,
      summary:
        problems.length === 0
          ? `${katas.length} kata(s), each with stub, solution, spec, README and variants`
          : `${problems.length} problem(s)`,
    };
  });

  await step('list of shipped stubs and specs (scripts/shipped.json)', async () => {
    // Reset reads the stubs back by these ids and the runner marks runs against edited specs with them.
    const expected = `${JSON.stringify(computeShipped(), null, 2)}\n`;
    const current = exists(shippedPath) ? readFileSync(shippedPath, 'utf8') : '';
    return current === expected
      ? { passed: 1, failed: 0, details: [], summary: 'current' }
      : {
          passed: 0,
          failed: 1,
          details: ['Stubs or specs changed since it was written: run `npm run shipped` and commit the result.'],
          summary: 'out of date',
        };
  });

  await step('solutions pass every test', async () => {
    if (katas.length === 0) return nothingToRun;
    const run = await host.run({ implDir: solutionsDir, filters });
    solutionRun = run;
    const failing = run.tests.filter((test) => test.state !== 'passed');
    const levelProblems = katas.flatMap((kata) => checkLevels(kata, run.tests));
    const problems = [...runProblems(run), ...levelProblems];
    const details = [
      ...failing.slice(0, 20).map((test) => `${red('✗')} ${test.file} › ${fullName(test)}\n${test.errors[0] ?? ''}`),
      ...problems,
    ];
    const passed = run.tests.length - failing.length;
    return {
      passed,
      failed: failing.length + problems.length + (run.tests.length === 0 ? 1 : 0),
      details,
      summary: `${passed}/${run.tests.length} passed (${perKata(run.tests, katas)})`,
    };
  });

  await step('stubs fail every test', async () => {
    if (katas.length === 0) return nothingToRun;
    const { dir, notes } = committedStubs(scratch);
    const run = await host.run({ implDir: dir, filters });
    const passing = run.tests.filter((test) => test.state === 'passed');
    const expected = solutionRun?.tests.length ?? run.tests.length;
    const missing =
      run.tests.length === expected
        ? []
        : [`${run.tests.length} tests ran against the stubs, ${expected} against the solutions`];
    return {
      passed: run.tests.length - passing.length,
      failed: passing.length + missing.length + runProblems(run).length,
      details: [
        ...passing.map((test) => `${red('passes against the stub:')} ${test.file} › ${fullName(test)}`),
        ...missing,
        ...runProblems(run),
        ...notes.map((note) => yellow(note)),
      ],
      summary: `${run.tests.length - passing.length}/${run.tests.length} failed as they should (${perKata(run.tests, katas)})`,
    };
  });

  await step('buggy variants are killed', async () => {
    if (katas.length === 0) return nothingToRun;
    let killed = 0;
    let survived = 0;
    const details: string[] = [];
    for (const kata of katas) {
      for (const variant of variants.get(kata.id) ?? []) {
        const dir = join(scratch, 'variants', kata.id, variant.name);
        mkdirSync(join(dir, kata.id), { recursive: true });
        writeFileSync(join(dir, kata.id, 'index.ts'), variantCode(kata.id, variant));
        // Only the tests the variant names run: proving it is killed by them does not need the rest of the spec,
        // and the whole spec per variant made this step take most of `npm test`.
        const run = await host.run({
          implDir: dir,
          filters: [specFilter(kata.id)],
          testNamePattern: namePattern(variant.killedBy),
        });
        const named = run.tests.filter((test) => fullName(test).includes(variant.killedBy));
        const byNamedTest = named.filter((test) => test.state === 'failed');
        const label = `${kata.id}/${variant.name}`;
        if (run.runaway !== undefined || byNamedTest.length > 0) {
          killed++;
          const how =
            run.runaway !== undefined
              ? 'stopped by the watchdog'
              : `${byNamedTest.length} of ${named.length} named test(s) failing: "${variant.killedBy}"`;
          details.push(`${green('killed')}   ${label.padEnd(44)} ${dim(how)}`);
        } else {
          survived++;
          // Only the named tests ran, so there are no other failures to list.
          const why =
            named.length === 0 ? `no test is named "${variant.killedBy}"` : `"${variant.killedBy}" did not fail`;
          details.push(`${red('survived')} ${label.padEnd(44)} ${why}\n  bug: ${variant.bug}`);
        }
      }
    }
    return { passed: killed, failed: survived, details, summary: `${killed}/${killed + survived} killed` };
  });
  await step('other implementations pass every test', async () => {
    if (katas.length === 0) return nothingToRun;
    // tests/implementations/<name>/ is laid out like katas/: independent solutions and library adapters.
    let passed = 0;
    let failed = 0;
    const details: string[] = [];
    for (const name of subfolders(implementationsDir)) {
      for (const kata of katas.filter((entry) => exists(join(implementationsDir, name, entry.id, 'index.ts')))) {
        const run = await host.run({ implDir: join(implementationsDir, name), filters: [specFilter(kata.id)] });
        const failing = run.tests.filter((test) => test.state !== 'passed');
        const problems = runProblems(run);
        passed += run.tests.length - failing.length;
        failed += failing.length + problems.length;
        const mark = failing.length + problems.length === 0 ? green('pass') : red('FAIL');
        details.push(
          `${mark}     ${`${name}/${kata.id}`.padEnd(44)} ${run.tests.length - failing.length}/${run.tests.length}`,
        );
        for (const test of failing.slice(0, 10))
          details.push(`  ${red('✗')} ${fullName(test)}\n${test.errors[0] ?? ''}`);
        details.push(...problems);
      }
    }
    return { passed, failed, details, summary: `${passed}/${passed + failed} passed` };
  });
  host.close();

  if (wanted.length === 0) {
    await step('runner tests (tests/)', async () => {
      const report = join(scratch, 'tooling.json');
      const { code, output } = await exec(bin('vitest'), [
        'run',
        '--config',
        'tests/vitest.config.ts',
        '--reporter=json',
        `--outputFile=${report}`,
      ]);
      let counts: JsonReport = { numPassedTests: 0, numFailedTests: 0, numTotalTests: 0, testResults: [] };
      try {
        counts = JSON.parse(readFileSync(report, 'utf8'));
      } catch {
        // No report: the output below says why.
      }
      const failed = code === 0 ? counts.numFailedTests : Math.max(1, counts.numFailedTests);
      // The report file goes with the scratch folder, so name each failure and its first lines here.
      const firstLines = (text: string, count: number) => text.split('\n').slice(0, count).join('\n');
      const failures = counts.testResults.flatMap((file) => {
        const where = relative(process.cwd(), file.name);
        if (file.status === 'failed' && file.assertionResults.length === 0)
          return [`${red('✗')} ${where}: ${firstLines(file.message ?? '', 8)}`];
        const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
        return failedTests.map(
          (test) => `${red('✗')} ${where} › ${test.fullName}\n${firstLines(test.failureMessages[0] ?? '', 40)}`,
        );
      });
      return {
        passed: counts.numPassedTests,
        failed,
        details: code === 0 ? [] : failures.length > 0 ? failures : output.trim().split('\n').slice(-60),
        summary: `${counts.numPassedTests}/${counts.numTotalTests} passed`,
      };
    });
  }

  rmSync(scratch, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const verdict = totalFailed === 0 ? green('The workbook holds.') : red('The workbook does not hold: see ✗ above.');
  process.stdout.write(`\n${verdict} ${dim(`${seconds} s`)}\n${totalPassed} passed, ${totalFailed} failed\n`);
  process.exit(totalFailed === 0 ? 0 : 1);
}

await main();
