/**
 * A synchronous breadcrumb trail for the runner's watchdog. A learner's synchronous infinite loop blocks the test
 * worker, so nothing it would send later ever arrives; lines written with `writeSync` before each test are already
 * on disk. The runner reads the last line to name the test (or the file being loaded) that never finished.
 */
import { appendFileSync } from 'node:fs';

const traceFile = process.env.KATA_TRACE_FILE;

export function traceLine(event: 'load' | 'loaded' | 'start' | 'end', subject: string): void {
  if (traceFile === undefined || traceFile === '') return;
  appendFileSync(traceFile, `${event}\t${Date.now()}\t${subject.replaceAll('\n', ' ')}\n`);
}
