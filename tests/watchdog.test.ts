import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunaway } from '../scripts/lib/spec-runner.ts';

/** A trace file with the given text; `now` in these tests is t=10000. */
function trace(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kata-trace-test-')), 'trace.log');
  writeFileSync(file, text);
  return file;
}

const spec = '/repo/specs/lru/l1-core.spec.ts';

describe('the watchdog reading the trace', () => {
  it('names a test that started longer ago than the limit and has not ended', () => {
    const file = trace(`start\t1000\t${spec}\tL1 · Core > get > spins\n`);
    expect(readRunaway(file, 5_000, 10_000)).toMatchObject({ test: 'L1 · Core > get > spins', afterMs: 9_000 });
  });

  it('gives a test that set a longer timeout that long, and a second more, before naming it', () => {
    const file = trace(`start\t1000\t${spec}\tstarts workers\t30000\n`);
    expect(readRunaway(file, 5_000, 31_999)).toBeUndefined();
    expect(readRunaway(file, 5_000, 32_001)).toMatchObject({ test: 'starts workers', afterMs: 31_001 });
  });

  it('keeps its own limit for a test whose timeout is shorter', () => {
    const file = trace(`start\t1000\t${spec}\tquick\t2000\n`);
    expect(readRunaway(file, 5_000, 10_000)).toMatchObject({ test: 'quick', afterMs: 9_000 });
  });

  it('names the file when loading it has not finished', () => {
    const file = trace('load\t1000\t/tmp/impl/lru/index.ts\n');
    expect(readRunaway(file, 5_000, 10_000)).toMatchObject({ test: undefined, loading: '/tmp/impl/lru/index.ts' });
  });

  it.each([
    ['a test still within the limit', `start\t6000\t${spec}\tL1 · Core > get > ok\n`],
    ['a test that ended', `start\t1000\t${spec}\tL1 · Core > get > ok\nend\t1500\tL1 · Core > get > ok\n`],
    ['a load that finished', 'load\t1000\t/x/lru/index.ts\nloaded\t1200\t/x/lru/index.ts\n'],
    ['an empty trace', ''],
    ['a line still being written', `end\t1500\tprevious\nstart`],
    ['a line cut after its time', `end\t1500\tprevious\nstart\t10`],
    ['a line with no valid time', `start\tsoon\t${spec}\tname\n`],
  ])('reports nothing for %s', (_case, text) => {
    expect(readRunaway(trace(text), 5_000, 10_000)).toBeUndefined();
  });
});
