/**
 * Admitted requests over time for the four rate-limiter reference solutions, all configured as "10 per second",
 * on the same boundary-burst traffic, with an injected clock: steady traffic at half the limit, plus a burst of 20
 * in the last 100 ms of the window [1000, 2000) and 20 more in the first 100 ms of the next one. The fixed window
 * lets a full window's worth through on each side of the boundary; the figure and the "worst 1 s span" count show
 * how much each limiter admits in any one second.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FixedWindow } from '../../solutions/fixed-window/index.ts';
import { SlidingWindowCounter } from '../../solutions/sliding-window-counter/index.ts';
import { SlidingWindowLog } from '../../solutions/sliding-window-log/index.ts';
import { TokenBucket } from '../../solutions/token-bucket/index.ts';
import { type Figure, markdownTable } from './markdown.ts';
import { renderSvg } from './render.ts';

export const LIMIT = 10;
export const WINDOW_MS = 1_000;
export const BUCKET_MS = 100;
export const HORIZON_MS = 4_000;

/** Anything with `tryAcquire()` returning `{ allowed }`, created around a clock. */
type LimiterFactory = (now: () => number) => { tryAcquire(): { readonly allowed: boolean } };

export const LIMITERS = {
  'Fixed window': (now) => new FixedWindow({ limit: LIMIT, windowMs: WINDOW_MS, now }),
  'Sliding-window log': (now) => new SlidingWindowLog({ limit: LIMIT, windowMs: WINDOW_MS, now }),
  'Sliding-window counter': (now) => new SlidingWindowCounter({ limit: LIMIT, windowMs: WINDOW_MS, now }),
  'Token bucket': (now) => new TokenBucket({ capacity: LIMIT, refillPerSecond: LIMIT, now }),
} as const satisfies Record<string, LimiterFactory>;

/** Request times in ms, ascending: one every 200 ms from t=50, plus 20 at 1900–1995 and 20 at 2000–2095. */
export function boundaryBurstTraffic(): number[] {
  const times: number[] = [];
  for (let t = 50; t < HORIZON_MS; t += 200) times.push(t);
  for (let i = 0; i < 20; i++) times.push(1_900 + 5 * i, 2_000 + 5 * i);
  return times.sort((a, b) => a - b);
}

/** How many of `times` fall in each bucket [k × bucketMs, (k + 1) × bucketMs), for the buckets covering [0, horizonMs). */
export function countPerBucket(times: readonly number[], bucketMs: number, horizonMs: number): number[] {
  const counts = new Array<number>(Math.ceil(horizonMs / bucketMs)).fill(0);
  for (const t of times) {
    const bucket = Math.floor(t / bucketMs);
    if (bucket >= 0 && bucket < counts.length) counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}

/**
 * The most of `times` (ascending) that fall in any half-open span [s, s + spanMs), and the first s where that
 * happens. A busiest span can always be slid right until it starts at one of the times, so only those are tried.
 */
export function busiestSpan(times: readonly number[], spanMs: number): { count: number; startMs: number } {
  let best = { count: 0, startMs: 0 };
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    const from = times[start] ?? 0;
    while (end < times.length && (times[end] ?? 0) < from + spanMs) end++;
    if (end - start > best.count) best = { count: end - start, startMs: from };
  }
  return best;
}

/** Runs one limiter over the traffic with a clock the run sets before each request; returns the admitted times. */
export function admittedTimes(create: LimiterFactory, traffic: readonly number[]): number[] {
  let clock = 0;
  const limiter = create(() => clock);
  const admitted: number[] = [];
  for (const t of traffic) {
    clock = t;
    if (limiter.tryAcquire().allowed) admitted.push(t);
  }
  return admitted;
}

export interface LimiterResult {
  readonly limiter: string;
  readonly admitted: readonly number[];
  readonly perBucket: readonly number[];
  readonly worst: { readonly count: number; readonly startMs: number };
}

export function measure(traffic: readonly number[]): LimiterResult[] {
  return Object.entries(LIMITERS).map(([limiter, create]) => {
    const admitted = admittedTimes(create, traffic);
    return {
      limiter,
      admitted,
      perBucket: countPerBucket(admitted, BUCKET_MS, HORIZON_MS),
      worst: busiestSpan(admitted, WINDOW_MS),
    };
  });
}

