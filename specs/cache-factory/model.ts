/**
 * The model for the property tests: a plain list of entries with three counters each (when inserted, when last
 * used, how often used), and the victim found by a scan. Nothing like the real structures; it states the three
 * policies in one line each.
 */
import fc from 'fast-check';
import type { Cache, EvictionPolicy, CacheFactory as Factory } from '../../katas/cache-factory/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

type Key = number;
type Value = string;
export type PolicyName = 'LRU' | 'LFU' | 'FIFO';

interface Entry {
  key: Key;
  value: Value;
  expiresAt: number;
  inserted: number;
  used: number;
  uses: number;
}

export interface FactoryModel {
  readonly policy: PolicyName;
  readonly capacity: number;
  readonly defaultTtl: number;
  entries: Entry[];
  now: number;
  tick: number;
}

export interface FactoryReal {
  readonly cache: Cache<Key, Value>;
  readonly clock: { t: number };
}

/** The entry each policy evicts, found by the plainest scan. */
function victim(model: FactoryModel): Entry | undefined {
  const by = (score: (entry: Entry) => [number, number]) =>
    model.entries.reduce<Entry | undefined>((best, entry) => {
      if (best === undefined) return entry;
      const [a1, a2] = score(entry);
      const [b1, b2] = score(best);
      return a1 < b1 || (a1 === b1 && a2 < b2) ? entry : best;
    }, undefined);
  if (model.policy === 'LRU') return by((entry) => [entry.used, 0]);
  if (model.policy === 'LFU') return by((entry) => [entry.uses, entry.used]);
  return by((entry) => [entry.inserted, 0]);
}

const expired = (model: FactoryModel, entry: Entry) => entry.expiresAt <= model.now;

/** The live entry for `key`; an expired one is removed, as touching it does in the contract. */
function touch(model: FactoryModel, key: Key): Entry | undefined {
  const entry = model.entries.find((candidate) => candidate.key === key);
  if (entry === undefined || !expired(model, entry)) return entry;
  model.entries = model.entries.filter((other) => other !== entry);
  return undefined;
}

function use(model: FactoryModel, entry: Entry): void {
  entry.used = ++model.tick;
  entry.uses++;
}

const keyArb = fc.integer({ min: 0, max: 5 });
const valueArb = fc.constantFrom('a', 'b', 'c', 'd');

export const getStep = keyArb.map(
  (key): Step<FactoryModel, FactoryReal> => ({
    toString: () => `get(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      if (entry !== undefined) use(model, entry);
      script.expect(`cache.get(${key})`, () => real.cache.get(key), entry?.value);
    },
  }),
);

export const putStep = (ttls: fc.Arbitrary<number | undefined> = fc.constant(undefined)) =>
  fc.tuple(keyArb, valueArb, ttls).map(
    ([key, value, ttl]): Step<FactoryModel, FactoryReal> => ({
      toString: () => `put(${key}, ${show(value)}${ttl === undefined ? '' : `, { ttl: ${ttl} }`})`,
      run(model, real, script) {
        const expiresAt = model.now + (ttl ?? model.defaultTtl);
        const entry = touch(model, key);
        if (entry !== undefined) {
          entry.value = value;
          entry.expiresAt = expiresAt;
          use(model, entry);
        } else {
          if (model.entries.length >= model.capacity) {
            const out = victim(model);
            model.entries = model.entries.filter((other) => other !== out);
          }
          const tick = ++model.tick;
          model.entries.push({ key, value, expiresAt, inserted: tick, used: tick, uses: 1 });
        }
        const options = ttl === undefined ? '' : `, { ttl: ${ttl} }`;
        script.call(`cache.put(${key}, ${show(value)}${options})`, () =>
          ttl === undefined ? real.cache.put(key, value) : real.cache.put(key, value, { ttl }),
        );
      },
    }),
  );

export const hasStep = keyArb.map(
  (key): Step<FactoryModel, FactoryReal> => ({
    toString: () => `has(${key})`,
    run(model, real, script) {
      script.expect(`cache.has(${key})`, () => real.cache.has(key), touch(model, key) !== undefined);
    },
  }),
);

export const peekStep = keyArb.map(
  (key): Step<FactoryModel, FactoryReal> => ({
    toString: () => `peek(${key})`,
    run(model, real, script) {
      script.expect(`cache.peek(${key})`, () => real.cache.peek(key), touch(model, key)?.value);
    },
  }),
);

export const deleteStep = keyArb.map(
  (key): Step<FactoryModel, FactoryReal> => ({
    toString: () => `delete(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      model.entries = model.entries.filter((other) => other !== entry);
      script.expect(`cache.delete(${key})`, () => real.cache.delete(key), entry !== undefined);
    },
  }),
);

export const clearStep = fc.constant<Step<FactoryModel, FactoryReal>>({
  toString: () => 'clear()',
  run(model, real, script) {
    model.entries = [];
    script.call('cache.clear()', () => real.cache.clear());
  },
});

export const sizeStep = fc.constant<Step<FactoryModel, FactoryReal>>({
  toString: () => 'size',
  run(model, real, script) {
    script.expect('cache.size', () => real.cache.size, model.entries.length);
  },
});

export const advanceStep = fc.integer({ min: 1, max: 60 }).map(
  (ms): Step<FactoryModel, FactoryReal> => ({
    toString: () => `advance(${ms})`,
    run(model, real, script) {
      model.now += ms;
      real.clock.t += ms;
      script.note(`t += ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

export const purgeStep = fc.constant<Step<FactoryModel, FactoryReal>>({
  toString: () => 'purgeExpired()',
  run(model, real, script) {
    const stale = model.entries.filter((entry) => expired(model, entry));
    model.entries = model.entries.filter((entry) => !expired(model, entry));
    script.expect('cache.purgeExpired()', () => real.cache.purgeExpired(), stale.length);
  },
});

export interface FactorySetup {
  readonly policy: PolicyName;
  readonly capacity: number;
  readonly defaultTtl?: number;
}

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function factorySetup(
  factory: typeof Factory,
  policies: { readonly [name in PolicyName]: EvictionPolicy },
  { policy, capacity, defaultTtl }: FactorySetup,
): { model: FactoryModel; real: FactoryReal; header: string[] } {
  const clock = { t: 0 };
  const cache = factory.create<Key, Value>(policies[policy], {
    capacity,
    now: () => clock.t,
    ...(defaultTtl === undefined ? {} : { defaultTtl }),
  });
  const ttl = defaultTtl === undefined ? '' : `, defaultTtl: ${defaultTtl}`;
  return {
    model: { policy, capacity, defaultTtl: defaultTtl ?? Number.POSITIVE_INFINITY, entries: [], now: 0, tick: 0 },
    real: { cache, clock },
    header: [
      'let t = 0;',
      `const cache = CacheFactory.create<number, string>(EvictionPolicy.${policy}, { capacity: ${capacity}, now: () => t${ttl} });`,
    ],
  };
}
