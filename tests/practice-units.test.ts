import { describe, expect, it } from 'vitest';
import { lru } from '../scripts/catalog/lru.ts';
import { lineRanges, summarizeCoverage } from '../scripts/lib/coverage.ts';
import { revealed, splitReadme } from '../scripts/lib/readme.ts';
import { pace, renderScorecard, splits } from '../scripts/lib/scorecard.ts';
import { namePattern } from '../scripts/lib/spec-runner.ts';
import type { Attempt } from '../scripts/lib/store.ts';

const attempt = (passedAt: (number | null)[], end: Attempt['end'] = 'completed'): Attempt => ({
  id: 'a',
  kata: 'lru',
  startedAt: '2026-11-28T09:00:00.000Z',
  endedAt: '2026-11-28T10:00:00.000Z',
  limitMs: 5_400_000,
  end,
  levels: passedAt.map((passedAtMs, index) => ({ level: index + 1, passed: 1, total: 2, passedAtMs })),
  hints: [],
  editedSpecs: [],
});

describe('scorecard', () => {
  it('splits are the time from the previous level pass (or the start) to this one', () => {
    expect(splits(attempt([60_000, 180_000, null, null]))).toEqual([60_000, 120_000, null, null]);
  });

  it.each([
    [9 * 60_000, 'faster than expected'],
    [10 * 60_000, 'within the expected range'],
    [15 * 60_000, 'within the expected range'],
    [15 * 60_000 + 1, '1 min over'],
    [17 * 60_000 + 30_000, '3 min over'],
  ])('a %d ms split against 10–15 min reads "%s"', (ms, expected) => {
    expect(pace(ms, [10, 15])).toContain(expected);
  });

  it('names how the attempt ended, the levels passed and the time against the limit', () => {
    const text = renderScorecard(lru, attempt([60_000, null, null, null], 'time-up'));
    expect(text).toContain("Ended: time's up · 1/4 levels passed · time 60:00 of 90:00");
    expect(text).toMatch(/L2 Inspection without side effects\s+1\/2\s+—\s+—\s+20–30 min\s+not passed/);
  });
});

describe('README levels', () => {
  const text = '# K\n\nintro\n\n## Level 1 · A\n\none\n\n## Level 2 · B\n\ntwo\n\n## Follow-ups\n\nq';
  it('splits intro, level sections and what follows', () => {
    expect(splitReadme(text)).toEqual({
      intro: '# K\n\nintro',
      levels: ['## Level 1 · A\n\none', '## Level 2 · B\n\ntwo'],
      outro: '## Follow-ups\n\nq',
    });
  });

  it('reveals the introduction and the levels up to the one reached, nothing after', () => {
    const shown = revealed(splitReadme(text), 1);
    expect(shown).toContain('one');
    expect(shown).not.toContain('two');
    expect(shown).not.toContain('Follow-ups');
  });
});

describe('coverage summary', () => {
  it('reads statements and branches that never ran as line ranges', () => {
    const loc = (line: number, end = line) => ({ start: { line }, end: { line: end } });
    const [file] = summarizeCoverage({
      '/x/lru/index.ts': {
        statementMap: { 0: loc(1), 1: loc(3, 4), 2: loc(9) },
        s: { 0: 5, 1: 0, 2: 1 },
        branchMap: { 0: { locations: [loc(9), loc(12)] } },
        b: { 0: [1, 0] },
      },
    });
    expect(file).toEqual({ file: '/x/lru/index.ts', statements: 3, coveredStatements: 2, uncoveredLines: [3, 4, 12] });
    expect(lineRanges([3, 4, 5, 9, 12, 13])).toBe('3–5, 9, 12–13');
    expect(lineRanges([])).toBe('');
  });
});

describe('namePattern (which tests a buggy variant runs)', () => {
  it('matches the workbook’s full name as vitest writes it, with the parts joined by spaces', () => {
    const pattern = new RegExp(namePattern('get › returns $1.50 (a hit)'));
    expect(pattern.test('L1 · Core get returns $1.50 (a hit)')).toBe(true);
    expect(pattern.test('L1 · Core › get › returns $1.50 (a hit)')).toBe(true);
    expect(pattern.test('L1 · Core get returns $1x50 (a hit)')).toBe(false);
    expect(pattern.test('L1 · Core put returns $1.50 (a hit)')).toBe(false);
  });
});