function spec(offered: readonly number[], results: readonly LimiterResult[]): TopLevelSpec {
  const order = results.map((result) => result.limiter);
  // One dataset, so the facet splits every layer; the note rides on each limiter's first bucket.
  const bars = results
    .flatMap((result) =>
      result.perBucket.map((admitted, bucket) => ({
        limiter: result.limiter,
        from: bucket * BUCKET_MS,
        to: (bucket + 1) * BUCKET_MS,
        offered: offered[bucket] ?? 0,
        admitted,
        note: bucket === 0 ? `worst 1 s span: ${result.worst.count} admitted` : '',
      })),
    )
    .filter((bar) => bar.offered > 0 || bar.note !== ''); // empty buckets draw nothing
  const top = Math.max(...offered);
  return {
    title: {
      text: `Admitted requests per ${BUCKET_MS} ms, limit ${LIMIT} per ${WINDOW_MS / 1000} s`,
      subtitle: [
        'Same traffic for each limiter: one request every 200 ms, plus 20 at t=1900–1995 ms and 20 at t=2000–2095 ms.',
        'Grey: offered; colour: admitted; dashed line: the limit of 10. Injected clock (npm run figures).',
      ],
    },
    data: { values: bars },
    facet: {
      row: {
        field: 'limiter',
        type: 'nominal',
        title: null,
        sort: order,
        header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top' },
      },
    },
    spec: {
      width: 560,
      height: 80,
      layer: [
        {
          mark: { type: 'rect', color: '#ccc' },
          encoding: {
            x: {
              field: 'from',
              type: 'quantitative',
              title: 'Time (ms); each grid line starts an aligned 1 s window',
              scale: { domain: [0, HORIZON_MS] },
              axis: { values: [0, 1000, 2000, 3000, 4000] },
            },
            x2: { field: 'to' },
            y: { field: 'offered', type: 'quantitative', title: 'Requests', scale: { domain: [0, top] } },
            y2: { datum: 0 },
          },
        },
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'from', type: 'quantitative' },
            x2: { field: 'to' },
            y: { field: 'admitted', type: 'quantitative' },
            y2: { datum: 0 },
            color: { field: 'limiter', type: 'nominal', legend: null, sort: order },
          },
        },
        {
          mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
          encoding: { y: { datum: LIMIT } },
        },
        {
          transform: [{ filter: "datum.note !== ''" }],
          mark: { type: 'text', align: 'right', baseline: 'top', x: 556, y: 2, fontSize: 11 },
          encoding: { text: { field: 'note' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  } as unknown as TopLevelSpec;
}

export async function rateLimiterFigure(): Promise<Figure> {
  const traffic = boundaryBurstTraffic();
  const offered = countPerBucket(traffic, BUCKET_MS, HORIZON_MS);
  const results = measure(traffic);
  const totals = markdownTable(
    ['Limiter', 'Admitted (of ' + traffic.length + ')', 'Worst 1 s span', 'Span starts at'],
    results.map((result) => [
      result.limiter,
      String(result.admitted.length),
      String(result.worst.count),
      `t=${result.worst.startMs} ms`,
    ]),
  );
  const perBucket = markdownTable(
    ['Bucket (ms)', 'Offered', ...results.map((result) => result.limiter)],
    offered.map((count, bucket) => [
      `${bucket * BUCKET_MS}–${(bucket + 1) * BUCKET_MS}`,
      String(count),
      ...results.map((result) => String(result.perBucket[bucket] ?? 0)),
    ]),
  );
  const markdown = [
    '# Rate limiters on boundary-burst traffic',
    '',
    'Generated by `npm run figures` from `solutions/fixed-window`, `solutions/sliding-window-log`,',
    '`solutions/sliding-window-counter` and `solutions/token-bucket` (see `scripts/figures/rate-limiters.ts`).',
    `Each limiter allows ${LIMIT} per ${WINDOW_MS} ms (the token bucket: capacity ${LIMIT}, refill ${LIMIT}/s) and sees`,
    'the same requests, on one key, with an injected clock: one every 200 ms from t=50 ms, plus 20 at',
    't=1900, 1905, …, 1995 ms (the end of the window [1000, 2000)) and 20 at t=2000, 2005, …, 2095 ms.',
    '"Worst 1 s span" is the most requests admitted in any span [s, s + 1000 ms).',
    '',
    totals,
    '',
    `## Admitted per ${BUCKET_MS} ms bucket`,
    '',
    perBucket,
    '',
  ].join('\n');
  const summary = [
    `Worst 1 s span, limit ${LIMIT}/s: ` +
      results.map((result) => `${result.limiter} ${result.worst.count}`).join(', '),
  ];
  return { name: 'rate-limiter-admissions', svg: await renderSvg(spec(offered, results)), markdown, summary };
}
