/**
 * What `npm run trace` can step through: for each kata, how to build it from a setup line, the operations it
 * accepts (short names and the kata's own method names), and how to print its state after each step.
 *
 * State is read through each kata's public inspection API (keys() order, frequencyOf, a cost-0 peek on a
 * limiter), so the same trace works on the learner's code (`--impl katas`). Two kinds of state are not in any
 * public API and are derived, and labelled so: the admitted times of a sliding window (from the decisions the
 * trace saw) and the heap array of the priority queue (from a read-only hook that only the reference solution
 * has, `Symbol.for('lld-katas.inspect')`).
 *
 * Reading a limiter's state is a call (a peek), and every call may let a limiter forget keys that went idle; so
 * `trackedKeys` can drop sooner in a trace than in the same run without one. Decisions are the same: forgetting an
 * idle key changes none (the limiter katas' contract).
 */
import { show } from '../../specs/support/show.ts';
import { Fn, HandleRef, isRecord, type Value } from './parse.ts';
import { TraceInputError } from './tokens.ts';
import { heapTree } from './tree.ts';

/** A result printed as is (not as a value). */
export class Text {
  constructor(readonly text: string) {}
}

export interface Clock {
  t: number;
}

/** One operation an instance accepts. */
interface Operation {
  readonly name: string;
  /** Other spellings, the kata's method name first (`purgeExpired` for `purge`). */
  readonly aliases: readonly string[];
  readonly usage: string;
  /** `args` as written; returns the result to print. */
  readonly run: (args: readonly Value[]) => unknown;
}

export interface Instance {
  /** The constructor call it stands for, e.g. `new LRUCache(3, { ttl: 50 })`. */
  readonly built: string;
  readonly operations: readonly Operation[];
  /** Listener calls since the last read (evictions, expiries), as text. */
  drainEvents(): string[];
  /** The state, one line per entry. */
  state(): string[];
}

