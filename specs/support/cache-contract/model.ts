/**
 * The steps of the LRU, LFU and FIFO property tests. The three models are the same plain array of entries, scanned
 * on every step, with the same rules for expiry, listener calls and stats; they differ only in the policy: what a
 * use does to an entry, which entry makes room, where a new one goes, and the iteration order. Each kata's
 * `model.ts` states its policy (`ModelPolicy`) and gets its steps from `cacheSteps`.
 */
import fc from 'fast-check';
import type { Script, Step } from '../model.ts';
import { show } from '../show.ts';
import type { CacheOptions, EvictionReason, KataCache } from './cache.ts';

export type Key = number;
export type Value = string;
export type Event = [Key, Value, EvictionReason];

export interface Entry {
  key: Key;
  value: Value;
  expiresAt: number;
}

export interface CacheModel<E extends Entry> {
  readonly capacity: number;
  readonly defaultTtl: number;
  /** In the order the kata's policy keeps; expired entries stay until something removes them, as in the contract. */
  entries: E[];
  now: number;
  /** Listener calls the contract predicts for the current step. */
  events: Event[];
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
}

export interface CacheReal<C> {
  readonly cache: C;
  readonly clock: { t: number };
  /** Listener calls received, when the cache was built with a listener. */
  readonly events: Event[] | undefined;
}

/** What makes one cache kata's model differ from another's. */
export interface ModelPolicy<E extends Entry, M extends CacheModel<E>> {
  /** A get hit, or a put on a live key: what it does to the entry (its place, its frequency). */
  use(model: M, entry: E): void;
  /** The entry a full cache removes to make room for a new key. */
  victim(model: M): E | undefined;
  /** Adds a new key. */
  insert(model: M, key: Key, value: Value, expiresAt: number): void;
  /** The live entries in the contract's iteration order. */
  live(model: M): E[];
}

export const expired = (model: CacheModel<Entry>, entry: Entry): boolean => entry.expiresAt <= model.now;

function remove<E extends Entry>(model: CacheModel<E>, entry: E, reason: EvictionReason): void {
  model.entries = model.entries.filter((other) => other !== entry);
  model.events.push([entry.key, entry.value, reason]);
  if (reason === 'evict') model.evictions++;
  if (reason === 'expire') model.expirations++;
}

/** The live entry for `key`; an expired one is removed on the way, as touching it does in the contract. */
export function touch<E extends Entry>(model: CacheModel<E>, key: Key): E | undefined {
  const entry = model.entries.find((candidate) => Object.is(candidate.key, key));
  if (entry === undefined || !expired(model, entry)) return entry;
  remove(model, entry, 'expire');
  return undefined;
}

const byKey = (a: Event, b: Event) => a[0] - b[0];

/**
 * Compares the listener calls of this step, when the real cache has a listener. `any order` where the contract leaves
 * the order open (clear, purgeExpired): both sides are compared sorted by key.
 */
export function checkEvents(
  model: CacheModel<Entry>,
  real: CacheReal<unknown>,
  script: Script,
  order: 'in order' | 'any order' = 'in order',
): void {
  const expected = model.events;
  model.events = [];
  if (real.events === undefined) return;
  if (order === 'in order') script.expect('events.splice(0)', () => real.events?.splice(0), expected);
  else {
    const code = 'events.splice(0).sort((a, b) => a[0] - b[0])';
    script.expect(code, () => real.events?.splice(0).sort(byKey), expected.sort(byKey));
  }
}

export const keyArb = fc.integer({ min: 0, max: 5 });
const valueArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');

