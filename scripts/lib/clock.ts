/**
 * The runner's clock. Real time, unless `KATA_CLOCK_FILE` names a file holding a time in milliseconds since the
 * epoch: then that file is the clock, read on every call. Tests of the timed challenge move time by rewriting the
 * file, so a 90-minute challenge runs out in a second of real time and no test depends on the wall clock.
 */
import { readFileSync } from 'node:fs';

export function now(): number {
  const file = process.env.KATA_CLOCK_FILE;
  if (file === undefined || file === '') return Date.now();
  const text = readFileSync(file, 'utf8').trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new Error(`KATA_CLOCK_FILE (${file}) must hold a time in milliseconds; it holds ${JSON.stringify(text)}`);
  }
  return value;
}

/** `now()` as an ISO date-time string. */
export function nowIso(): string {
  return new Date(now()).toISOString();
}
