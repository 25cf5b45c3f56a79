/** `npm run demo cache`: eviction order of LRU, FIFO and LFU on the same calls, TTL expiry, single-flight loading. */
import { CacheFactory, EvictionPolicy } from '../../solutions/cache-factory/index.ts';
import { FIFOCache } from '../../solutions/fifo/index.ts';
import { LFUCache } from '../../solutions/lfu/index.ts';
import { LRUCache } from '../../solutions/lru/index.ts';
import { TTLCache } from '../../solutions/ttl-cache/index.ts';
import { settle } from '../lib/virtual-time.ts';
import { fmt, type Narrator } from './narrator.ts';

interface PolicyCache {
  get(key: string): string | undefined;
  put(key: string, value: string): void;
  keys(): IterableIterator<string>;
}

type Call = readonly ['put', string] | readonly ['get', string];

/** The same seven calls for every policy: a is oldest, b is used most, c is newest and used least. */
const calls: readonly Call[] = [
  ['put', 'a'],
  ['put', 'b'],
  ['get', 'b'],
  ['get', 'b'],
  ['get', 'a'],
  ['put', 'c'],
  ['put', 'd'],
];

function evictionOrder(say: Narrator): void {
  say.scene('Eviction order: LRU vs FIFO vs LFU on the same calls');
  say.step('Capacity 3: put a, put b, get b, get b, get a, put c, then put d into the full cache. Who goes?');
  const policies: ReadonlyArray<readonly [string, string, (onEvict: (key: string) => void) => PolicyCache]> = [
    ['LRU', 'least recently used', (onEvict) => new LRUCache<string, string>(3, { onEvict })],
    ['FIFO', 'first inserted', (onEvict) => new FIFOCache<string, string>(3, { onEvict })],
    ['LFU', 'least frequently used', (onEvict) => new LFUCache<string, string>(3, { onEvict })],
  ];
  for (const [name, rule, create] of policies) {
    const evicted: string[] = [];
    const cache = create((key) => evicted.push(key));
    for (const [op, key] of calls) {
      if (op === 'put') cache.put(key, key.toUpperCase());
      else cache.get(key);
    }
    say.show(
      `${name.padEnd(4)} evicts ${fmt(evicted.join(', '))} (${rule}); keeps ${fmt([...cache.keys()])} ` +
        `(next victim last)`,
    );
  }
  say.takeaway("LRU drops 'b', used most but not lately; FIFO drops 'a', oldest though just read;");
  say.takeaway("LFU drops the newcomer 'c' (one use): new keys must earn their place (real LFUs age counts).");
}

function ttlExpiry(say: Narrator): void {
  say.scene('Expiry with a moving clock (TTL cache)');
  let t = 0;
  const expired: string[] = [];
  const cache = new TTLCache<string, string>({
    ttl: 1000,
    now: () => t,
    onExpire: (key) => expired.push(key),
  });
  say.step('t=0: set session (default TTL 1000 ms) and token (its own TTL, 300 ms); the clock is injected.');
  cache.set('session', 'alice');
  cache.set('token', 'xyz', { ttl: 300 });
  say.show(`remainingTtl: session ${cache.remainingTtl('session')} ms, token ${cache.remainingTtl('token')} ms`);
  t = 299;
  say.step('t=299: one millisecond before the token expires it is still served.');
  say.show(`get('token') -> ${fmt(cache.get('token'))}`);
  t = 300;
  say.step('t=300: expired from the instant set + ttl, not one millisecond later.');
  say.show(`get('token') -> ${fmt(cache.get('token'))}; onExpire saw ${fmt(expired)}`);
  say.step('t=300: setting the session again restarts its TTL; a read does not extend it.');
  cache.set('session', 'alice');
  say.show(`remainingTtl('session') -> ${cache.remainingTtl('session')} ms`);
  t = 1300;
  say.step('t=1300: nobody reads the session; sweep() pops expired entries off an expiry heap, O(log n) each.');
  say.show(`size before sweep ${cache.size}, sweep() -> ${cache.sweep()}, size ${cache.size}; expired ${fmt(expired)}`);
  say.takeaway('Lazy expiry on read plus a bounded sweep: no timer per key, memory reclaimed without a scan.');
}

async function singleFlight(say: Narrator): Promise<void> {
  say.scene('Single-flight getOrLoad (cache-factory): ten misses, one database query');
  const cache = CacheFactory.create<string, string>(EvictionPolicy.LRU, { capacity: 100 });
  let queries = 0;
  let answer: (value: string) => void = () => {};
  const loader = (key: string) => {
    queries++;
    return new Promise<string>((resolve) => {
      answer = resolve;
    }).then((name) => `${name} (${key})`);
  };
  say.step("Ten callers ask for 'user:1' at once while it is not cached (cold start, or a hot key expired).");
  const waiters = Array.from({ length: 10 }, () => cache.getOrLoad('user:1', loader));
  await settle();
  say.show(
    `loader calls while the load is in flight: ${queries}; get('user:1') meanwhile -> ${fmt(cache.get('user:1'))}`,
  );
  say.step('The database answers once; every caller gets that one value, and it is stored before any resumes.');
  answer('Ada');
  const values = await Promise.all(waiters);
  say.show(`${values.length} callers got ${fmt(values[0])}; all equal: ${values.every((v) => v === values[0])}`);
  say.step('A later call is a plain hit: no loader call.');
  const again = await cache.getOrLoad('user:1', loader);
  const stats = cache.stats();
  say.show(
    `-> ${fmt(again)}; loader calls ${queries}; stats: hits ${stats.hits}, misses ${stats.misses} ` +
      `(10 joined the load, 1 plain get), loads ${stats.loads}`,
  );
  say.step('A failing load is shared too, but never cached: the next call tries again.');
  const failing = (key: string): Promise<string> => {
    queries++;
    return Promise.reject(new Error(`db down for ${key}`));
  };
  const outcomes = await Promise.allSettled([cache.getOrLoad('user:2', failing), cache.getOrLoad('user:2', failing)]);
  const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'fulfilled'));
  say.show(`two callers -> ${fmt(reasons)}; has('user:2') -> ${cache.has('user:2')}; loads ${cache.stats().loads}`);
  say.takeaway('Single flight turns a thundering herd of N misses into one query per key.');
}

export async function cacheDemo(say: Narrator): Promise<void> {
  say.title('Cache demo: eviction policies, expiry and single-flight loading (solutions/, injected clocks)');
  evictionOrder(say);
  ttlExpiry(say);
  await singleFlight(say);
}
