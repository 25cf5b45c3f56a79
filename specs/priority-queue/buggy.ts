/**
 * Known-buggy priority queues: the reference with one plausible mistake each, plus whole-file designs with a
 * hidden flaw. `npm test` proves the spec kills every one (see specs/support/buggy.ts). When you add a rule to the
 * spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'unstable',
    bug: 'ties are left to the heap: items of equal priority come out in whatever order the swaps leave them',
    killedBy: 'pops ties in push order among other priorities',
    patch: [['    return order < 0 || (!(order > 0) && a.seq < b.seq);', '    return order < 0;']],
  },
  {
    name: 'lifo-ties',
    bug: 'ties are broken the wrong way round: the item pushed last comes out first',
    killedBy: 'items of equal priority in push order',
    patch: [['(!(order > 0) && a.seq < b.seq)', '(!(order > 0) && a.seq > b.seq)']],
  },
  {
    name: 'nan-is-not-a-tie',
    bug: 'ties are recognised only by `order === 0`, so a comparator returning NaN orders items arbitrarily',
    killedBy: 'treats a comparator result of NaN as a tie',
    patch: [['(!(order > 0) && a.seq < b.seq)', '(order === 0 && a.seq < b.seq)']],
  },
  {
    name: 'max-heap-default',
    bug: 'the default comparator puts larger values first',
    killedBy: 'without a comparator puts smaller',
    patch: [['  return a < b ? -1 : a > b ? 1 : 0;', '  return a < b ? 1 : a > b ? -1 : 0;']],
  },
  {
    name: 'string-default',
    bug: 'the default comparator compares values as strings, so 10 comes before 9',
    killedBy: 'orders numbers by value, not as strings',
    patch: [
      ['  return a < b ? -1 : a > b ? 1 : 0;', '  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;'],
    ],
  },
  {
    name: 'sift-down-skips-last-child',
    bug: 'sift-down stops one child early (`left >= length - 1`), so an item with only a left child never moves down',
    killedBy: 'pops',
    patch: [['      if (left >= length) break;', '      if (left >= length - 1) break;']],
  },
  {
    name: 'sift-down-ignores-last-right-child',
    bug: 'sift-down considers the right child only when it is not the last item (`right < length - 1`)',
    killedBy: 'model',
    patch: [['      if (right < length && this.#before(', '      if (right < length - 1 && this.#before(']],
  },
  {
    name: 'sift-down-wrong-child',
    bug: 'sift-down swaps with the child that comes out later instead of the one that comes out first',
    killedBy: 'pops',
    patch: [
      [
        'this.#before(heap[right] as Entry<T>, heap[left] as Entry<T>)',
        'this.#before(heap[left] as Entry<T>, heap[right] as Entry<T>)',
      ],
    ],
  },
  {
    name: 'peek-last',
    bug: 'peek returns the last item of the array instead of the root',
    killedBy: 'peeks at the first item without removing it',
    patch: [['    return this.#heap[0]?.value;', '    return this.#heap.at(-1)?.value;']],
  },
  {
    name: 'remove-only-sifts-down',
    bug: 'remove moves the last item into the gap and only sifts it down, though it may belong higher',
    killedBy: 'remove',
    patch: [['    last.index = index;\n    this.#siftUp(index);\n', '    last.index = index;\n']],
  },
  {
    name: 'remove-only-sifts-up',
    bug: 'remove moves the last item into the gap and only sifts it up, though it may belong lower',
    killedBy: 'removes the first item, and the next one moves up',
    patch: [['    this.#siftUp(index);\n    this.#siftDown(last.index);', '    this.#siftUp(index);']],
  },
  {
    name: 'update-only-sifts-up',
    bug: 'updatePriority only moves the item up, so a priority that comes later leaves it too high',
    killedBy: 'moves an item down when its new priority comes later',
    patch: [['    this.#siftUp(entry.index);\n    this.#siftDown(entry.index);\n', '    this.#siftUp(entry.index);\n']],
  },
  {
    name: 'update-requeues-at-the-back',
    bug: 'updatePriority gives the item a new push number, so it loses its place in line among ties',
    killedBy: 'keeps the item’s place in line among ties',
    patch: [
      ['  readonly seq: number;', '  seq: number;'],
      ['    entry.value = value;\n', '    entry.value = value;\n    entry.seq = this.#seq++;\n'],
    ],
  },
  {
    name: 'handle-checked-by-index-only',
    bug: 'a handle counts as live when its index is in range, so a handle of another queue removes a stranger',
    killedBy: 'returns false for a handle of another queue',
    patch: [
      [
        '    return this.#heap[entry.index] === entry ? entry : undefined;',
        '    return entry.index >= 0 && entry.index < this.#heap.length ? entry : undefined;',
      ],
    ],
  },
  {
    name: 'stale-handle-revived',
    bug: 'a popped or removed entry keeps its last index, and the check trusts the index: a stale handle removes whatever sits there',
    killedBy: 'stale handle',
    patch: [
      ['    removed.index = -1;\n', ''],
      [
        '    return this.#heap[entry.index] === entry ? entry : undefined;',
        '    return entry.index >= 0 && entry.index < this.#heap.length ? this.#heap[entry.index] : undefined;',
      ],
    ],
  },
  {
    name: 'handle-not-validated',
    bug: 'remove and updatePriority read `handle.index` without checking that the handle is an object',
    killedBy: 'rejects null as handle with a TypeError naming handle',
    patch: [
      [
        "    if (typeof handle !== 'object' || handle === null) {",
        '    if (handle === undefined && handle !== undefined) {',
      ],
    ],
  },
  {
    name: 'from-by-repeated-push',
    bug: 'from pushes the items one by one: O(n log n) comparator calls instead of an O(n) heapify',
    killedBy: 'makes at most 2n comparator calls',
    patch: [
      [
        '    for (const value of items) heap.push({ value, seq: this.#seq++, index: heap.length });\n    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) this.#siftDown(i);',
        '    for (const value of items) this.push(value);\n    void heap;',
      ],
    ],
  },
  {
    name: 'heapify-top-down',
    bug: 'heapify sifts down the internal nodes from the root to the leaves, so small items low in the tree stay there',
    killedBy: 'pops',
    patch: [
      [
        '    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) this.#siftDown(i);',
        '    for (let i = 0; i < heap.length >>> 1; i++) this.#siftDown(i);',
      ],
    ],
  },
  {
    name: 'heapify-misses-last-parent',
    bug: 'heapify starts one node too early (⌊n/2⌋ − 2), so the last parent is never sifted down',
    killedBy: 'builds a queue from',
    patch: [
      [
        '    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) this.#siftDown(i);',
        '    for (let i = (heap.length >>> 1) - 2; i >= 0; i--) this.#siftDown(i);',
      ],
    ],
  },
  {
    name: 'sorted-array',
    bug: 'a sorted array with binary-search insert: logarithmic comparator calls, but splice moves O(n) items per push',
    killedBy: 'O(log n): the cost per operation grows slowly',
    file: 'buggy/sorted-array.ts',
  },
];
