/**
 * The long-lived process that owns vitest. Importing vitest costs about half a second, so the runner starts this
 * host once and sends it a message per run; a re-run after a save then costs only the tests themselves.
 *
 * The parent (spec-runner.ts) owns the watchdog: when a learner's code spins forever, it kills this process and
 * its workers as one group and starts a fresh host. Nothing here needs to survive that.
 *
 * Messages in:  { type: 'run', id, implDir, filters, changed }
 * Messages out: { type: 'ready' } once; { type: 'result', id, run } or { type: 'failed', id, message } per run.
 */
import { fileURLToPath } from 'node:url';
import { createVitest } from 'vitest/node';
import { IpcReporter, type ReportedRun } from './ipc-reporter.ts';

export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  readonly implDir: string;
  /** Spec path filters, as on vitest's command line (e.g. `specs/lru/`). */
  readonly filters: readonly string[];
  /** Files changed since the last run: their cached transforms are dropped. */
  readonly changed: readonly string[];
  /** Only tests whose full name (suites and name, joined by spaces) matches this regular expression run. */
  readonly testNamePattern?: string;
}

export type HostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly run: ReportedRun }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

const root = fileURLToPath(new URL('../..', import.meta.url));
const send = (message: HostMessage): void => {
  process.send?.(message);
};

/**
 * Coverage of the learner's code, for `npm run progress -- --coverage`: KATA_COVERAGE_DIR receives a JSON
 * (istanbul) report of the files matched by KATA_COVERAGE_INCLUDE (a JSON array of globs, may be outside root).
 */
const coverageDir = process.env.KATA_COVERAGE_DIR;
const coverage =
  coverageDir === undefined || coverageDir === ''
    ? {}
    : {
        coverage: {
          enabled: true,
          provider: 'v8' as const,
          reportsDirectory: coverageDir,
          reporter: [['json', { file: 'coverage.json' }]] as [['json', { file: string }]],
          include: JSON.parse(process.env.KATA_COVERAGE_INCLUDE ?? '[]') as string[],
          allowExternal: true,
          clean: true,
          reportOnFailure: true,
        },
      };

let lastRun: ReportedRun | undefined;
const vitest = await createVitest(
  'test',
  {
    root,
    config: `${root}vitest.config.ts`,
    watch: false,
    reporters: [new IpcReporter(root, (run) => (lastRun = run))],
    ...coverage,
  },
  { server: { watch: null } },
);

// Running specifications one by one (instead of vitest.start) does not start the coverage provider by itself.
if (coverageDir !== undefined && coverageDir !== '') {
  // initCoverageProvider is private in vitest's types but is what vitest.start() calls; clean() creates the
  // folder the workers write raw coverage into.
  const internal = vitest as unknown as {
    initCoverageProvider(): Promise<{ clean(all: boolean): Promise<void> } | null>;
  };
  await (await internal.initCoverageProvider())?.clean(true);
}

// If the runner dies without closing us (SIGKILL, a crash), the IPC channel closes: do not linger as an orphan.
process.on('disconnect', () => process.exit(0));

let queue = Promise.resolve();
process.on('message', (message: RunRequest | { type: 'close' }) => {
  if (message.type === 'close') {
    void vitest.close().finally(() => process.exit(0));
    return;
  }
  queue = queue.then(() => run(message));
});

async function run(request: RunRequest): Promise<void> {
  try {
    for (const file of request.changed) vitest.invalidateFile(file);
    vitest.provide('kataImplDir', request.implDir);
    if (request.testNamePattern === undefined) vitest.resetGlobalTestNamePattern();
    else vitest.setGlobalTestNamePattern(new RegExp(request.testNamePattern));
    const specifications = await vitest.globTestSpecifications([...request.filters]);
    lastRun = undefined;
    await vitest.runTestSpecifications(specifications, false);
    send(
      lastRun === undefined
        ? { type: 'failed', id: request.id, message: `No spec matched ${request.filters.join(' ')}` }
        : { type: 'result', id: request.id, run: lastRun },
    );
  } catch (error) {
    send({
      type: 'failed',
      id: request.id,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}

send({ type: 'ready' });
