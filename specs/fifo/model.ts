/**
 * The model for the FIFO property tests: a plain array in insertion order, newest first, scanned on every step.
 * Only an insertion changes the order. Nothing like the real structure; it states the contract in the fewest
 * lines possible.
 */
import fc from 'fast-check';
import type { EvictionReason, FIFOCache } from '../../katas/fifo/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

type Key = number;
type Value = string;
type Event = [Key, Value, EvictionReason];

interface Entry {
  key: Key;
  value: Value;
  expiresAt: number;
}

export interface FifoModel {
  readonly capacity: number;
  readonly defaultTtl: number;
  /** Newest insertion first; expired entries stay until something removes them, as in the contract. */
  entries: Entry[];
  now: number;
  /** Listener calls the contract predicts for the current step. */
  events: Event[];
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
}

export interface FifoReal {
  readonly cache: FIFOCache<Key, Value>;
  readonly clock: { t: number };
  /** Listener calls received, when the cache was built with a listener. */
  readonly events: Event[] | undefined;
}

const expired = (model: FifoModel, entry: Entry): boolean => entry.expiresAt <= model.now;

function remove(model: FifoModel, entry: Entry, reason: EvictionReason): void {
  model.entries = model.entries.filter((other) => other !== entry);
  model.events.push([entry.key, entry.value, reason]);
  if (reason === 'evict') model.evictions++;
  if (reason === 'expire') model.expirations++;
}

