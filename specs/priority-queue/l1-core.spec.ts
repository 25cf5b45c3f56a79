import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { byPriority, drainStep, type Item, peekStep, popStep, pqSetup, pushStep } from './model.ts';

const { PriorityQueue } = await loadKata<typeof import('../../katas/priority-queue/index.ts')>('priority-queue');

/** Pops until empty. */
function drain<T>(queue: { pop(): T | undefined; readonly size: number }): T[] {
  const out: T[] = [];
  while (queue.size > 0) out.push(queue.pop() as T);
  return out;
}

/** Items `{ p, id }` with the priorities given, labelled 0, 1, 2 … in push order. */
function items(priorities: readonly number[]): Item[] {
  return priorities.map((p, id) => ({ p, id }));
}

/** The items a stable sort by priority gives: the contract's order. */
function stableOrder(list: readonly Item[]): Item[] {
  return [...list].sort(byPriority); // Array.prototype.sort is stable
}

describe(level(1, 'Core: push, pop and peek'), () => {
  describe('constructor', () => {
    it('starts empty', () => {
      const queue = new PriorityQueue<number>();
      expect([queue.size, queue.peek(), queue.pop()]).toEqual([0, undefined, undefined]);
    });

    test.each([
      { type: 'numbers', input: [5, 1, 4, 2, 3], output: [1, 2, 3, 4, 5] },
      { type: 'negative and fractional numbers', input: [0.5, -1, 0, -0.5, 2], output: [-1, -0.5, 0, 0.5, 2] },
      { type: 'strings', input: ['pear', 'apple', 'fig', 'banana'], output: ['apple', 'banana', 'fig', 'pear'] },
      { type: 'bigints', input: [3n, 10n, -2n], output: [-2n, 3n, 10n] },
    ] as const)('without a comparator puts smaller $type first', ({ input, output }) => {
      const queue = new PriorityQueue<(typeof input)[number]>();
      for (const value of input) queue.push(value);
      expect(drain(queue)).toEqual(output);
    });

    it('orders numbers by value, not as strings (10 after 9)', () => {
      const queue = new PriorityQueue<number>();
      for (const value of [10, 9, 100, 1]) queue.push(value);
      expect(drain(queue)).toEqual([1, 9, 10, 100]);
    });

    it('uses the comparator: negative means the first argument comes out first', () => {
      const queue = new PriorityQueue<number>((a, b) => b - a); // a max-heap
      for (const value of [3, 9, 1, 7]) queue.push(value);
      expect(drain(queue)).toEqual([9, 7, 3, 1]);
    });

    it('treats a comparator given as undefined as not given', () => {
      const queue = new PriorityQueue<number>(undefined);
      for (const value of [2, 1]) queue.push(value);
      expect(drain(queue)).toEqual([1, 2]);
    });

    test.each([
      { label: "the string 'desc'", comparator: 'desc', type: 'string' },
      { label: 'a number', comparator: 1, type: 'number' },
      { label: 'null', comparator: null, type: 'null' },
      { label: 'an object', comparator: {}, type: 'object' },
    ])('rejects $label as comparator with a TypeError naming comparator and the type', ({ comparator, type }) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new PriorityQueue(comparator)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new PriorityQueue(comparator)).toThrow(/`comparator`/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new PriorityQueue(comparator)).toThrow(`(${type})`);
    });
  });

  describe('push, pop and peek', () => {
    test.each([
      { input: [1], output: [1] },
      { input: [2, 1], output: [1, 2] },
      { input: [1, 2], output: [1, 2] },
      { input: [3, 1, 2], output: [1, 2, 3] },
      { input: [5, 4, 3, 2, 1], output: [1, 2, 3, 4, 5] },
      { input: [1, 2, 3, 4, 5, 6, 7], output: [1, 2, 3, 4, 5, 6, 7] },
      { input: [4, 1, 3, 1, 2, 4], output: [1, 1, 2, 3, 4, 4] },
      { input: [8, 3, 7, 1, 6, 2, 5, 4, 0, 9], output: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    ])('pops $input as $output', ({ input, output }) => {
      const queue = new PriorityQueue<number>();
      for (const value of input) queue.push(value);
      expect(drain(queue)).toEqual(output);
    });

    it('pops undefined from an empty queue and stays empty', () => {
      const queue = new PriorityQueue<number>();
      queue.push(1);
      queue.pop();
      expect([queue.pop(), queue.pop(), queue.size]).toEqual([undefined, undefined, 0]);
    });

    it('counts the items held in size', () => {
      const queue = new PriorityQueue<number>();
      const sizes = [queue.size];
      for (const value of [3, 1, 2]) {
        queue.push(value);
        sizes.push(queue.size);
      }
      queue.pop();
      sizes.push(queue.size);
      expect(sizes).toEqual([0, 1, 2, 3, 2]);
    });

    it('peeks at the first item without removing it', () => {
      const queue = new PriorityQueue<number>();
      for (const value of [5, 2, 8]) queue.push(value);
      expect([queue.peek(), queue.peek(), queue.size, queue.pop(), queue.peek()]).toEqual([2, 2, 3, 2, 5]);
    });

    it('returns the item pushed, by reference', () => {
      const queue = new PriorityQueue<Item>(byPriority);
      const item = { p: 1, id: 0 };
      queue.push(item);
      expect(queue.pop()).toBe(item);
    });

    it('keeps the order when pushes and pops interleave', () => {
      const queue = new PriorityQueue<number>();
      const out: (number | undefined)[] = [];
      queue.push(5);
      queue.push(3);
      out.push(queue.pop()); // 3
      queue.push(4);
      queue.push(1);
      out.push(queue.pop()); // 1
      queue.push(2);
      out.push(...drain(queue));
      expect(out).toEqual([3, 1, 2, 4, 5]);
    });

    it('keeps separate queues separate', () => {
      const first = new PriorityQueue<number>();
      const second = new PriorityQueue<number>();
      first.push(2);
      second.push(1);
      expect([first.pop(), second.pop(), first.size, second.size]).toEqual([2, 1, 0, 0]);
    });

    it('holds duplicates of the same value', () => {
      const queue = new PriorityQueue<number>();
      for (const value of [7, 7, 7]) queue.push(value);
      expect([queue.size, ...drain(queue)]).toEqual([3, 7, 7, 7]);
    });
  });

  describe('ties', () => {
    test.each([2, 3, 10, 100])('pops %i items of equal priority in push order', (n) => {
      const queue = new PriorityQueue<Item>(byPriority);
      const list = items(Array<number>(n).fill(1));
      for (const item of list) queue.push(item);
      expect(drain(queue)).toEqual(list);
    });

    it('pops ties in push order among other priorities', () => {
      const queue = new PriorityQueue<Item>(byPriority);
      const list = items([2, 1, 2, 0, 1, 2, 0, 1]);
      for (const item of list) queue.push(item);
      expect(drain(queue)).toEqual(stableOrder(list));
    });

    it('keeps push order among ties whatever was popped in between', () => {
      const queue = new PriorityQueue<Item>(byPriority);
      const [a, b, c, d, e] = items([1, 1, 0, 1, 1]);
      for (const item of [a, b, c]) queue.push(item as Item);
      const firstOut = queue.pop(); // c, priority 0
      queue.push(d as Item);
      queue.push(e as Item);
      expect([firstOut, ...drain(queue)]).toEqual([c, a, b, d, e]);
    });

    it('sorts 200 items with three priorities stably', () => {
      const queue = new PriorityQueue<Item>(byPriority);
      const list = items(Array.from({ length: 200 }, (_, i) => (i * 7) % 3));
      for (const item of list) queue.push(item);
      expect(drain(queue)).toEqual(stableOrder(list));
    });

    it('treats a comparator result of NaN as a tie', () => {
      const queue = new PriorityQueue<Item>(() => Number.NaN);
      const list = items([3, 1, 2, 0]);
      for (const item of list) queue.push(item);
      expect(drain(queue)).toEqual(list);
    });
  });

  it('agrees with an array model on random push/pop/peek sequences with many ties', () => {
    checkAgainstModel({ setup: () => pqSetup(PriorityQueue), steps: [pushStep(), popStep, peekStep, drainStep] });
  });

  test.each([
    { n: 1_024, pushes: 11, pops: 20 },
    { n: 65_536, pushes: 17, pops: 32 },
  ])('calls the comparator O(log n) times per push and pop at n=$n', ({ n, pushes, pops }) => {
    let calls = 0;
    const queue = new PriorityQueue<number>((a, b) => {
      calls++;
      return a - b;
    });
    for (let i = 0; i < n - 1; i++) queue.push((i * 7919) % n);
    calls = 0;
    queue.push(-1); // the new first item: climbs all the way up
    const pushCalls = calls;
    calls = 0;
    queue.pop();
    queue.pop();
    expect(pushCalls, 'comparator calls of one push').toBeLessThanOrEqual(pushes);
    expect(calls / 2, 'comparator calls per pop').toBeLessThanOrEqual(pops);
  });

  it('keeps push and pop O(log n): the cost per operation grows slowly with the size', () => {
    // O(log n) grows by log(64,000)/log(1,000) ≈ 1.6×, times colder memory (3–8× measured for two correct heaps);
    // an O(n) insert grows about 64×, and filling 64,000 items with one already takes seconds.
    expectFlatCost({
      label: 'push + pop on a queue of n items',
      create: () => new PriorityQueue<number>(),
      fill: (queue, i) => {
        queue.push((i * 2_654_435_761) % 1_000_003);
      },
      operation: (queue, i) => {
        queue.push((i * 40_503) % 1_000_003);
        queue.pop();
      },
      maxRatio: 16,
    });
  });
});
