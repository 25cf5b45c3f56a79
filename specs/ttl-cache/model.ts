/**
 * The model for the TTL cache property tests: a plain list of (key, value, expiresAt) in insertion order, scanned
 * and sorted on every step. Nothing like a heap; it states the contract in the fewest lines possible.
 */
import fc from 'fast-check';
import type { TTLCache } from '../../katas/ttl-cache/index.ts';
import type { Script, Step } from '../support/model.ts';
import { show } from '../support/show.ts';

type Key = number;
type Value = string;
type Expired = [Key, Value];

interface Entry {
  key: Key;
  value: Value;
  expiresAt: number;
  /** The how-many-th `set` stored it: ties between equal expiry times go to the earlier set. */
  setAt: number;
}

export interface TtlModel {
  readonly defaultTtl: number;
  readonly sweepBatch: number;
  /** Insertion order; expired entries stay until something removes them, as in the contract. */
  entries: Entry[];
  now: number;
  sets: number;
  /** Expiry notifications the contract predicts for the current step. */
  expired: Expired[];
}

export interface TtlReal {
  readonly cache: TTLCache<Key, Value>;
  readonly clock: { t: number };
  /** Listener calls received, when the cache was built with a listener. */
  readonly expired: Expired[] | undefined;
}

type TtlStep = Step<TtlModel, TtlReal>;

const isExpired = (model: TtlModel, entry: Entry): boolean => entry.expiresAt <= model.now;

function expire(model: TtlModel, entry: Entry): void {
  model.entries = model.entries.filter((other) => other !== entry);
  model.expired.push([entry.key, entry.value]);
}

/** The live entry for `key`; an expired one is removed on the way. */
function touch(model: TtlModel, key: Key): Entry | undefined {
  const entry = model.entries.find((candidate) => candidate.key === key);
  if (entry === undefined || !isExpired(model, entry)) return entry;
  expire(model, entry);
  return undefined;
}

/** Removes up to `limit` expired entries, earliest expiry first, then the earlier set. */
function sweep(model: TtlModel, limit: number): number {
  const doomed = model.entries
    .filter((entry) => isExpired(model, entry))
    .sort((a, b) => a.expiresAt - b.expiresAt || a.setAt - b.setAt)
    .slice(0, limit);
  for (const entry of doomed) expire(model, entry);
  return doomed.length;
}

/** Compares the expiry notifications of this step (in order), when the real cache has a listener. */
function checkExpired(model: TtlModel, real: TtlReal, script: Script): void {
  const expected = model.expired;
  model.expired = [];
  if (real.expired === undefined) return;
  script.expect('expired.splice(0)', () => real.expired?.splice(0), expected);
}

const keyArb = fc.integer({ min: 0, max: 5 });
const valueArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');

export const setStep = (ttls: fc.Arbitrary<number | undefined> = fc.constant(undefined)) =>
  fc.tuple(keyArb, valueArb, ttls).map(
    ([key, value, ttl]): TtlStep => ({
      toString: () => `set(${key}, ${show(value)}${ttl === undefined ? '' : `, { ttl: ${ttl} }`})`,
      run(model, real, script) {
        const entry = touch(model, key);
        sweep(model, model.sweepBatch);
        const expiresAt = model.now + (ttl ?? model.defaultTtl);
        const setAt = model.sets++;
        if (entry === undefined) model.entries.push({ key, value, expiresAt, setAt });
        else Object.assign(entry, { value, expiresAt, setAt });
        const options = ttl === undefined ? '' : `, { ttl: ${ttl} }`;
        script.call(`cache.set(${key}, ${show(value)}${options})`, () =>
          ttl === undefined ? real.cache.set(key, value) : real.cache.set(key, value, { ttl }),
        );
        checkExpired(model, real, script);
      },
    }),
  );

export const getStep = keyArb.map(
  (key): TtlStep => ({
    toString: () => `get(${key})`,
    run(model, real, script) {
      script.expect(`cache.get(${key})`, () => real.cache.get(key), touch(model, key)?.value);
      checkExpired(model, real, script);
    },
  }),
);

