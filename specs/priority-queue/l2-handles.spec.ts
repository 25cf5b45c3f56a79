import { describe, expect, it, test } from 'vitest';
import type { Handle } from '../../katas/priority-queue/index.ts';
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

/** A queue of `{ p, id }` items with the priorities given (ids 0, 1, 2 … in push order) and their handles. */
function filled(priorities: readonly number[]) {
  const queue = new PriorityQueue<Item>(byPriority);
  const list = priorities.map((p, id) => ({ p, id }));
  const handles = list.map((item) => queue.push(item));
  return { queue, list, handles };
}

const ids = (list: readonly Item[]): number[] => list.map((item) => item.id);

describe(level(2, 'Handles: update and remove'), () => {
  describe('push', () => {
    it('returns a distinct handle object for every push, even of the same value', () => {
      const queue = new PriorityQueue<number>();
      const first = queue.push(1);
      const second = queue.push(1);
      expect([typeof first, first === second]).toEqual(['object', false]);
    });
  });

  describe('remove', () => {
    it('removes the first item, and the next one moves up', () => {
      const { queue, handles } = filled([1, 2, 3]);
      expect(queue.remove(handles[0] as Handle<Item>)).toBe(true);
      expect([queue.size, queue.peek()?.id]).toEqual([2, 1]);
    });

    it('removes an item from the middle and keeps the order of the rest', () => {
      const { queue, handles } = filled([5, 1, 4, 2, 3, 0, 6]);
      expect(queue.remove(handles[4] as Handle<Item>)).toBe(true); // priority 3
      expect(drain(queue).map((item) => item.p)).toEqual([0, 1, 2, 4, 5, 6]);
    });

    it('removes the last item of the array', () => {
      const { queue, handles } = filled([1, 2, 3, 4]);
      expect(queue.remove(handles[3] as Handle<Item>)).toBe(true);
      expect(ids(drain(queue))).toEqual([0, 1, 2]);
    });

    it('removes the only item', () => {
      const { queue, handles } = filled([1]);
      expect([queue.remove(handles[0] as Handle<Item>), queue.size, queue.peek()]).toEqual([true, 0, undefined]);
    });

    it('moves up the item that fills the gap when it belongs higher', () => {
      // The last item of the array (9) fills the gap left by 17, in another branch of the tree, below 16: it must
      // climb above 16, or it comes out after 11.
      const { queue, handles } = filled([17, 5, 7, 16, 12, 11, 9]);
      queue.remove(handles[0] as Handle<Item>);
      expect(drain(queue).map((item) => item.p)).toEqual([5, 7, 9, 11, 12, 16]);
    });

    test.each([
      { case: 'popped', spoil: (queue: ReturnType<typeof filled>['queue']) => queue.pop() },
      {
        case: 'removed',
        spoil: (queue: ReturnType<typeof filled>['queue'], handle: Handle<Item>) => queue.remove(handle),
      },
    ])('returns false for a handle whose item was $case, and changes nothing', ({ spoil }) => {
      const { queue, handles } = filled([0, 1, 2]);
      spoil(queue, handles[0] as Handle<Item>);
      expect(queue.remove(handles[0] as Handle<Item>)).toBe(false);
      expect(ids(drain(queue))).toEqual([1, 2]);
    });

    it('returns false for a handle of another queue, and changes neither queue', () => {
      const mine = filled([1, 2]);
      const other = filled([1, 2]);
      expect(mine.queue.remove(other.handles[0] as Handle<Item>)).toBe(false);
      expect([mine.queue.size, other.queue.size]).toEqual([2, 2]);
    });

    it('never makes a stale handle valid again, even after the array grows back', () => {
      const { queue, handles } = filled([0, 1]);
      queue.pop(); // handle 0's slot is reused by later pushes
      queue.push({ p: 0, id: 9 });
      queue.push({ p: 0, id: 10 });
      expect(queue.remove(handles[0] as Handle<Item>)).toBe(false);
      expect(queue.size).toBe(3);
    });

    test.each([
      ['null', null],
      ['undefined', undefined],
      ['a number', 0],
      ['a string', 'h'],
    ])('rejects %s as handle with a TypeError naming handle', (_label, handle) => {
      const { queue } = filled([1]);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => queue.remove(handle)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => queue.remove(handle)).toThrow(/`handle`/);
    });

    it('returns false for an object that is not a handle', () => {
      const { queue } = filled([1]);
      // @ts-expect-error: an ordinary object, not a handle
      expect(queue.remove({ index: 0 })).toBe(false);
      expect(queue.size).toBe(1);
    });
  });

  describe('updatePriority', () => {
    it('moves an item up when its new priority comes first', () => {
      const { queue, handles } = filled([1, 2, 3, 4]);
      expect(queue.updatePriority(handles[3] as Handle<Item>, { p: 0, id: 3 })).toBe(true);
      expect(ids(drain(queue))).toEqual([3, 0, 1, 2]);
    });

    it('moves an item down when its new priority comes later', () => {
      const { queue, handles } = filled([1, 2, 3, 4]);
      expect(queue.updatePriority(handles[0] as Handle<Item>, { p: 9, id: 0 })).toBe(true);
      expect(ids(drain(queue))).toEqual([1, 2, 3, 0]);
    });

    it('replaces the item: pop returns the new value', () => {
      const { queue, handles } = filled([1]);
      const replacement = { p: 5, id: 42 };
      queue.updatePriority(handles[0] as Handle<Item>, replacement);
      expect(queue.pop()).toBe(replacement);
    });

    it('keeps the size', () => {
      const { queue, handles } = filled([1, 2, 3]);
      queue.updatePriority(handles[1] as Handle<Item>, { p: 0, id: 1 });
      expect(queue.size).toBe(3);
    });

    it('keeps the item’s place in line among ties: it counts as pushed when first pushed', () => {
      const { queue, handles } = filled([1, 5, 1]); // ids 0, 1, 2
      queue.updatePriority(handles[1] as Handle<Item>, { p: 1, id: 1 }); // now ties with 0 and 2
      expect(ids(drain(queue))).toEqual([0, 1, 2]);
    });

    it('lets an item updated to a tie come before later pushes, and after earlier ones', () => {
      const { queue, handles } = filled([3, 9]); // ids 0, 1
      queue.push({ p: 3, id: 2 });
      queue.updatePriority(handles[1] as Handle<Item>, { p: 3, id: 1 });
      expect(ids(drain(queue))).toEqual([0, 1, 2]);
    });

    it('keeps a handle valid after an update', () => {
      const { queue, handles } = filled([1, 2, 3]);
      queue.updatePriority(handles[2] as Handle<Item>, { p: 0, id: 2 });
      queue.updatePriority(handles[2] as Handle<Item>, { p: 9, id: 2 });
      expect(queue.remove(handles[2] as Handle<Item>)).toBe(true);
      expect(ids(drain(queue))).toEqual([0, 1]);
    });

    it('returns false for a stale handle and changes nothing', () => {
      const { queue, handles } = filled([0, 1]);
      queue.pop();
      expect(queue.updatePriority(handles[0] as Handle<Item>, { p: -1, id: 0 })).toBe(false);
      expect(ids(drain(queue))).toEqual([1]);
    });

    it('returns false for a handle of another queue', () => {
      const mine = filled([1]);
      const other = filled([1]);
      expect(mine.queue.updatePriority(other.handles[0] as Handle<Item>, { p: 0, id: 7 })).toBe(false);
      expect([mine.queue.peek(), other.queue.peek()]).toEqual([mine.list[0], other.list[0]]);
    });

    it('rejects a handle that is not an object with a TypeError naming handle', () => {
      const { queue } = filled([1]);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => queue.updatePriority(null, { p: 0, id: 0 })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => queue.updatePriority(3, { p: 0, id: 0 })).toThrow(/`handle`/);
    });
  });

  test.each([
    { n: 1_024, calls: 22 },
    { n: 65_536, calls: 34 },
  ])('calls the comparator O(log n) times per remove and update at n=$n', ({ n, calls: limit }) => {
    let calls = 0;
    const queue = new PriorityQueue<number>((a, b) => {
      calls++;
      return a - b;
    });
    const handles = Array.from({ length: n }, (_, i) => queue.push((i * 7919) % n));
    calls = 0;
    queue.remove(handles[1] as Handle<number>);
    queue.updatePriority(handles[n - 1] as Handle<number>, -1);
    queue.updatePriority(handles[n - 1] as Handle<number>, 2 * n);
    expect(calls / 3).toBeLessThanOrEqual(limit);
  });

  it('agrees with the array model on random sequences with removes and updates', () => {
    checkAgainstModel({
      setup: () => pqSetup(PriorityQueue),
      steps: [pushStep(), pushStep(), popStep, peekStep, removeStep, updateStep(), drainStep],
    });
  });

  it('agrees with the array model with many distinct priorities', () => {
    checkAgainstModel({
      setup: () => pqSetup(PriorityQueue),
      steps: [pushStep(30), pushStep(30), pushStep(30), popStep, removeStep, updateStep(30), drainStep],
      maxSteps: 60,
    });
  });
});