/** The steps for a kata's model, given its policy. */
export function cacheSteps<E extends Entry, M extends CacheModel<E>, C extends KataCache<Key, Value>>(
  policy: ModelPolicy<E, M>,
) {
  type S = Step<M, CacheReal<C>>;

  const getStep = keyArb.map(
    (key): S => ({
      toString: () => `get(${key})`,
      run(model, real, script) {
        const entry = touch(model, key);
        if (entry === undefined) model.misses++;
        else {
          model.hits++;
          policy.use(model, entry);
        }
        script.expect(`cache.get(${key})`, () => real.cache.get(key), entry?.value);
        checkEvents(model, real, script);
      },
    }),
  );

  const putStep = (ttls: fc.Arbitrary<number | undefined> = fc.constant(undefined)) =>
    fc.tuple(keyArb, valueArb, ttls).map(
      ([key, value, ttl]): S => ({
        toString: () => `put(${key}, ${show(value)}${ttl === undefined ? '' : `, { ttl: ${ttl} }`})`,
        run(model, real, script) {
          const expiresAt = model.now + (ttl ?? model.defaultTtl);
          const entry = touch(model, key);
          if (entry !== undefined) {
            if (!Object.is(entry.value, value)) model.events.push([key, entry.value, 'set']);
            entry.value = value;
            entry.expiresAt = expiresAt;
            policy.use(model, entry);
          } else {
            const chosen = policy.victim(model);
            if (model.entries.length >= model.capacity && chosen !== undefined) {
              remove(model, chosen, expired(model, chosen) ? 'expire' : 'evict');
            }
            policy.insert(model, key, value, expiresAt);
          }
          const options = ttl === undefined ? '' : `, { ttl: ${ttl} }`;
          script.call(`cache.put(${key}, ${show(value)}${options})`, () =>
            ttl === undefined ? real.cache.put(key, value) : real.cache.put(key, value, { ttl }),
          );
          checkEvents(model, real, script);
        },
      }),
    );

  const hasStep = keyArb.map(
    (key): S => ({
      toString: () => `has(${key})`,
      run(model, real, script) {
        script.expect(`cache.has(${key})`, () => real.cache.has(key), touch(model, key) !== undefined);
        checkEvents(model, real, script);
      },
    }),
  );

  const peekStep = keyArb.map(
    (key): S => ({
      toString: () => `peek(${key})`,
      run(model, real, script) {
        script.expect(`cache.peek(${key})`, () => real.cache.peek(key), touch(model, key)?.value);
        checkEvents(model, real, script);
      },
    }),
  );

  const deleteStep = keyArb.map(
    (key): S => ({
      toString: () => `delete(${key})`,
      run(model, real, script) {
        const entry = touch(model, key);
        if (entry !== undefined) remove(model, entry, 'delete');
        script.expect(`cache.delete(${key})`, () => real.cache.delete(key), entry !== undefined);
        checkEvents(model, real, script);
      },
    }),
  );

  const clearStep = fc.constant<S>({
    toString: () => 'clear()',
    run(model, real, script) {
      // Every entry it held, expired or not, is reported as 'delete'.
      model.events = model.entries.map((entry): Event => [entry.key, entry.value, 'delete']);
      model.entries = [];
      script.call('cache.clear()', () => real.cache.clear());
      checkEvents(model, real, script, 'any order');
    },
  });

  /** Checks `size` and the full iteration order, which catch most ordering (and frequency) bugs. */
  const inspectStep = fc.constant<S>({
    toString: () => 'inspect()',
    run(model, real, script) {
      script.expect('cache.size', () => real.cache.size, model.entries.length);
      const live = policy.live(model);
      script.expect(
        '[...cache.keys()]',
        () => [...real.cache.keys()],
        live.map((entry) => entry.key),
      );
      script.expect(
        '[...cache.values()]',
        () => [...real.cache.values()],
        live.map((entry) => entry.value),
      );
    },
  });

  const advanceStep = fc.integer({ min: 1, max: 60 }).map(
    (ms): S => ({
      toString: () => `advance(${ms})`,
      run(model, real, script) {
        model.now += ms;
        real.clock.t += ms;
        script.note(`t += ${ms}; // t = ${real.clock.t}`);
      },
    }),
  );

  const purgeStep = fc.constant<S>({
    toString: () => 'purgeExpired()',
    run(model, real, script) {
      const stale = model.entries.filter((entry) => expired(model, entry));
      for (const entry of stale) remove(model, entry, 'expire');
      script.expect('cache.purgeExpired()', () => real.cache.purgeExpired(), stale.length);
      checkEvents(model, real, script, 'any order');
    },
  });

  const statsStep = fc.constant<S>({
    toString: () => 'stats()',
    run(model, real, script) {
      const { hits, misses, evictions, expirations } = model;
      script.expect('cache.stats()', () => ({ ...real.cache.stats() }), { hits, misses, evictions, expirations });
    },
  });

  return { getStep, putStep, hasStep, peekStep, deleteStep, clearStep, inspectStep, advanceStep, purgeStep, statsStep };
}

export interface CacheSetup {
  readonly capacity: number;
  readonly ttl?: number;
  readonly listener?: boolean;
}

/**
 * A fresh model and cache, plus the code that builds them (the first lines of a replay script). `name` is the
 * class's name in the script; `withPolicy` adds the fields the kata's model keeps beyond the shared ones.
 */
export function cacheSetup<E extends Entry, M extends CacheModel<E>, C>(
  Cache: new (capacity: number, options?: CacheOptions<Key, Value>) => C,
  name: string,
  { capacity, ttl, listener = false }: CacheSetup,
  withPolicy: (model: CacheModel<E>) => M,
): { model: M; real: CacheReal<C>; header: string[] } {
  const clock = { t: 0 };
  const events: Event[] | undefined = listener ? [] : undefined;
  const options: string[] = [];
  if (ttl !== undefined) options.push('now: () => t', `ttl: ${ttl}`);
  if (listener) options.push('onEvict: (key, value, reason) => events.push([key, value, reason])');
  const cache = new Cache(capacity, {
    ...(ttl === undefined ? {} : { now: () => clock.t, ttl }),
    ...(events === undefined
      ? {}
      : { onEvict: (key: Key, value: Value, reason: EvictionReason) => events.push([key, value, reason]) }),
  });
  const header = [
    ...(ttl === undefined ? [] : ['let t = 0;']),
    ...(listener ? ['const events: unknown[] = [];'] : []),
    `const cache = new ${name}<number, string>(${capacity}${options.length === 0 ? '' : `, { ${options.join(', ')} }`});`,
  ];
  return {
    model: withPolicy({
      capacity,
      defaultTtl: ttl ?? Number.POSITIVE_INFINITY,
      entries: [],
      now: 0,
      events: [],
      hits: 0,
      misses: 0,
      evictions: 0,
      expirations: 0,
    }),
    real: { cache, clock, events },
    header,
  };
}