export const hasStep = keyArb.map(
  (key): TtlStep => ({
    toString: () => `has(${key})`,
    run(model, real, script) {
      script.expect(`cache.has(${key})`, () => real.cache.has(key), touch(model, key) !== undefined);
      checkExpired(model, real, script);
    },
  }),
);

export const deleteStep = keyArb.map(
  (key): TtlStep => ({
    toString: () => `delete(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      if (entry !== undefined) model.entries = model.entries.filter((other) => other !== entry);
      script.expect(`cache.delete(${key})`, () => real.cache.delete(key), entry !== undefined);
      checkExpired(model, real, script);
    },
  }),
);

export const remainingStep = keyArb.map(
  (key): TtlStep => ({
    toString: () => `remainingTtl(${key})`,
    run(model, real, script) {
      const entry = touch(model, key);
      const expected = entry === undefined ? undefined : entry.expiresAt - model.now;
      script.expect(`cache.remainingTtl(${key})`, () => real.cache.remainingTtl(key), expected);
      checkExpired(model, real, script);
    },
  }),
);

export const sweepStep = fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }).map(
  (limit): TtlStep => ({
    toString: () => `sweep(${limit ?? ''})`,
    run(model, real, script) {
      const removed = sweep(model, limit ?? model.sweepBatch);
      script.expect(`cache.sweep(${limit ?? ''})`, () => real.cache.sweep(limit), removed);
      checkExpired(model, real, script);
    },
  }),
);

export const clearStep = fc.constant<TtlStep>({
  toString: () => 'clear()',
  run(model, real, script) {
    model.entries = [];
    script.call('cache.clear()', () => real.cache.clear());
    checkExpired(model, real, script);
  },
});

/** Checks `size` and the iteration order, which catch most bookkeeping bugs. */
export const inspectStep = fc.constant<TtlStep>({
  toString: () => 'inspect()',
  run(model, real, script) {
    script.expect('cache.size', () => real.cache.size, model.entries.length);
    const live = model.entries.filter((entry) => !isExpired(model, entry));
    script.expect(
      '[...cache.entries()]',
      () => [...real.cache.entries()],
      live.map((entry): [Key, Value] => [entry.key, entry.value]),
    );
  },
});

/** Moves the clock forwards, or (negative) backwards. */
export const clockStep = (moves: fc.Arbitrary<number> = fc.integer({ min: 1, max: 30 })) =>
  moves.map(
    (ms): TtlStep => ({
      toString: () => `advance(${ms})`,
      run(model, real, script) {
        model.now += ms;
        real.clock.t += ms;
        script.note(`t += ${ms}; // t = ${real.clock.t}`);
      },
    }),
  );

export interface TtlSetup {
  readonly ttl?: number;
  readonly sweepBatch?: number;
  readonly listener?: boolean;
}

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function ttlSetup(
  Cache: typeof TTLCache,
  { ttl, sweepBatch, listener = false }: TtlSetup,
): { model: TtlModel; real: TtlReal; header: string[] } {
  const clock = { t: 0 };
  const expired: Expired[] | undefined = listener ? [] : undefined;
  const options = ['now: () => t'];
  if (ttl !== undefined) options.push(`ttl: ${ttl}`);
  if (sweepBatch !== undefined) options.push(`sweepBatch: ${sweepBatch}`);
  if (listener) options.push('onExpire: (key, value) => expired.push([key, value])');
  const cache = new Cache<Key, Value>({
    now: () => clock.t,
    ...(ttl === undefined ? {} : { ttl }),
    ...(sweepBatch === undefined ? {} : { sweepBatch }),
    ...(expired === undefined ? {} : { onExpire: (key: Key, value: Value) => expired.push([key, value]) }),
  });
  const header = [
    'let t = 0;',
    ...(listener ? ['const expired: unknown[] = [];'] : []),
    `const cache = new TTLCache<number, string>({ ${options.join(', ')} });`,
  ];
  return {
    model: {
      defaultTtl: ttl ?? Number.POSITIVE_INFINITY,
      sweepBatch: sweepBatch ?? 8,
      entries: [],
      now: 0,
      sets: 0,
      expired: [],
    },
    real: { cache, clock, expired },
    header,
  };
}
