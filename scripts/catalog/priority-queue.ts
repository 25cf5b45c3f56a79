import type { Kata } from '../catalog.ts';

export const priorityQueue: Kata = {
  id: 'priority-queue',
  title: 'Priority queue',
  system: 'job-processor',
  difficulty: 'medium',
  summary:
    'A stable binary heap with O(log n) push and pop, handles to update or remove an item, and an O(n) bulk build.',
  related: ['job-processor'],
  levels: [
    {
      title: 'Core: push, pop and peek',
      minutes: [15, 25],
      hints: [
        {
          text: 'Keep the items in an array laid out as a binary tree: the children of index i are 2i + 1 and 2i + 2, its parent (i - 1) >> 1.',
        },
        {
          text: 'push appends at the end and swaps the item up while it comes before its parent; pop moves the last item to the root and swaps it down with the child that comes first.',
          forTest: 'O(log n)',
        },
        {
          text: 'A heap is not stable by itself: store a push counter with every item and break comparator ties with it.',
          forTest: 'push order',
        },
        {
          text: 'In sift-down, pick the child that comes first (comparing both children), then compare it with the moving item; an off-by-one in `left < length` loses the last child.',
          forTest: 'model',
        },
      ],
    },
    {
      title: 'Handles: update and remove',
      minutes: [20, 30],
      hints: [
        { text: 'Make the handle the heap entry itself, and keep the entry’s current array index in it.' },
        {
          text: 'Every time the heap moves an entry, update its index; then remove(handle) knows where to look in O(1).',
          forTest: 'removes an item from the middle',
        },
        {
          text: 'To remove at index i, move the last entry to i and sift it up or down: it may belong on either side.',
          forTest: 'moves up',
        },
        {
          text: 'A handle is live only if `heap[handle.index] === handle`; set the index to -1 when an entry leaves. That rejects stale handles and those of another queue.',
          forTest: 'stale',
        },
      ],
    },
    {
      title: 'Bulk build in O(n)',
      minutes: [15, 25],
      hints: [
        {
          text: 'Put all the items in the array in iteration order first, numbering them as you go, then fix the heap.',
        },
        {
          text: 'Floyd’s heapify: sift down every internal node, from index ⌊n/2⌋ - 1 back to 0.',
          forTest: 'comparator calls',
        },
        {
          text: 'Heapify is O(n) because the sift distances sum to less than n; each level of a sift costs two comparisons, hence at most 2n calls.',
          forTest: 'at most 2n',
        },
      ],
    },
  ],
};
