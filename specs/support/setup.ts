/** Loaded before every spec file (vitest.config.ts `setupFiles`). */
import fc from 'fast-check';
import { afterEach, beforeEach, expect } from 'vitest';
import { traceLine } from './trace.ts';

beforeEach(() => {
  traceLine('start', `${expect.getState().testPath ?? ''}\t${expect.getState().currentTestName ?? ''}`);
});
afterEach(() => {
  traceLine('end', expect.getState().currentTestName ?? '');
});

// Deterministic properties: the same seed every run unless FC_SEED asks for another. A failure prints the seed
// and path, so `FC_SEED=<seed>` (or the `path` in fc.assert's options) replays it exactly.
const seed = Number(process.env.FC_SEED ?? 20_261_128);
const numRuns = Number(process.env.FC_RUNS ?? 150);
// includeErrorInReport puts the replay script (the error of the shrunk run) into the failure message itself.
fc.configureGlobal({ seed, numRuns, endOnFailure: false, includeErrorInReport: true });
