/**
 * The model for the LFU property tests: a plain array of `{ key, value, frequency, lastUse }`, scanned on every
 * step. The victim is found the naive way: the lowest frequency, then the oldest `lastUse`. Nothing like the
 * real structure (no buckets, no lists); it states the contract in the fewest lines possible.
 */
import fc from 'fast-check';
import type { EvictionReason, LFUCache } from '../../katas/lfu/index.ts';
import type { Step } from '../support/model.ts';
import { show } from '../support/show.ts';

type Key = number;
type Value = string;
type Event = [Key, Value, EvictionReason];

interface Entry {
  key: Key;
  value: Value;
  expiresAt: number;
  frequency: number;
  /** The value of the model's use counter at the entry's last get/put: larger is more recent. */
  lastUse: number;
}

export interface LfuModel {
  readonly capacity: number;
  readonly defaultTtl: number;
  /** In no particular order; expired entries stay until something removes them, as in the contract. */
  entries: Entry[];
  /** Counts every use (get hit or put), to order uses in time. */
  uses: number;
  now: number;
  /** Listener calls the contract predicts for the current step. */
  events: Event[];
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
}

export interface LfuReal {
  readonly cache: LFUCache<Key, Value>;
  readonly clock: { t: number };
  /** Listener calls received, when the cache was built with a listener. */
  readonly events: Event[] | undefined;
}

type Script = Parameters<Step<LfuModel, LfuReal>['run']>[2];

const expired = (model: LfuModel, entry: Entry): boolean => entry.expiresAt <= model.now;

function remove(model: LfuModel, entry: Entry, reason: EvictionReason): void {
  model.entries = model.entries.filter((other) => other !== entry);
  model.events.push([entry.key, entry.value, reason]);
  if (reason === 'evict') model.evictions++;
  if (reason === 'expire') model.expirations++;
}

/** The live entry for `key`; an expired one is removed on the way, as touching it does in the contract. */
function touch(model: LfuModel, key: Key): Entry | undefined {
  const entry = model.entries.find((candidate) => Object.is(candidate.key, key));
  if (entry === undefined || !expired(model, entry)) return entry;
  remove(model, entry, 'expire');
  return undefined;
}

function use(model: LfuModel, entry: Entry): void {
  entry.frequency++;
  entry.lastUse = ++model.uses;
}

/** The next victim: the lowest frequency, and among those the oldest use. */
function victim(model: LfuModel): Entry | undefined {
  let chosen: Entry | undefined;
  for (const entry of model.entries) {
    if (
      chosen === undefined ||
      entry.frequency < chosen.frequency ||
      (entry.frequency === chosen.frequency && entry.lastUse < chosen.lastUse)
    ) {
      chosen = entry;
    }
  }
  return chosen;
}

/** Live entries in the contract's iteration order: highest frequency first, then most recent use first. */
function inOrder(model: LfuModel): Entry[] {
  return model.entries
    .filter((entry) => !expired(model, entry))
    .sort((a, b) => b.frequency - a.frequency || b.lastUse - a.lastUse);
}

const byKey = (a: Event, b: Event) => a[0] - b[0];

/**
 * Compares the listener calls of this step, when the real cache has a listener. `any order` where the contract
 * leaves the order open (clear, purgeExpired): both sides are compared sorted by key.
 */
