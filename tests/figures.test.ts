/**
 * `npm run figures`: the committed figures match a fresh run, --check names the stale ones, and the pure parts
 * behind the numbers (seeded traces, hit counting, admissions per bucket, busiest span, worker slots) are right on
 * small hand-checked inputs.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countHits, POLICIES, scanTrace, zipfTrace } from '../scripts/figures/cache.ts';
import { buildFigures, FIGURES_DIR, staleFiles } from '../scripts/figures/index.ts';
import { packLanes, RETRY, runTimeline, SlotAllocator } from '../scripts/figures/job-timeline.ts';
import type { Figure } from '../scripts/figures/markdown.ts';
import { mulberry32, zipf } from '../scripts/figures/random.ts';
import {
  admittedTimes,
  boundaryBurstTraffic,
  busiestSpan,
  countPerBucket,
  LIMITERS,
  measure,
} from '../scripts/figures/rate-limiters.ts';
import { VirtualTime } from '../scripts/lib/virtual-time.ts';
import { repoRoot, runCli } from './helpers.ts';

describe('npm run figures -- --check', () => {
  it('passes on the committed figures: they are what the script produces now', async () => {
    const result = await runCli('figures.ts', ['--check']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Figures are current: 3 figures');
    expect(result.code).toBe(0);
  });

  it('exits 1 naming a figure that differs and one that is missing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'figures-'));
    cpSync(join(repoRoot, FIGURES_DIR), join(root, FIGURES_DIR), { recursive: true });
    writeFileSync(join(root, FIGURES_DIR, 'cache-hit-ratio.svg'), '<svg/>\n');
    rmSync(join(root, FIGURES_DIR, 'job-timeline.md'));
    const result = await runCli('figures.ts', ['--check'], { env: { FIGURES_ROOT: root } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('guides/figures/cache-hit-ratio.svg: differs from a fresh run');
    expect(result.stderr).toContain('guides/figures/job-timeline.md: missing');
    expect(result.stderr).toContain('2 figure file(s) out of date');
    expect(result.stderr).not.toContain('rate-limiter-admissions');
    rmSync(root, { recursive: true });
  });

  it('rejects an unknown argument with the usage line', async () => {
    const result = await runCli('figures.ts', ['--chek']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run figures');
  });
});

describe('the figures in memory', () => {
  it('are byte-for-byte the same when built twice in one process, and match the committed files', async () => {
    const first = await buildFigures();
    const second = await buildFigures();
    expect(second).toEqual(first);
    expect(staleFiles(repoRoot, first)).toEqual([]);
    for (const figure of first) expect(figure.svg).toMatch(/^<svg [^>]*>/);
  });

  it('staleFiles reports missing and differing files, and nothing for equal ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'figures-'));
    const figure = (name: string, svg: string): Figure => ({ name, svg, markdown: `# ${name}\n`, summary: [] });
    const dir = join(root, FIGURES_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'same.svg'), '<svg>a</svg>');
    writeFileSync(join(dir, 'same.md'), '# same\n');
    writeFileSync(join(dir, 'changed.svg'), '<svg>old</svg>');
    expect(staleFiles(root, [figure('same', '<svg>a</svg>'), figure('changed', '<svg>new</svg>')])).toEqual([
      { path: join(FIGURES_DIR, 'changed.svg'), problem: 'differs' },
      { path: join(FIGURES_DIR, 'changed.md'), problem: 'missing' },
    ]);
    rmSync(root, { recursive: true });
  });
});

describe('seeded randomness', () => {
  it('mulberry32 repeats its sequence for a seed, differs across seeds, and stays in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1000 }, mulberry32(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    for (const x of take(7)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('zipf maps uniform numbers through the cumulative weights 1, 1.5, 1.833… (s = 1, 3 ranks)', () => {
    // total = 1 + 1/2 + 1/3 = 11/6; a draw u picks the first rank whose cumulative weight exceeds u × 11/6.
    const draws = [0, 0.5, 0.6, 0.85, 0.999];
    const sample = zipf(3, 1, () => draws.shift() ?? 0);
    expect(Array.from({ length: 5 }, sample)).toEqual([0, 0, 1, 2, 2]);
  });

  it('zipf is skewed: rank 0 is drawn about twice as often as rank 1 over 1,000 keys', () => {
    const sample = zipf(1000, 1, mulberry32(1));
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const rank = sample();
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    const ratio = (counts.get(0) ?? 0) / (counts.get(1) ?? 1);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });

  it('the traces are the same on every call, of fixed length, over their key ranges', () => {
    expect(zipfTrace()).toEqual(zipfTrace());
    expect(zipfTrace()).toHaveLength(20_000);
    expect(Math.max(...zipfTrace())).toBeLessThan(1000);
    const scan = scanTrace();
    expect(scan).toEqual(scanTrace());
    expect(scan).toHaveLength(20 * (500 + 400));
    expect(scan.slice(500, 503)).toEqual([100_000, 100_001, 100_002]);
  });
});

describe('hit counting', () => {
  // capacity 2, trace 1 2 1 3 2 1:
  // LRU  miss miss hit miss(evicts 2) miss(evicts 1) miss(evicts 3)      → 1 hit
  // LFU  miss miss hit miss(evicts 2, freq 1) miss(evicts 3) hit (1 has freq 2) → 2 hits
  // FIFO miss miss hit miss(evicts 1, oldest insertion) hit miss(evicts 2) → 2 hits
  it.each([
    { policy: 'LRU', hits: 1 },
    { policy: 'LFU', hits: 2 },
    { policy: 'FIFO', hits: 2 },
  ] as const)('$policy at capacity 2 on 1 2 1 3 2 1: $hits hit(s)', ({ policy, hits }) => {
    expect(countHits(POLICIES[policy](2), [1, 2, 1, 3, 2, 1])).toBe(hits);
  });
});

describe('admissions over time', () => {
  it('countPerBucket counts half-open buckets and ignores times past the horizon', () => {
    expect(countPerBucket([0, 99, 100, 250, 399, 400], 100, 400)).toEqual([2, 1, 1, 1]);
    expect(countPerBucket([], 100, 250)).toEqual([0, 0, 0]);
  });

  it('busiestSpan finds the most times in any half-open span and where it starts', () => {
    expect(busiestSpan([0, 900, 950, 1000, 1050, 2100], 1000)).toEqual({ count: 4, startMs: 900 });
    expect(busiestSpan([0, 1000, 2000], 1000)).toEqual({ count: 1, startMs: 0 });
    expect(busiestSpan([], 1000)).toEqual({ count: 0, startMs: 0 });
  });

  it('the fixed window admits twice its limit across a boundary; the sliding-window log never more than it', () => {
    // t=980…999 and t=1000…1019: 20 requests on each side of the boundary at 1000.
    const burst = Array.from({ length: 40 }, (_, i) => 980 + i);
    const fixed = admittedTimes(LIMITERS['Fixed window'], burst);
    expect(busiestSpan(fixed, 1000).count).toBe(20);
    expect(busiestSpan(admittedTimes(LIMITERS['Sliding-window log'], burst), 1000).count).toBe(10);
    const results = measure(boundaryBurstTraffic());
    const worst = Object.fromEntries(results.map((result) => [result.limiter, result.worst.count]));
    expect(worst).toEqual({
      'Fixed window': 20,
      'Sliding-window log': 10,
      'Sliding-window counter': 10,
      'Token bucket': 15,
    });
  });
});

describe('the job timeline', () => {
  it('SlotAllocator hands out the lowest free slot and refuses when all are taken', () => {
    const slots = new SlotAllocator(2);
    expect(slots.take('a')).toBe(1);
    expect(slots.take('b')).toBe(2);
    expect(slots.release('a')).toBe(1);
    expect(slots.take('c')).toBe(1);
    expect(() => slots.take('d')).toThrow(/No free slot for d/);
  });

  it('packLanes puts overlapping intervals on separate lanes and reuses a lane once it ends', () => {
    expect(
      packLanes([
        { fromMs: 0, toMs: 100 },
        { fromMs: 50, toMs: 150 },
        { fromMs: 100, toMs: 200 },
      ]),
    ).toEqual([1, 2, 1]);
  });

  it('VirtualTime fires timers in time order, ties in creation order, and skips cleared ones', async () => {
    const time = new VirtualTime();
    const fired: string[] = [];
    time.setTimeout(() => fired.push(`b@${time.now()}`), 20);
    time.setTimeout(() => fired.push(`a@${time.now()}`), 10);
    time.setTimeout(() => fired.push(`c@${time.now()}`), 20);
    const cleared = time.setTimeout(() => fired.push('never'), 5);
    time.clearTimeout(cleared);
    await time.runAll(100);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    time.setTimeout(() => fired.push('late'), 200);
    await expect(time.runAll(100)).rejects.toThrow(/passed 100 ms/);
  });

  it('runs with backoffs of base × 2^(n−1), one dead letter, and restores the real timers', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const run = await runTimeline();
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    for (const wait of run.backoffs) expect(wait.toMs - wait.fromMs).toBe(RETRY.baseDelayMs * 2 ** (wait.after - 1));
    expect(run.deadLetters).toEqual([{ job: 'charge', attempts: 3, failedAt: 1300 }]);
    // No worker runs two attempts at once.
    for (const a of run.attempts) {
      const overlapping = run.attempts.filter(
        (b) => b !== a && b.worker === a.worker && b.startMs < a.endMs && a.startMs < b.endMs,
      );
      expect(overlapping).toEqual([]);
    }
  });
});
