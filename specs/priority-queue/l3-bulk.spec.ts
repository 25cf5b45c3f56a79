import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  byPriority,
  drainStep,
  type Item,
  peekStep,
  popStep,
  pqSetup,
  pushStep,
  removeStep,
  updateStep,
} from './model.ts';

const { PriorityQueue } = await loadKata<typeof import('../../katas/priority-queue/index.ts')>('priority-queue');

function drain<T>(queue: { pop(): T | undefined; readonly size: number }): T[] {
  const out: T[] = [];
  while (queue.size > 0) out.push(queue.pop() as T);
  return out;
}

const items = (priorities: readonly number[]): Item[] => priorities.map((p, id) => ({ p, id }));

/** n numbers in the order named. */
const orders = {
  ascending: (n: number) => Array.from({ length: n }, (_, i) => i),
  descending: (n: number) => Array.from({ length: n }, (_, i) => n - i),
  scrambled: (n: number) => Array.from({ length: n }, (_, i) => (i * 7919) % n),
  'all equal': (n: number) => Array<number>(n).fill(1),
} as const;

describe(level(3, 'Bulk build in O(n)'), () => {
  test.each([
    { input: [], output: [] },
    { input: [1], output: [1] },
    { input: [2, 1], output: [1, 2] },
    { input: [3, 1, 2], output: [1, 2, 3] },
    { input: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], output: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { input: [4, 1, 3, 1, 2, 4, 0], output: [0, 1, 1, 2, 3, 4, 4] },
  ])('builds a queue from $input that pops $output', ({ input, output }) => {
    const queue = PriorityQueue.from(input);
    expect([queue.size, ...drain(queue)]).toEqual([input.length, ...output]);
  });

  it('accepts any iterable: a Set, a generator, a string', () => {
    function* generate() {
      yield 3;
      yield 1;
      yield 2;
    }
    expect([
      drain(PriorityQueue.from(new Set([2, 3, 1]))),
      drain(PriorityQueue.from(generate())),
      drain(PriorityQueue.from('cab')),
    ]).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      ['a', 'b', 'c'],
    ]);
  });

  it('uses the comparator given', () => {
    expect(drain(PriorityQueue.from([1, 3, 2], (a, b) => b - a))).toEqual([3, 2, 1]);
  });

  it('keeps iteration order among ties', () => {
    const list = items([2, 1, 2, 0, 1, 2, 0, 1, 1, 1, 2, 0]);
    expect(drain(PriorityQueue.from(list, byPriority))).toEqual([...list].sort(byPriority));
  });

  it('orders a later push after every tied item of the build', () => {
    const list = items([1, 1, 1]);
    const queue = PriorityQueue.from(list, byPriority);
    const late = { p: 1, id: 3 };
    queue.push(late);
    expect(drain(queue)).toEqual([...list, late]);
  });

  it('returns a queue that works like any other: push, peek, handles', () => {
    const queue = PriorityQueue.from([5, 3]);
    const handle = queue.push(4);
    queue.push(1);
    expect([queue.peek(), queue.remove(handle), queue.size, ...drain(queue)]).toEqual([1, true, 3, 1, 3, 5]);
  });

  it('does not keep or change the array given', () => {
    const input = [3, 1, 2];
    const queue = PriorityQueue.from(input);
    input.push(0);
    expect([drain(queue), input]).toEqual([
      [1, 2, 3],
      [3, 1, 2, 0],
    ]);
  });

  test.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a number', 3, 'number'],
    ['a plain object', { length: 2 }, 'object'],
  ])('rejects %s as items with a TypeError naming items and the type', (_label, input, type) => {
    // @ts-expect-error: wrongly typed on purpose
    expect(() => PriorityQueue.from(input)).toThrow(TypeError);
    // @ts-expect-error: wrongly typed on purpose
    expect(() => PriorityQueue.from(input)).toThrow(/`items`/);
    // @ts-expect-error: wrongly typed on purpose
    expect(() => PriorityQueue.from(input)).toThrow(`(${type})`);
  });

  it('rejects a comparator that is not a function with a TypeError naming comparator', () => {
    // @ts-expect-error: wrongly typed on purpose
    expect(() => PriorityQueue.from([1], 'asc')).toThrow(TypeError);
    // @ts-expect-error: wrongly typed on purpose
    expect(() => PriorityQueue.from([1], 'asc')).toThrow(/`comparator`/);
  });

  describe.each(Object.entries(orders))('%s input', (_name, order) => {
    test.each([1_000, 4_096])('makes at most 2n comparator calls to build from n=%i items', (n) => {
      let calls = 0;
      const queue = PriorityQueue.from(order(n), (a, b) => {
        calls++;
        return a - b;
      });
      expect(calls).toBeLessThanOrEqual(2 * n);
      expect(queue.size).toBe(n);
    });

    it('pops 1,000 built items in the right order', () => {
      const list = items(order(1_000));
      expect(drain(PriorityQueue.from(list, byPriority))).toEqual([...list].sort(byPriority));
    });
  });

  it('agrees with the array model when the queue starts from a bulk build', () => {
    checkAgainstModel({
      setup: () => pqSetup(PriorityQueue, [3, 1, 4, 1, 0, 2, 4, 3, 0, 1]),
      steps: [pushStep(), popStep, peekStep, removeStep, updateStep(), drainStep],
    });
  });
});
