import { describe, expect, it } from 'vitest';
import { findKata, type Kata } from '../scripts/catalog.ts';
import { summarize } from '../scripts/lib/levels.ts';
import { fitToScreen, renderReport } from '../scripts/lib/report.ts';
import type { RunResult, TestOutcome } from '../scripts/lib/results.ts';

const found = findKata('lru');
if (found === undefined) throw new Error('the catalog has no lru');
const kata: Kata = found;

function outcome(level: number, name: string, state: TestOutcome['state'], error?: string): TestOutcome {
  const title = `L${level} · ${kata.levels[level - 1]?.title ?? ''}`;
  return {
    file: `specs/lru/l${level}-x.spec.ts`,
    suites: [title, 'group'],
    name,
    state,
    errors: error ? [error] : [],
    durationMs: 1,
  };
}

function report(tests: TestOutcome[], extra: Partial<RunResult> = {}, full = false): string {
  const run: RunResult = { tests, output: [], fileErrors: [], runaway: undefined, durationMs: 10, ...extra };
  return renderReport({
    kata: kata,
    file: '/x/lru/index.ts',
    run,
    summary: summarize(kata, run),
    all: false,
    full,
    elapsedMs: 65_000,
    footer: 'footer',
  });
}

describe('the learner-facing report', () => {
  it('explains a test that timed out as a promise that never settled', () => {
    const text = report([outcome(1, 'waits', 'failed', 'Test timed out in 2000ms.')]);
    expect(text).toContain('A promise in your code never settled');
  });

  it('points to the related katas once every level passes', () => {
    const text = report([1, 2, 3, 4].map((level) => outcome(level, `t${level}`, 'passed')));
    expect(text).toContain('All 4 levels pass: 4/4 tests.');
    expect(text).toContain(`Related katas: ${kata.related.map((id) => `npm run kata ${id}`).join(' · ')}`);
    expect(kata.related).toContain('lfu');
  });

  it('shows the current level in full and later levels only as locked counts', () => {
    const text = report([
      outcome(1, 'a', 'passed'),
      outcome(2, 'b', 'failed', 'boom'),
      outcome(3, 'c', 'failed', 'hidden'),
    ]);
    expect(text).toMatch(/Level 2 of 4 · Inspection without side effects · 0\/1 passing/);
    expect(text).toContain('boom');
    expect(text).not.toContain('hidden');
    expect(text).toMatch(/L3 Time to live\s+locked · 1 tests/);
    expect(text).toContain('01:05');
  });

  it('groups failures that share one message, and a load error across diffs', () => {
    const load = 'KataLoadError: Could not load /x/lru/index.ts\n  Error: boom';
    const text = report([
      outcome(1, 'first', 'failed', load),
      outcome(
        1,
        'second',
        'failed',
        `expected error to be instance of RangeError\n\n+ Received: KataLoadError { "message": "Could not load /x/lru/index.ts" }`,
      ),
      outcome(1, 'third', 'failed', load),
    ]);
    expect(text.match(/Could not load/g)).toHaveLength(1);
    expect(text).toContain('…and 2 more test(s) with the same error');
  });

  it('names the runaway test and says the runner is fine', () => {
    const runaway = {
      file: 'specs/lru/l1-x.spec.ts',
      test: 'L1 · Core > get > spins',
      loading: undefined,
      afterMs: 5_100,
    };
    const text = report([], { runaway });
    expect(text).toContain('⚠ L1 · Core › get › spins (specs/lru/l1-x.spec.ts) did not finish after 5.1 s.');
    expect(text).toContain('the runner is fine');
  });

  it('shows the first three failures in full and lists the rest, unless asked for everything', () => {
    const tests = Array.from({ length: 6 }, (_, i) => outcome(1, `t${i}`, 'failed', `message ${i}`));
    expect(report(tests)).not.toContain('message 4');
    expect(report(tests)).toContain('✗ group › t4');
    expect(report(tests, {}, true)).toContain('message 4');
  });

  it('keeps the header and the footer when the report is taller than the terminal', () => {
    const text = ['header', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), 'footer'].join('\n');
    const fitted = fitToScreen(text, 20).split('\n');
    expect(fitted).toHaveLength(19);
    expect([fitted[0], fitted.at(-1)]).toEqual(['header', 'footer']);
    expect(fitted.at(-2)).toContain('more lines');
  });
});