/** The live entry for `key`; an expired one is removed on the way, as touching it does in the contract. */
function touch(model: FifoModel, key: Key): Entry | undefined {
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
function checkEvents(
  model: FifoModel,
  real: FifoReal,
  script: Parameters<Step<FifoModel, FifoReal>['run']>[2],
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

const keyArb = fc.integer({ min: 0, max: 5 });
const valueArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');

export const getStep = keyArb.map(
  (key): Step<FifoModel, FifoReal> => ({
    toString: () => `get(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      if (entry === undefined) model.misses++;
      else model.hits++; // and nothing moves
      script.expect(`cache.get(${key})`, () => real.cache.get(key), entry?.value);
      checkEvents(model, real, script);
    },
  }),
);

export const putStep = (ttls: fc.Arbitrary<number | undefined> = fc.constant(undefined)) =>
  fc.tuple(keyArb, valueArb, ttls).map(
    ([key, value, ttl]): Step<FifoModel, FifoReal> => ({
      toString: () => `put(${key}, ${show(value)}${ttl === undefined ? '' : `, { ttl: ${ttl} }`})`,
      run(model, real, script) {
        const expiresAt = model.now + (ttl ?? model.defaultTtl);
        const entry = touch(model, key);
        if (entry !== undefined) {
          if (!Object.is(entry.value, value)) model.events.push([key, entry.value, 'set']);
          entry.value = value;
          entry.expiresAt = expiresAt; // and it keeps its place
        } else {
          const last = model.entries.at(-1);
          if (model.entries.length >= model.capacity && last !== undefined) {
            remove(model, last, expired(model, last) ? 'expire' : 'evict');
          }
          model.entries.unshift({ key, value, expiresAt });
        }
        const options = ttl === undefined ? '' : `, { ttl: ${ttl} }`;
        script.call(`cache.put(${key}, ${show(value)}${options})`, () =>
          ttl === undefined ? real.cache.put(key, value) : real.cache.put(key, value, { ttl }),
        );
        checkEvents(model, real, script);
      },
    }),
  );

export const hasStep = keyArb.map(
  (key): Step<FifoModel, FifoReal> => ({
    toString: () => `has(${key})`,
    run(model, real, script) {
      script.expect(`cache.has(${key})`, () => real.cache.has(key), touch(model, key) !== undefined);
      checkEvents(model, real, script);
    },
  }),
);

export const peekStep = keyArb.map(
  (key): Step<FifoModel, FifoReal> => ({
    toString: () => `peek(${key})`,
    run(model, real, script) {
      script.expect(`cache.peek(${key})`, () => real.cache.peek(key), touch(model, key)?.value);
      checkEvents(model, real, script);
    },
  }),
);

export const deleteStep = keyArb.map(
  (key): Step<FifoModel, FifoReal> => ({
    toString: () => `delete(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      if (entry !== undefined) remove(model, entry, 'delete');
      script.expect(`cache.delete(${key})`, () => real.cache.delete(key), entry !== undefined);
      checkEvents(model, real, script);
    },
  }),
);

export const clearStep = fc.constant<Step<FifoModel, FifoReal>>({
  toString: () => 'clear()',
  run(model, real, script) {
    // Every entry it held, expired or not, is reported as 'delete'.
    model.events = model.entries.map((entry): Event => [entry.key, entry.value, 'delete']);
    model.entries = [];
    script.call('cache.clear()', () => real.cache.clear());
    checkEvents(model, real, script, 'any order');
  },
});

/** Checks `size` and the full iteration order, which catch most ordering bugs. */
export const inspectStep = fc.constant<Step<FifoModel, FifoReal>>({
  toString: () => 'inspect()',
  run(model, real, script) {
    script.expect('cache.size', () => real.cache.size, model.entries.length);
    const live = model.entries.filter((entry) => !expired(model, entry));
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

export const advanceStep = fc.integer({ min: 1, max: 60 }).map(
  (ms): Step<FifoModel, FifoReal> => ({
    toString: () => `advance(${ms})`,
    run(model, real, script) {
      model.now += ms;
      real.clock.t += ms;
      script.note(`t += ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

export const purgeStep = fc.constant<Step<FifoModel, FifoReal>>({
  toString: () => 'purgeExpired()',
  run(model, real, script) {
    const stale = model.entries.filter((entry) => expired(model, entry));
    for (const entry of stale) remove(model, entry, 'expire');
    script.expect('cache.purgeExpired()', () => real.cache.purgeExpired(), stale.length);
    checkEvents(model, real, script, 'any order');
  },
});

export const statsStep = fc.constant<Step<FifoModel, FifoReal>>({
  toString: () => 'stats()',
  run(model, real, script) {
    const { hits, misses, evictions, expirations } = model;
    script.expect('cache.stats()', () => ({ ...real.cache.stats() }), { hits, misses, evictions, expirations });
  },
});

export interface FifoSetup {
  readonly capacity: number;
  readonly ttl?: number;
  readonly listener?: boolean;
}

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function fifoSetup(
  FIFO: typeof FIFOCache,
  { capacity, ttl, listener = false }: FifoSetup,
): { model: FifoModel; real: FifoReal; header: string[] } {
  const clock = { t: 0 };
  const events: Event[] | undefined = listener ? [] : undefined;
  const options: string[] = [];
  if (ttl !== undefined) options.push('now: () => t', `ttl: ${ttl}`);
  if (listener) options.push('onEvict: (key, value, reason) => events.push([key, value, reason])');
  const cache = new FIFO<Key, Value>(capacity, {
    ...(ttl === undefined ? {} : { now: () => clock.t, ttl }),
    ...(events === undefined
      ? {}
      : { onEvict: (key: Key, value: Value, reason: EvictionReason) => events.push([key, value, reason]) }),
  });
  const header = [
    ...(ttl === undefined ? [] : ['let t = 0;']),
    ...(listener ? ['const events: unknown[] = [];'] : []),
    `const cache = new FIFOCache<number, string>(${capacity}${options.length === 0 ? '' : `, { ${options.join(', ')} }`});`,
  ];
  return {
    model: {
      capacity,
      defaultTtl: ttl ?? Number.POSITIVE_INFINITY,
      entries: [],
      now: 0,
      events: [],
      hits: 0,
      misses: 0,
      evictions: 0,
      expirations: 0,
    },
    real: { cache, clock, events },
    header,
  };
}
