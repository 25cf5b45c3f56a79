/**
 * Heap per tracked key, and proof that idle keys are freed, for each strategy of the rate limiter factory.
 *
 *   node --expose-gc --import tsx specs/rate-limiter-factory/measure-memory.ts [keys] [implementation dir]
 *
 * Defaults: 1,000,000 keys, the reference in solutions/. For each strategy: one request from each of `keys` distinct
 * keys (`user:0`, `user:1`, …; N = 10, W = 60 s) at t=0, a full GC, the heap growth divided by the number of keys
 * (the key strings included: they live in the limiter's map); then the clock moves past two windows, one key is hit
 * until `trackedKeys` is 1, and the heap is measured again. Not a spec: numbers vary with the Node version.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Kata = typeof import('../../katas/rate-limiter-factory/index.ts');

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) {
  console.error('Run with --expose-gc: node --expose-gc --import tsx specs/rate-limiter-factory/measure-memory.ts');
  process.exit(1);
}
const gc = collect;

const keys = Number(process.argv[2] ?? 1_000_000);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dirArgument = process.argv[3] ?? 'solutions';
const dir = isAbsolute(dirArgument) ? dirArgument : resolve(process.cwd(), dirArgument);
const file = join(
  dir === resolve(repoRoot, 'solutions') ? join(repoRoot, 'solutions') : dir,
  'rate-limiter-factory',
  'index.ts',
);
const { RateLimiterFactory } = (await import(pathToFileURL(file).href)) as Kata;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const strategies = ['token-bucket', 'fixed-window', 'sliding-window-log', 'sliding-window-counter'] as const;

console.log(`Node ${process.version}, ${keys.toLocaleString('en')} keys, implementation ${file}\n`);
console.log(
  '| strategy | bytes per key | heap with every key | tracked after the window | calls to forget them | heap left after the window |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const strategy of strategies) {
  let t = 0;
  const before = heapUsed();
  const limiter = RateLimiterFactory.create(strategy, { maxRequests: 10, timeWindowSeconds: 60, now: () => t });
  for (let i = 0; i < keys; i++) limiter.tryAcquire(`user:${i}`);
  const tracked = limiter.trackedKeys;
  const full = heapUsed() - before;
  t = 120_001; // two windows later: every key is idle, for every strategy
  let calls = 0;
  while (limiter.trackedKeys > 1 && calls < 10 * keys) {
    limiter.tryAcquire('hot');
    calls++;
  }
  const left = heapUsed() - before;
  console.log(
    `| ${strategy} | ${Math.round(full / tracked)} | ${mb(full)} | ${limiter.trackedKeys} | ${calls.toLocaleString('en')} | ${mb(left)} |`,
  );
}
