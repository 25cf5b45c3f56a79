/**
 * The model for the priority-queue property tests: a plain array in push order, scanned for the first item on
 * every pop (lowest priority number, then lowest push number). Nothing like a heap; it states the contract —
 * including FIFO ties — in a few lines.
 */
import fc from 'fast-check';
import type { Handle, PriorityQueue } from '../../katas/priority-queue/index.ts';
import type { Step } from '../support/model.ts';

/** An item: its priority `p` (smaller first) and a label `id` that tells equal priorities apart. */
export interface Item {
  readonly p: number;
  readonly id: number;
}

export const byPriority = (a: Item, b: Item): number => a.p - b.p;

interface Entry {
  item: Item;
  /** Push order: ties go to the lower. `updatePriority` keeps it. */
  readonly seq: number;
  live: boolean;
}

export interface PqModel {
  /** Live entries, in push order. */
  entries: Entry[];
  /** The entry behind each handle, in the order `push` returned them (`handles[i]` in the script). */
  handles: Entry[];
  seq: number;
  nextId: number;
}

export interface PqReal {
  readonly queue: PriorityQueue<Item>;
  readonly handles: Handle<Item>[];
}

const show = (item: Item | undefined): string =>
  item === undefined ? 'undefined' : `{ p: ${item.p}, id: ${item.id} }`;

function first(model: PqModel): Entry | undefined {
  let best: Entry | undefined;
  for (const entry of model.entries) {
    if (best === undefined || entry.item.p < best.item.p) best = entry; // strict: the earlier push wins ties
  }
  return best;
}

function drop(model: PqModel, entry: Entry): void {
  entry.live = false;
  model.entries = model.entries.filter((other) => other !== entry);
}

/** Priorities 0 … max: few of them make ties common, many make deep and varied heaps. */
const priorityArb = (max: number) => fc.integer({ min: 0, max });

export const pushStep = (max = 4) =>
  priorityArb(max).map(
    (p): Step<PqModel, PqReal> => ({
      toString: () => `push(${p})`,
      run(model, real, script) {
        const item = { p, id: model.nextId++ };
        const entry: Entry = { item, seq: model.seq++, live: true };
        model.entries.push(entry);
        model.handles.push(entry);
        script.call(`handles.push(queue.push(${show(item)}))`, () => real.handles.push(real.queue.push(item)));
      },
    }),
  );

export const popStep = fc.constant<Step<PqModel, PqReal>>({
  toString: () => 'pop()',
  run(model, real, script) {
    const entry = first(model);
    if (entry !== undefined) drop(model, entry);
    script.expect('queue.pop()', () => real.queue.pop(), entry?.item);
  },
});

export const peekStep = fc.constant<Step<PqModel, PqReal>>({
  toString: () => 'peek()',
  run(model, real, script) {
    script.expect('queue.peek()', () => real.queue.peek(), first(model)?.item);
    script.expect('queue.size', () => real.queue.size, model.entries.length);
  },
});

const handleArb = fc.nat(24);

export const removeStep = handleArb.map(
  (k): Step<PqModel, PqReal> => ({
    check: (model) => k < model.handles.length,
    toString: () => `remove(handles[${k}])`,
    run(model, real, script) {
      const entry = model.handles[k] as Entry;
      const live = entry.live;
      if (live) drop(model, entry);
      script.expect(`queue.remove(handles[${k}])`, () => real.queue.remove(real.handles[k] as Handle<Item>), live);
    },
  }),
);

export const updateStep = (max = 4) =>
  fc.tuple(handleArb, priorityArb(max)).map(
    ([k, p]): Step<PqModel, PqReal> => ({
      check: (model) => k < model.handles.length,
      toString: () => `updatePriority(handles[${k}], ${p})`,
      run(model, real, script) {
        const entry = model.handles[k] as Entry;
        const item = { p, id: entry.item.id };
        const live = entry.live;
        if (live) entry.item = item;
        script.expect(
          `queue.updatePriority(handles[${k}], ${show(item)})`,
          () => real.queue.updatePriority(real.handles[k] as Handle<Item>, item),
          live,
        );
      },
    }),
  );

/** Pops everything left and compares the whole order; ends a run with the strongest check. */
export const drainStep = fc.constant<Step<PqModel, PqReal>>({
  toString: () => 'drain()',
  run(model, real, script) {
    const expected: Item[] = [];
    for (let entry = first(model); entry !== undefined; entry = first(model)) {
      drop(model, entry);
      expected.push(entry.item);
    }
    script.expect(
      'Array.from({ length: queue.size }, () => queue.pop())',
      () => Array.from({ length: real.queue.size }, () => real.queue.pop()),
      expected,
    );
  },
});

/**
 * A fresh model and queue. With `initial`, the queue starts as `PriorityQueue.from(initial, byPriority)` and the
 * model with those items in iteration order (they have no handles).
 */
export function pqSetup(
  PQ: typeof PriorityQueue,
  initial?: readonly number[],
): { model: PqModel; real: PqReal; header: string[] } {
  const model: PqModel = { entries: [], handles: [], seq: 0, nextId: 0 };
  const items = (initial ?? []).map((p) => ({ p, id: model.nextId++ }));
  for (const item of items) model.entries.push({ item, seq: model.seq++, live: true });
  const queue = initial === undefined ? new PQ<Item>(byPriority) : PQ.from(items, byPriority);
  const build =
    initial === undefined
      ? 'new PriorityQueue<Item>((a, b) => a.p - b.p)'
      : `PriorityQueue.from([${items.map(show).join(', ')}], (a, b) => a.p - b.p)`;
  return {
    model,
    real: { queue, handles: [] },
    header: [`const queue = ${build};`, 'const handles: Handle<Item>[] = [];'],
  };
}
