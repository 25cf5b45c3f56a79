import { describe, expect, it } from 'vitest';
import { benchCases, memoryCases, trapCases } from '../scripts/bench/cases.ts';
import { median } from '../scripts/bench/measure.ts';
import { memoryTable, timingTable, verdict } from '../scripts/bench/report.ts';
import { catalog } from '../scripts/catalog.ts';
import { redisKatas } from '../specs/support/redis/katas.ts';

// No timing is asserted here: numbers vary by machine. Only the coverage of the cases and the formatting are.

describe('npm run bench cases', () => {
  it('time at least one operation of every in-memory kata in the catalog, and nothing else', () => {
    const timed = new Set(benchCases.map((c) => c.kata));
    // The Redis katas are not timed: their cost is a round trip per call, which their specs prove.
    const inMemory = catalog.map((kata) => kata.id).filter((id) => !(redisKatas as readonly string[]).includes(id));
    expect([...timed].sort()).toEqual(inMemory.sort());
    for (const c of [...benchCases, ...trapCases, ...memoryCases]) expect(catalog.map((k) => k.id)).toContain(c.kata);
  });

  it('pair every trap with the reference on the same workload and sizes', () => {
    const traps = trapCases.filter((c) => c.trap === true);
    expect(traps.length).toBeGreaterThanOrEqual(3);
    for (const trap of traps) {
      const reference = trapCases.find((c) => c.kata === trap.kata && c.trap !== true);
      expect(reference?.sizes).toEqual(trap.sizes);
    }
  });
});

describe('verdict', () => {
  const sizes = [1_000, 10_000, 100_000];
  it.each([
    { growth: 'constant', ratio: 1.2, expected: '✓ flat' },
    { growth: 'constant', ratio: 4, expected: '✓ flat' },
    { growth: 'constant', ratio: 9, expected: '✓ far below O(n)' },
    { growth: 'constant', ratio: 80, expected: '✗ looks O(n)' },
    { growth: 'logarithmic', ratio: 3, expected: '✓ log-like' },
    { growth: 'logarithmic', ratio: 60, expected: '✗ looks O(n)' },
  ] as const)('$growth growing $ratio× over 100× the size: $expected', ({ growth, ratio, expected }) => {
    expect(verdict(growth, sizes, ratio)).toBe(expected);
  });

  it('judges a trap only on whether its growth showed', () => {
    // 7× over 32× would pass as an ordinary row: the map-reinsert LRU grows about that much, so traps are judged apart.
    expect(verdict('constant', [1_000, 32_000], 7)).toBe('✓ far below O(n)');
    expect(verdict('constant', [1_000, 32_000], 7, true)).toBe('✗ grows with n: the spec kills it');
    expect(verdict('constant', [1_000, 32_000], 1.1, true)).toBe('? the trap did not show this run');
  });
});

describe('the tables', () => {
  it('print ns/op per size, the growth ratio, the claim and the verdict as markdown', () => {
    const table = timingTable([
      {
        kata: 'lru',
        operation: 'get',
        claim: 'O(1)',
        growth: 'constant',
        sizes: [1_000, 10_000, 100_000],
        nsPerOp: [40.04, 55, 120],
      },
    ]);
    expect(table.split('\n')).toEqual([
      '| kata | operation | ns/op n=1e3 | ns/op n=1e4 | ns/op n=1e5 | growth | claimed | verdict |',
      '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
      '| `lru` | get | 40.0 | 55.0 | 120 | 3.0× | O(1) | ✓ flat |',
    ]);
    expect(memoryTable([{ kata: 'lru', entry: 'entry', n: 100_000, bytes: 147.6 }]).split('\n')[2]).toBe(
      '| `lru` | entry | 148 |',
    );
  });

  it('take the median of an odd or even number of rounds', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