function checkEvents(model: LfuModel, real: LfuReal, script: Script, order: 'in order' | 'any order' = 'in order') {
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
  (key): Step<LfuModel, LfuReal> => ({
    toString: () => `get(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      if (entry === undefined) model.misses++;
      else {
        model.hits++;
        use(model, entry);
      }
      script.expect(`cache.get(${key})`, () => real.cache.get(key), entry?.value);
      checkEvents(model, real, script);
    },
  }),
);

export const putStep = (ttls: fc.Arbitrary<number | undefined> = fc.constant(undefined)) =>
  fc.tuple(keyArb, valueArb, ttls).map(
    ([key, value, ttl]): Step<LfuModel, LfuReal> => ({
      toString: () => `put(${key}, ${show(value)}${ttl === undefined ? '' : `, { ttl: ${ttl} }`})`,
      run(model, real, script) {
        const expiresAt = model.now + (ttl ?? model.defaultTtl);
        const entry = touch(model, key);
        if (entry !== undefined) {
          if (!Object.is(entry.value, value)) model.events.push([key, entry.value, 'set']);
          entry.value = value;
          entry.expiresAt = expiresAt;
          use(model, entry);
        } else {
          const chosen = victim(model);
          if (model.entries.length >= model.capacity && chosen !== undefined) {
            remove(model, chosen, expired(model, chosen) ? 'expire' : 'evict');
          }
          model.entries.push({ key, value, expiresAt, frequency: 1, lastUse: ++model.uses });
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
  (key): Step<LfuModel, LfuReal> => ({
    toString: () => `has(${key})`,
    run(model, real, script) {
      script.expect(`cache.has(${key})`, () => real.cache.has(key), touch(model, key) !== undefined);
      checkEvents(model, real, script);
    },
  }),
);

export const peekStep = keyArb.map(
  (key): Step<LfuModel, LfuReal> => ({
    toString: () => `peek(${key})`,
    run(model, real, script) {
      script.expect(`cache.peek(${key})`, () => real.cache.peek(key), touch(model, key)?.value);
      checkEvents(model, real, script);
    },
  }),
);

export const frequencyStep = keyArb.map(
  (key): Step<LfuModel, LfuReal> => ({
    toString: () => `frequencyOf(${key})`,
    run(model, real, script) {
      const expected = touch(model, key)?.frequency;
      script.expect(`cache.frequencyOf(${key})`, () => real.cache.frequencyOf(key), expected);
      checkEvents(model, real, script);
    },
  }),
);

export const deleteStep = keyArb.map(
  (key): Step<LfuModel, LfuReal> => ({
    toString: () => `delete(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      if (entry !== undefined) remove(model, entry, 'delete');
      script.expect(`cache.delete(${key})`, () => real.cache.delete(key), entry !== undefined);
      checkEvents(model, real, script);
    },
  }),
);

export const clearStep = fc.constant<Step<LfuModel, LfuReal>>({
  toString: () => 'clear()',
  run(model, real, script) {
    // Every entry it held, expired or not, is reported as 'delete'.
    model.events = model.entries.map((entry): Event => [entry.key, entry.value, 'delete']);
    model.entries = [];
    script.call('cache.clear()', () => real.cache.clear());
    checkEvents(model, real, script, 'any order');
  },
});

/** Checks `size` and the full iteration order, which catch most frequency and tie-breaking bugs. */
export const inspectStep = fc.constant<Step<LfuModel, LfuReal>>({
  toString: () => 'inspect()',
  run(model, real, script) {
    script.expect('cache.size', () => real.cache.size, model.entries.length);
    const live = inOrder(model);
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
  (ms): Step<LfuModel, LfuReal> => ({
    toString: () => `advance(${ms})`,
    run(model, real, script) {
      model.now += ms;
      real.clock.t += ms;
      script.note(`t += ${ms}; // t = ${real.clock.t}`);
    },
  }),
);

export const purgeStep = fc.constant<Step<LfuModel, LfuReal>>({
  toString: () => 'purgeExpired()',
  run(model, real, script) {
    const stale = model.entries.filter((entry) => expired(model, entry));
    for (const entry of stale) remove(model, entry, 'expire');
    script.expect('cache.purgeExpired()', () => real.cache.purgeExpired(), stale.length);
    checkEvents(model, real, script, 'any order');
  },
});

export const statsStep = fc.constant<Step<LfuModel, LfuReal>>({
  toString: () => 'stats()',
  run(model, real, script) {
    const { hits, misses, evictions, expirations } = model;
    script.expect('cache.stats()', () => ({ ...real.cache.stats() }), { hits, misses, evictions, expirations });
  },
});

export interface LfuSetup {
  readonly capacity: number;
  readonly ttl?: number;
  readonly listener?: boolean;
}

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function lfuSetup(
  LFU: typeof LFUCache,
  { capacity, ttl, listener = false }: LfuSetup,
): { model: LfuModel; real: LfuReal; header: string[] } {
  const clock = { t: 0 };
  const events: Event[] | undefined = listener ? [] : undefined;
  const options: string[] = [];
  if (ttl !== undefined) options.push('now: () => t', `ttl: ${ttl}`);
  if (listener) options.push('onEvict: (key, value, reason) => events.push([key, value, reason])');
  const cache = new LFU<Key, Value>(capacity, {
    ...(ttl === undefined ? {} : { now: () => clock.t, ttl }),
    ...(events === undefined
      ? {}
      : { onEvict: (key: Key, value: Value, reason: EvictionReason) => events.push([key, value, reason]) }),
  });
  const header = [
    ...(ttl === undefined ? [] : ['let t = 0;']),
    ...(listener ? ['const events: unknown[] = [];'] : []),
    `const cache = new LFUCache<number, string>(${capacity}${options.length === 0 ? '' : `, { ${options.join(', ')} }`});`,
  ];
  return {
    model: {
      capacity,
      defaultTtl: ttl ?? Number.POSITIVE_INFINITY,
      entries: [],
      uses: 0,
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
