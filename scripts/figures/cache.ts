/**
 * Hit ratio against capacity for the LRU, LFU and FIFO reference solutions, on two seeded traces:
 * - skewed: Zipf (s = 1) over 1,000 keys, the usual model of web and key-value workloads;
 * - scan-heavy: a hot set of 100 keys read uniformly, interrupted by a sequential scan of 400 cold keys (the same
 *   range each time, like a nightly report or a backup reading a table), repeated.
 * Every access is a read-through: `get`, and on a miss `put`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FIFOCache } from '../../solutions/fifo/index.ts';
import { LFUCache } from '../../solutions/lfu/index.ts';
import { LRUCache } from '../../solutions/lru/index.ts';
import { type Figure, markdownTable } from './markdown.ts';
import { mulberry32, zipf } from './random.ts';
import { renderSvg } from './render.ts';

/** The part of a cache a read-through trace uses. */
export interface ReadThroughCache {
  get(key: number): true | undefined;
  put(key: number, value: true): void;
}

export const POLICIES = {
  LRU: (capacity: number): ReadThroughCache => new LRUCache<number, true>(capacity),
  LFU: (capacity: number): ReadThroughCache => new LFUCache<number, true>(capacity),
  FIFO: (capacity: number): ReadThroughCache => new FIFOCache<number, true>(capacity),
} as const;
export type Policy = keyof typeof POLICIES;

export const CAPACITIES = [10, 25, 50, 75, 100, 150, 200, 300, 400, 500] as const;
/** The capacity the summary and the guides quote: the size of the scan trace's hot set, 10% of the Zipf keys. */
export const HEADLINE_CAPACITY = 100;

export const ZIPF = { seed: 1, keys: 1_000, exponent: 1, length: 20_000 } as const;
export const SCAN = { seed: 2, hotKeys: 100, hotReads: 500, scanKeys: 400, rounds: 20 } as const;

/** Counts the hits of a read-through run: `get`, and on a miss `put` the key. */
export function countHits(cache: ReadThroughCache, trace: readonly number[]): number {
  let hits = 0;
  for (const key of trace) {
    if (cache.get(key) === undefined) cache.put(key, true);
    else hits++;
  }
  return hits;
}

export function zipfTrace(): number[] {
  const next = zipf(ZIPF.keys, ZIPF.exponent, mulberry32(ZIPF.seed));
  return Array.from({ length: ZIPF.length }, next);
}

/** Hot keys are 0 … 99; the scan reads 100_000 … 100_399 in order, after every 500 hot reads. */
export function scanTrace(): number[] {
  const random = mulberry32(SCAN.seed);
  const trace: number[] = [];
  for (let round = 0; round < SCAN.rounds; round++) {
    for (let i = 0; i < SCAN.hotReads; i++) trace.push(Math.floor(random() * SCAN.hotKeys));
    for (let i = 0; i < SCAN.scanKeys; i++) trace.push(100_000 + i);
  }
  return trace;
}

export interface HitRatioRow {
  readonly trace: string;
  readonly policy: Policy;
  readonly capacity: number;
  readonly hits: number;
  readonly accesses: number;
  readonly hitRatio: number;
}

export function measure(): HitRatioRow[] {
  const traces = [
    { name: `Zipf (s = ${ZIPF.exponent}, ${ZIPF.keys.toLocaleString('en-US')} keys)`, trace: zipfTrace() },
    { name: `Scan-heavy (${SCAN.hotKeys} hot keys + ${SCAN.scanKeys}-key scans)`, trace: scanTrace() },
  ];
  const rows: HitRatioRow[] = [];
  for (const { name, trace } of traces) {
    for (const policy of Object.keys(POLICIES) as Policy[]) {
      for (const capacity of CAPACITIES) {
        const hits = countHits(POLICIES[policy](capacity), trace);
        rows.push({ trace: name, policy, capacity, hits, accesses: trace.length, hitRatio: hits / trace.length });
      }
    }
  }
  return rows;
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

function spec(rows: readonly HitRatioRow[]): TopLevelSpec {
  return {
    title: {
      text: 'Hit ratio against capacity',
      subtitle: 'Read-through runs of solutions/lru, lfu and fifo on two seeded traces (npm run figures)',
    },
    data: { values: rows.map((row) => ({ ...row, hitRatio: Number(row.hitRatio.toFixed(4)) })) },
    facet: { column: { field: 'trace', type: 'nominal', title: null, sort: rows.map((row) => row.trace) } },
    spec: {
      width: 300,
      height: 220,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'capacity', type: 'quantitative', title: 'Capacity (entries)' },
            y: { field: 'hitRatio', type: 'quantitative', title: 'Hit ratio', axis: { format: '.0%' } },
            color: { field: 'policy', type: 'nominal', title: 'Policy', sort: ['LRU', 'LFU', 'FIFO'] },
            strokeDash: { field: 'policy', type: 'nominal', sort: ['LRU', 'LFU', 'FIFO'] },
          },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}

export async function cacheHitRatioFigure(): Promise<Figure> {
  const rows = measure();
  const traces = [...new Set(rows.map((row) => row.trace))];
  const policies = Object.keys(POLICIES) as Policy[];
  const sections = traces.map((trace) => {
    const ofTrace = rows.filter((row) => row.trace === trace);
    const accesses = ofTrace[0]?.accesses ?? 0;
    const table = markdownTable(
      ['Capacity', ...policies],
      CAPACITIES.map((capacity) => [
        String(capacity),
        ...policies.map((policy) =>
          percent(ofTrace.find((row) => row.policy === policy && row.capacity === capacity)?.hitRatio ?? Number.NaN),
        ),
      ]),
    );
    return `## ${trace}, ${accesses.toLocaleString('en-US')} accesses\n\n${table}`;
  });
  const markdown = [
    '# Cache hit ratio against capacity',
    '',
    'Generated by `npm run figures` from `solutions/lru`, `solutions/lfu` and `solutions/fifo` (see',
    '`scripts/figures/cache.ts`): every access is `get`, and on a miss `put`; the hit ratio counts every access,',
    'the cold start included.',
    `- Zipf trace: ${ZIPF.length.toLocaleString('en-US')} draws, seed ${ZIPF.seed}, the r-th most popular key drawn with probability`,
    `  ∝ 1 / r^${ZIPF.exponent} over ${ZIPF.keys.toLocaleString('en-US')} keys.`,
    `- Scan-heavy trace: ${SCAN.rounds} rounds of ${SCAN.hotReads.toLocaleString('en-US')} uniform reads of ${SCAN.hotKeys}` +
      ` hot keys (seed ${SCAN.seed})`,
    `  followed by one sequential scan of the same ${SCAN.scanKeys} cold keys.`,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
  const summary = traces.map((trace) => {
    const at = policies.map((policy) => {
      const row = rows.find((r) => r.trace === trace && r.policy === policy && r.capacity === HEADLINE_CAPACITY);
      return `${policy} ${percent(row?.hitRatio ?? Number.NaN)}`;
    });
    return `${trace}, capacity ${HEADLINE_CAPACITY}: ${at.join(', ')}`;
  });
  return { name: 'cache-hit-ratio', svg: await renderSvg(spec(rows)), markdown, summary };
}
