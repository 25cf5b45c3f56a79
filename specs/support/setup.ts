/** Loaded before every spec file (vitest.config.ts `setupFiles`). */
import fc from 'fast-check';
import { afterEach, beforeEach, expect } from 'vitest';
import { traceLine } from './trace.ts';

beforeEach((context) => {
  // The test's own timeout goes last: the watchdog gives a test that asked for more time (one that starts worker
  // processes, say) that long before calling it a runaway.
  const timeout = (context.task as { timeout?: number }).timeout ?? 0;
  traceLine('start', `${expect.getState().testPath ?? ''}\t${expect.getState().currentTestName ?? ''}\t${timeout}`);
  context.onTestFailed(({ task }) => {
    for (const error of task.result?.errors ?? []) dropLibraryFrames(error);
  });
});
/**
 * Drops stack frames inside node_modules and Node itself from a failed test's errors. Vitest hides them anyway, but
 * first it reads each such file to look for a source map — a megabyte of fast-check per frame, for every failing
 * test — which made a re-run against a stub about 0.25 s slower than the tests themselves.
 */
function dropLibraryFrames(error: { stack?: string }): void {
  if (typeof error.stack !== 'string') return;
  error.stack = error.stack
    .split('\n')
    .filter((line) => !/^\s+at .*(\/node_modules\/|\(node:|\bnode:internal)/.test(line))
    .join('\n');
}

afterEach(() => {
  traceLine('end', expect.getState().currentTestName ?? '');
});

// Deterministic properties: the same seed every run unless FC_SEED asks for another. A failure prints the seed
// and path, so `FC_SEED=<seed>` (or the `path` in fc.assert's options) replays it exactly.
const seed = Number(process.env.FC_SEED ?? 20_261_128);
const numRuns = Number(process.env.FC_RUNS ?? 150);
// includeErrorInReport puts the replay script (the error of the shrunk run) into the failure message itself.
fc.configureGlobal({ seed, numRuns, endOnFailure: false, includeErrorInReport: true });
