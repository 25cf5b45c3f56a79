/**
 * `npm run bench [-- <id…>] [-- --markdown]`: times the main operations of every kata's reference solution at
 * three sizes and prints a markdown table (ns per operation, growth, the claimed complexity, a verdict); then the
 * known-buggy designs of specs/<id>/buggy/ beside the reference on the same workload, at two sizes; then the heap
 * bytes per entry of the stateful katas (with `--expose-gc`, which `npm run bench` passes).
 *
 * Numbers vary between machines and runs; the ratio between sizes is what tells O(1) from O(n). No test checks the
 * values. `--markdown` prints only the tables, for pasting into a guide.
 */

import { redisKatas } from '../specs/support/redis/katas.ts';
import { benchCases, memoryCases, trapCases } from './bench/cases.ts';
import { canMeasureMemory } from './bench/measure.ts';
import { memoryTable, runBench, runMemory, timingTable } from './bench/report.ts';
import { catalog } from './catalog.ts';
import { unknownName } from './lib/suggest.ts';

const args = process.argv.slice(2);
const markdownOnly = args.includes('--markdown');
const ids = args.filter((arg) => !arg.startsWith('--'));
const known = new Set(catalog.map((kata) => kata.id));
for (const id of ids) {
  if (!known.has(id)) {
    console.error(unknownName('kata', id, [...known]));
    process.exit(1);
  }
}
const selected = (kata: string) => ids.length === 0 || ids.includes(kata);
// The Redis katas cost one round trip per decision or state change, which their specs prove (MONITOR counts the
// commands); their time is the network's and Redis's, not Node's, so they have no row here.
const onRedis = (redisKatas as readonly string[]).filter((id) => known.has(id) && selected(id));
if (onRedis.length > 0 && !markdownOnly) {
  process.stderr.write(
    `Not timed here: ${onRedis.join(', ')} (one Redis round trip per call, proven by their specs with MONITOR).\n`,
  );
}
const log = markdownOnly ? () => {} : (line: string) => process.stderr.write(`${line}\n`);

const started = Date.now();
const rows = await runBench(
  benchCases.filter((c) => selected(c.kata)),
  log,
);
const traps = await runBench(
  trapCases.filter((c) => selected(c.kata)),
  log,
);
const memory = runMemory(memoryCases.filter((c) => selected(c.kata)));

if (!markdownOnly) {
  console.log(
    `\nNode ${process.version}, ${(await import('node:os')).cpus().length} cores. ns/op is the median of 5 rounds (3 for the traps) after a warm-up (1e5 operations before the first size).\n`,
  );
}
console.log(timingTable(rows));
if (traps.length > 0) {
  console.log('');
  console.log(timingTable(traps));
}
if (memory.length > 0) {
  console.log('');
  console.log(memoryTable(memory));
} else if (!canMeasureMemory && !markdownOnly) {
  console.log('\n(memory per entry needs --expose-gc: run `npm run bench`, or `tsx --expose-gc scripts/bench.ts`)');
}
if (!markdownOnly) console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