export interface Subject {
  readonly id: string;
  /** Class names accepted in a replay's setup line. */
  readonly classes: readonly string[];
  /** Default setup, in short syntax, for help and for traces that start without one. */
  readonly defaults: string;
  readonly example: string;
  create(module: Record<string, unknown>, setup: readonly Value[] | undefined, clock: Clock): Instance;
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

type Ctor = new (...args: unknown[]) => unknown;

function classOf(module: Record<string, unknown>, name: string): Ctor {
  const value = module[name];
  if (typeof value !== 'function') throw new TraceInputError(`the module exports no class \`${name}\``);
  return value as Ctor;
}

/** The options record of a setup or a call (its last argument when it is a plain object). */
function splitOptions(args: readonly Value[]): { positional: Value[]; options: Record<string, Value> } {
  const last = args.at(-1);
  if (last !== undefined && isRecord(last)) return { positional: args.slice(0, -1), options: { ...last } };
  return { positional: [...args], options: {} };
}

/** Keeps the options the trace understands (renaming short spellings); `now` and listeners are the trace's own. */
function pickOptions(
  options: Record<string, Value>,
  known: Record<string, string>,
  ignored: readonly string[] = ['now', 'onEvict', 'onExpire'],
): Record<string, number> {
  const picked: Record<string, number> = {};
  for (const [key, value] of Object.entries(options)) {
    if (ignored.includes(key)) continue;
    const name = known[key];
    if (name === undefined) {
      throw new TraceInputError(`unknown option '${key}' (known: ${[...new Set(Object.values(known))].join(', ')})`);
    }
    if (typeof value !== 'number') throw new TraceInputError(`option '${key}' must be a number, got ${show(value)}`);
    picked[name] = value;
  }
  return picked;
}

function arity(name: string, args: readonly Value[], min: number, max: number, usage: string): void {
  if (args.length < min || args.length > max) {
    throw new TraceInputError(`'${name}' takes ${min === max ? min : `${min} to ${max}`} argument(s): ${usage}`);
  }
}

function op(
  name: string,
  aliases: readonly string[],
  usage: string,
  [min, max]: readonly [number, number],
  run: (args: readonly Value[]) => unknown,
): Operation {
  return {
    name,
    aliases,
    usage,
    run: (args) => {
      arity(name, args, min, max, usage);
      return run(args);
    },
  };
}

const entry = (key: unknown, value: unknown) => `${show(key)}:${show(value)}`;
const ms = (n: number) => (n === Number.POSITIVE_INFINITY ? '∞' : `${n} ms`);

function numberArg(name: string, value: Value): number {
  if (typeof value !== 'number') throw new TraceInputError(`'${name}' expects a number, got ${show(value)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// LRU, LFU, FIFO: one adapter, three ways of printing the order

interface PolicyCache {
  readonly size: number;
  readonly capacity: number;
  get(key: unknown): unknown;
  put(key: unknown, value: unknown, options?: object): void;
  has(key: unknown): boolean;
  peek(key: unknown): unknown;
  delete(key: unknown): boolean;
  clear(): void;
  purgeExpired(): number;
  stats(): object;
  keys(): Iterable<unknown>;
  values(): Iterable<unknown>;
  entries(): Iterable<[unknown, unknown]>;
  frequencyOf?(key: unknown): number | undefined;
}

function policyCache(id: 'lru' | 'lfu' | 'fifo', className: string, render: (cache: PolicyCache) => string[]): Subject {
  return {
    id,
    classes: [className],
    defaults: 'new 3',
    example:
      id === 'lfu' ? 'put 1 a; put 2 b; get 1; get 1; put 3 c; put 4 d' : 'put 1 a; put 2 b; put 3 c; get 1; put 4 d',
    create(module, setup, clock) {
      const Cache = classOf(module, className);
      const { positional, options } = splitOptions(setup ?? [3]);
      const capacity = positional[0] ?? 3;
      if (positional.length > 1) throw new TraceInputError(`${className} takes (capacity, options?)`);
      const picked = pickOptions(options, { ttl: 'ttl' });
      const events: string[] = [];
      const cache = new Cache(capacity, {
        ...picked,
        now: () => clock.t,
        onEvict: (key: unknown, value: unknown, reason: string) =>
          events.push(`${reason === 'set' ? 'replaced' : 'removed'} ${entry(key, value)} (${reason})`),
      }) as PolicyCache;
      const operations: Operation[] = [
        op('put', [], 'put <key> <value> [ttl=<ms>]', [2, 3], (args) => {
          const { positional: [k, v] = [], options: o } = splitOptions(args);
          const ttl = pickOptions(o, { ttl: 'ttl' });
          return 'ttl' in ttl ? cache.put(k, v, ttl) : cache.put(k, v);
        }),
        op('get', [], 'get <key>', [1, 1], (args) => cache.get(args[0])),
        op('has', [], 'has <key>', [1, 1], (args) => cache.has(args[0])),
        op('peek', [], 'peek <key>', [1, 1], (args) => cache.peek(args[0])),
        op('delete', ['del', 'remove'], 'delete <key>', [1, 1], (args) => cache.delete(args[0])),
        op('clear', [], 'clear', [0, 0], () => cache.clear()),
        op('purge', ['purgeExpired'], 'purge', [0, 0], () => cache.purgeExpired()),
        op('stats', [], 'stats', [0, 0], () => ({ ...cache.stats() })),
        op('size', [], 'size', [0, 0], () => cache.size),
        op('keys', [], 'keys', [0, 0], () => [...cache.keys()]),
        op('values', [], 'values', [0, 0], () => [...cache.values()]),
        op('entries', [], 'entries', [0, 0], () => [...cache.entries()]),
      ];
      if (id === 'lfu') {
        operations.push(op('freq', ['frequencyOf'], 'freq <key>', [1, 1], (args) => cache.frequencyOf?.(args[0])));
      }
      const ttl = picked.ttl === undefined ? '' : `, { ttl: ${picked.ttl} }`;
      return {
        built: `new ${className}(${show(capacity)}${ttl})`,
        operations,
        drainEvents: () => events.splice(0),
        state: () => {
          const lines = render(cache);
          const keys = [...cache.keys()];
          const held = cache.size;
          const expired = held > keys.length ? ` (${held - keys.length} expired, not yet removed)` : '';
          const victim =
            keys.length === 0 ? '' : ` · ${id === 'fifo' ? 'next out' : 'next victim'}: ${show(keys.at(-1))}`;
          lines.push(`size ${held} of ${cache.capacity}${expired}${victim}`);
          return lines;
        },
      };
    },
  };
}

const lru = policyCache('lru', 'LRUCache', (cache) => {
  const entries = [...cache.entries()];
  return [
    `recency (most → least recent): ${entries.length === 0 ? 'empty' : entries.map(([k, v]) => entry(k, v)).join(' → ')}`,
  ];
});

const fifo = policyCache('fifo', 'FIFOCache', (cache) => {
  const entries = [...cache.entries()];
  return [
    `queue (newest → oldest): ${entries.length === 0 ? 'empty' : entries.map(([k, v]) => entry(k, v)).join(' → ')}`,
  ];
});

const lfu = policyCache('lfu', 'LFUCache', (cache) => {
  const entries = [...cache.entries()];
  if (entries.length === 0) return ['frequency buckets: empty'];
  // keys() runs from the last to be evicted to the next: highest frequency first, most recent first within one.
  const buckets: { frequency: number | undefined; entries: string[] }[] = [];
  for (const [k, v] of entries) {
    const frequency = cache.frequencyOf?.(k);
    const last = buckets.at(-1);
    if (last !== undefined && last.frequency === frequency) last.entries.push(entry(k, v));
    else buckets.push({ frequency, entries: [entry(k, v)] });
  }
  return [
    'frequency buckets (highest first; in a bucket most → least recent):',
    ...buckets.map(({ frequency, entries: inBucket }) => `  f=${frequency ?? '?'}  ${inBucket.join('  ')}`),
  ];
});

// ---------------------------------------------------------------------------------------------------------------
// TTL cache

interface TtlCache {
  readonly size: number;
  set(key: unknown, value: unknown, options?: object): void;
  get(key: unknown): unknown;
  has(key: unknown): boolean;
  delete(key: unknown): boolean;
  remainingTtl(key: unknown): number | undefined;
  clear(): void;
  sweep(limit?: number): number;
  entries(): Iterable<[unknown, unknown]>;
  keys(): Iterable<unknown>;
}

const ttlCache: Subject = {
  id: 'ttl-cache',
  classes: ['TTLCache'],
  defaults: 'new ttl=1000',
  example: 'new ttl=1000; set 1 a; set 2 b ttl=300; tick 300; get 2; tick 700; sweep',
  create(module, setup, clock) {
    const Cache = classOf(module, 'TTLCache');
    const { positional, options } = splitOptions(setup ?? [{ ttl: 1000 }]);
    if (positional.length > 0) throw new TraceInputError('TTLCache takes ({ ttl, sweepBatch })');
    const picked = pickOptions(options, { ttl: 'ttl', sweepBatch: 'sweepBatch', batch: 'sweepBatch' });
    const events: string[] = [];
    const cache = new Cache({
      ...picked,
      now: () => clock.t,
      onExpire: (key: unknown, value: unknown) => events.push(`expired ${entry(key, value)}`),
    }) as TtlCache;
    const operations: Operation[] = [
      op('set', ['put'], 'set <key> <value> [ttl=<ms>]', [2, 3], (args) => {
        const { positional: [k, v] = [], options: o } = splitOptions(args);
        const ttl = pickOptions(o, { ttl: 'ttl' });
        return 'ttl' in ttl ? cache.set(k, v, ttl) : cache.set(k, v);
      }),
      op('get', [], 'get <key>', [1, 1], (args) => cache.get(args[0])),
      op('has', [], 'has <key>', [1, 1], (args) => cache.has(args[0])),
      op('delete', ['del'], 'delete <key>', [1, 1], (args) => cache.delete(args[0])),
      op('remaining', ['remainingTtl', 'ttl'], 'remaining <key>', [1, 1], (args) => cache.remainingTtl(args[0])),
      op('sweep', [], 'sweep [limit]', [0, 1], (args) =>
        args.length === 0 ? cache.sweep() : cache.sweep(numberArg('sweep', args[0])),
      ),
      op('clear', [], 'clear', [0, 0], () => cache.clear()),
      op('size', [], 'size', [0, 0], () => cache.size),
      op('keys', [], 'keys', [0, 0], () => [...cache.keys()]),
    ];
    const fields = Object.entries(picked).map(([k, v]) => `${k}: ${v}`);
    return {
      built: `new TTLCache({ ${fields.join(', ')}${fields.length > 0 ? ', ' : ''}now: () => t })`,
      operations,
      drainEvents: () => events.splice(0),
      state: () => {
        // remainingTtl of a live key changes nothing; entries() yields live keys only.
        const live = [...cache.entries()].map(([k, v]) => ({ k, v, left: cache.remainingTtl(k) ?? 0 }));
        live.sort((a, b) => a.left - b.left);
        const shown = live.map(({ k, v, left }) =>
          left === Number.POSITIVE_INFINITY ? `${entry(k, v)} never` : `${entry(k, v)} at t=${clock.t + left}`,
        );
        const hidden = cache.size - live.length;
        return [
          `live entries by expiry (soonest first): ${shown.length === 0 ? 'none' : shown.join(' · ')}`,
          `size ${cache.size}${hidden > 0 ? ` (${hidden} expired, not yet removed: a read or a sweep removes them)` : ''}`,
        ];
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Rate limiters

interface Decision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: number;
  readonly limit: number;
  readonly resetAfterMs?: number;
}

interface Limiter {
  readonly trackedKeys?: number;
  readonly size?: number;
  tryAcquire(key?: string, cost?: number): Decision;
  estimate?(key?: string): number;
}

type Admission = { readonly at: number; readonly cost: number };

function limiterSubject(
  id: 'token-bucket' | 'fixed-window' | 'sliding-window-log' | 'sliding-window-counter',
  className: string,
  known: Record<string, string>,
  defaults: Record<string, number>,
  render: (limiter: Limiter, key: string, options: Record<string, number>, clock: Clock, log: Admission[]) => string,
): Subject {
  const shortDefaults = Object.entries(defaults)
    .map(([k, v]) => `${Object.entries(known).find(([, name]) => name === k && k.length > 0)?.[0] ?? k}=${v}`)
    .join(' ');
  return {
    id,
    classes: [className],
    defaults: `new ${shortDefaults}`,
    example:
      id === 'token-bucket'
        ? 'hit; hit; hit; hit; tick 500; hit; tick 1500'
        : 'tick 900; hit; hit; hit; hit; tick 100; hit; hit',
    create(module, setup, clock) {
      const Limiter = classOf(module, className);
      const { positional, options } = splitOptions(setup ?? [{}]);
      if (positional.length > 0) throw new TraceInputError(`${className} takes one options object`);
      const picked = { ...defaults, ...pickOptions(options, known) };
      const limiter = new Limiter({ ...picked, now: () => clock.t }) as Limiter;
      const keys: string[] = [];
      const admitted = new Map<string, Admission[]>();
      const keyArg = (value: Value): string => {
        if (value === undefined) return '';
        if (typeof value === 'number') return String(value);
        if (typeof value !== 'string') throw new TraceInputError(`a key is a string, got ${show(value)}`);
        return value;
      };
      const note = (key: string) => {
        if (!keys.includes(key)) keys.push(key);
      };
      const operations: Operation[] = [
        op('hit', ['tryAcquire', 'try', 'req'], 'hit [key] [cost]', [0, 2], (args) => {
          // Short syntax: a word is the key, a number the cost, in either order (`hit`, `hit 2`, `hit bob 2`).
          // A replay passes them in place: tryAcquire(), tryAcquire('a'), tryAcquire(undefined, 2).
          const keyValue = args.find((value) => typeof value !== 'number');
          const costValue = args.find((value) => typeof value === 'number');
          const key = keyArg(keyValue);
          const cost = costValue === undefined ? 1 : numberArg('hit', costValue);
          const decision =
            args.length === 0
              ? limiter.tryAcquire()
              : costValue === undefined
                ? limiter.tryAcquire(key)
                : limiter.tryAcquire(keyValue === undefined ? undefined : key, cost);
          note(key);
          if (decision.allowed && cost > 0) admitted.set(key, [...(admitted.get(key) ?? []), { at: clock.t, cost }]);
          return { ...decision };
        }),
        op('peek', [], 'peek [key]  (a cost-0 tryAcquire: takes nothing)', [0, 1], (args) => {
          const key = keyArg(args[0]);
          note(key);
          return { ...limiter.tryAcquire(key, 0) };
        }),
        op('trackedKeys', ['tracked'], 'trackedKeys', [0, 0], () => limiter.trackedKeys),
        op('size', [], 'size', [0, 0], () => limiter.size),
      ];
      if (id === 'sliding-window-counter') {
        operations.push(
          op('estimate', [], 'estimate [key]', [0, 1], (args) => {
            note(keyArg(args[0]));
            return args.length === 0 ? limiter.estimate?.() : limiter.estimate?.(keyArg(args[0]));
          }),
        );
      }
      const fields = Object.entries(picked).map(([k, v]) => `${k}: ${v}`);
      return {
        built: `new ${className}({ ${fields.join(', ')}, now: () => t })`,
        operations,
        drainEvents: () => [],
        state: () => {
          if (keys.length === 0) return ['no requests yet'];
          const lines = keys.map(
            (key) => `${show(key)}: ${render(limiter, key, picked, clock, admitted.get(key) ?? [])}`,
          );
          const tracked = limiter.trackedKeys ?? limiter.size;
          if (tracked !== undefined) lines.push(`keys held by the limiter: ${tracked}`);
          return lines;
        },
      };
    },
  };
}

/** A peek: `tryAcquire(key, 0)` is allowed and takes nothing (every limiter kata's contract). */
const peek = (limiter: Limiter, key: string) => limiter.tryAcquire(key, 0);

function bar(level: number, capacity: number): string {
  const width = 12;
  const filled = Math.round((level / capacity) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const round2 = (n: number) => String(Math.round(n * 100) / 100);

const tokenBucket = limiterSubject(
  'token-bucket',
  'TokenBucket',
  { capacity: 'capacity', rate: 'refillPerSecond', refillPerSecond: 'refillPerSecond' },
  { capacity: 3, refillPerSecond: 1 },
  (limiter, key, { capacity = 3, refillPerSecond = 1 }) => {
    const { remaining, resetAfterMs = 0 } = peek(limiter, key);
    // resetAfterMs is the whole ms until full, rounded up: the level is within one ms of refill of this.
    const tokens = Math.max(0, capacity - (resetAfterMs * refillPerSecond) / 1000);
    const full = resetAfterMs === 0 ? 'full' : `full in ${resetAfterMs} ms`;
    return `${bar(tokens, capacity)} ≈${round2(tokens)} of ${capacity} tokens · ${remaining} whole · ${full}`;
  },
);

const fixedWindow = limiterSubject(
  'fixed-window',
  'FixedWindow',
  { limit: 'limit', window: 'windowMs', windowMs: 'windowMs' },
  { limit: 3, windowMs: 1000 },
  (limiter, key, { limit = 3, windowMs = 1000 }, clock) => {
    const { remaining, resetAfterMs } = peek(limiter, key);
    const start = Math.floor(clock.t / windowMs) * windowMs;
    return (
      `window [${start}, ${start + windowMs}) used ${limit - remaining} of ${limit} · remaining ${remaining}` +
      (resetAfterMs === undefined ? '' : ` · resets in ${resetAfterMs} ms`)
    );
  },
);

const slidingLog = limiterSubject(
  'sliding-window-log',
  'SlidingWindowLog',
  { limit: 'limit', window: 'windowMs', windowMs: 'windowMs' },
  { limit: 3, windowMs: 1000 },
  (limiter, key, { windowMs = 1000 }, clock, log) => {
    const { remaining, resetAfterMs } = peek(limiter, key);
    const inWindow = log.filter(({ at }) => at > clock.t - windowMs && at <= clock.t);
    const times = inWindow.map(({ at, cost }) => (cost === 1 ? String(at) : `${at}×${cost}`));
    return (
      `admitted in (${clock.t - windowMs}, ${clock.t}]: [${times.join(', ')}] (from the decisions) · ` +
      `remaining ${remaining}${resetAfterMs === undefined ? '' : ` · all back in ${ms(resetAfterMs)}`}`
    );
  },
);

const slidingCounter = limiterSubject(
  'sliding-window-counter',
  'SlidingWindowCounter',
  { limit: 'limit', window: 'windowMs', windowMs: 'windowMs' },
  { limit: 3, windowMs: 1000 },
  (limiter, key, { windowMs = 1000 }, clock, log) => {
    const { remaining } = peek(limiter, key);
    const estimate = limiter.estimate?.(key);
    const index = Math.floor(clock.t / windowMs);
    const count = (window: number) =>
      log.filter(({ at }) => Math.floor(at / windowMs) === window).reduce((sum, { cost }) => sum + cost, 0);
    const elapsed = clock.t - index * windowMs;
    return (
      `estimate ${estimate === undefined ? '?' : round2(estimate)} = previous ${count(index - 1)} × ` +
      `${windowMs - elapsed}/${windowMs} + current ${count(index)} (counts from the decisions) · remaining ${remaining}`
    );
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Priority queue

interface Item {
  readonly p: number;
  readonly id: number;
}

interface Queue {
  readonly size: number;
  push(item: Item): unknown;
  pop(): Item | undefined;
  peek(): Item | undefined;
  remove(handle: unknown): boolean;
  updatePriority(handle: unknown, item: Item): boolean;
}

const inspectHook = Symbol.for('lld-katas.inspect');

type Inspectable = { [inspectHook]?: () => { heap: ReadonlyArray<{ value: Item; seq: number }> } };

const label = (item: Item) => `${item.p}#${item.id}`;

const priorityQueue: Subject = {
  id: 'priority-queue',
  classes: ['PriorityQueue', 'PriorityQueue.from'],
  defaults: 'new',
  example: 'push 5; push 3; push 8; push 1; pop; push 3',
  create(module, setup, _clock) {
    const PQ = classOf(module, 'PriorityQueue') as Ctor & { from(items: Iterable<Item>, cmp: unknown): Queue };
    const byPriority = (a: Item, b: Item) => a.p - b.p;
    let nextId = 0;
    const handles: unknown[] = [];
    const itemOf = (value: Value, name: string): Item => {
      if (typeof value === 'number') return { p: value, id: nextId++ };
      if (isRecord(value) && typeof value.p === 'number' && typeof value.id === 'number') {
        nextId = Math.max(nextId, value.id + 1);
        return { p: value.p, id: value.id };
      }
      throw new TraceInputError(`'${name}' expects a priority number or an item { p, id }, got ${show(value)}`);
    };
    const handleOf = (value: Value, name: string): unknown => {
      const index = value instanceof HandleRef ? value.index : value;
      if (typeof index !== 'number' || handles[index] === undefined) {
        throw new TraceInputError(`'${name}' expects the number of an earlier push (0 … ${handles.length - 1})`);
      }
      return handles[index];
    };
    // Setup: `new` / `new PriorityQueue(cmp)` (no items) or `from 5 3 8` / `PriorityQueue.from([…], cmp)`.
    const given = (setup ?? []).filter((value) => !(value instanceof Fn));
    const initial = given.length === 1 && Array.isArray(given[0]) ? (given[0] as Value[]) : given;
    const items = initial.map((value) => itemOf(value, 'from'));
    const queue = (items.length === 0 ? new PQ(byPriority) : PQ.from(items, byPriority)) as Queue & Inspectable;
    // The id of the item behind each handle, so `update 0 7` keeps the item's id as the replay does.
    const ids = new Map<unknown, number>();
    const operations: Operation[] = [
      op('push', [], 'push <priority>  (the item is { p: priority, id: next number })', [1, 1], (args) => {
        const item = itemOf(args[0], 'push');
        const handle = queue.push(item);
        handles.push(handle);
        ids.set(handle, item.id);
        return new Text(`handles[${handles.length - 1}] = ${label(item)}`);
      }),
      op('pop', [], 'pop', [0, 0], () => queue.pop()),
      op('peek', [], 'peek', [0, 0], () => queue.peek()),
      op('remove', [], 'remove <push number>', [1, 1], (args) => queue.remove(handleOf(args[0], 'remove'))),
      op('update', ['updatePriority'], 'update <push number> <priority>', [2, 2], (args) => {
        const handle = handleOf(args[0], 'update');
        const value = args[1] as Value;
        const item = isRecord(value)
          ? itemOf(value, 'update')
          : { p: numberArg('update', value), id: ids.get(handle) ?? -1 };
        return queue.updatePriority(handle, item);
      }),
      op('drain', [], 'drain  (pop everything, in order)', [0, 0], () =>
        Array.from({ length: queue.size }, () => queue.pop()),
      ),
      op('size', [], 'size', [0, 0], () => queue.size),
    ];
    const built =
      items.length === 0
        ? 'new PriorityQueue<Item>((a, b) => a.p - b.p)'
        : `PriorityQueue.from([${items.map(label).join(', ')}], (a, b) => a.p - b.p)`;
    return {
      built,
      operations,
      drainEvents: () => [],
      state: () => {
        const hook = queue[inspectHook];
        if (typeof hook !== 'function') {
          return [
            `size ${queue.size} · next out ${queue.peek() === undefined ? 'none' : label(queue.peek() as Item)}`,
            'the heap array is private: only the reference solution has the read-only hook that shows it',
          ];
        }
        const heap = hook.call(queue).heap.map(({ value }) => value);
        if (heap.length === 0) return ['heap: empty'];
        return [`heap array: [${heap.map(label).join(', ')}]`, ...heapTree(heap.map(label))];
      },
    };
  },
};

export const subjects: readonly Subject[] = [
  lru,
  lfu,
  fifo,
  ttlCache,
  tokenBucket,
  fixedWindow,
  slidingLog,
  slidingCounter,
  priorityQueue,
];
