import { describe, expect, it, test } from 'vitest';
import { level } from '../support/level.ts';
import { describeWithServerClock, serverEpoch } from '../support/redis.ts';
import { drainOrder, newQueue, useClocks } from './helpers.ts';

describeWithServerClock(level(2, 'Priorities and delays'), () => {
  const clock = useClocks();

  describe('priority', () => {
    it('reserves a higher priority first, whatever the enqueue order', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 }, { priority: 1 });
      await queue.enqueue({ n: 2 }, { priority: 10 });
      await queue.enqueue({ n: 3 });
      await queue.enqueue({ n: 4 }, { priority: -5 });
      await queue.enqueue({ n: 5 }, { priority: 10 });
      expect(await drainOrder(queue)).toEqual([2, 5, 1, 3, 4]);
    });

    test.each([
      { low: -1, high: 0 },
      { low: 0, high: 1 },
      { low: 99, high: 100 },
      { low: -1_000_000, high: 1_000_000 },
      { low: -1_000_000_000, high: 1_000_000_000 },
    ])('priority $high goes before $low', async ({ low, high }) => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 0 }, { priority: low });
      await queue.enqueue({ n: 1 }, { priority: high });
      expect((await queue.reserve('w'))?.priority).toBe(high);
    });

    it('keeps FIFO within a priority: first enqueued, first reserved (never LIFO)', async () => {
      const { queue } = newQueue();
      // All at the same frozen instant: the order is the enqueue order, even past ten jobs.
      for (let n = 1; n <= 12; n++) await queue.enqueue({ n }, { priority: n % 2 });
      expect(await drainOrder(queue)).toEqual([1, 3, 5, 7, 9, 11, 2, 4, 6, 8, 10, 12]);
    });

    it('keeps FIFO across instants', async () => {
      const { queue } = newQueue();
      for (let n = 1; n <= 4; n++) {
        await queue.enqueue({ n });
        await clock.advance(1);
      }
      expect(await drainOrder(queue)).toEqual([1, 2, 3, 4]);
    });

    test.each([
      ['1.5', 1.5, RangeError],
      ['NaN', Number.NaN, RangeError],
      ['Infinity', Number.POSITIVE_INFINITY, RangeError],
      ['1e9 + 1', 1_000_000_001, RangeError],
      ['-1e9 - 1', -1_000_000_001, RangeError],
      ['"1"', '1', TypeError],
    ] as const)('rejects priority %s naming priority, storing nothing', async (_label, priority, errorClass) => {
      const { queue } = newQueue();
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.enqueue({ n: 1 }, { priority })).rejects.toThrow(errorClass);
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.enqueue({ n: 1 }, { priority })).rejects.toThrow(/priority/);
      expect((await queue.counts()).queued).toBe(0);
    });
  });

  describe('delay', () => {
    test.each([1, 1_000, 60_000])('with delayMs %d: not reservable at due − 1, reservable at due', async (delayMs) => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { delayMs });
      expect(await queue.get(id)).toMatchObject({ state: 'delayed', dueAt: serverEpoch + delayMs });
      await clock.advance(delayMs - 1);
      // t=due−1
      expect(await queue.reserve('w')).toBeNull();
      expect(await queue.counts()).toMatchObject({ queued: 0, delayed: 1 });
      await clock.advance(1);
      // t=due
      expect((await queue.reserve('w'))?.id).toBe(id);
    });

    it('treats delayMs 0 as ready at once', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { delayMs: 0 });
      expect((await queue.get(id))?.state).toBe('queued');
      expect((await queue.reserve('w'))?.id).toBe(id);
    });

    it('reports a due delayed job as queued before anything moves it', async () => {
      const { queue } = newQueue();
      const id = await queue.enqueue({ n: 1 }, { delayMs: 500 });
      expect(await queue.counts()).toEqual({ queued: 0, delayed: 1, running: 0, failed: 0, succeeded: 0 });
      await clock.advance(500);
      expect(await queue.get(id)).toMatchObject({ state: 'queued', dueAt: null });
      expect(await queue.counts()).toEqual({ queued: 1, delayed: 0, running: 0, failed: 0, succeeded: 0 });
    });

    it('does not let a delayed job hold up ready ones', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 }, { delayMs: 10_000, priority: 100 });
      await queue.enqueue({ n: 2 });
      expect(await drainOrder(queue)).toEqual([2]);
    });

    it('orders by the time a job became ready: a job due at 100 goes before one enqueued at 150', async () => {
      const { queue } = newQueue();
      // t=0
      await queue.enqueue({ n: 1 }, { delayMs: 100 });
      await clock.advance(150);
      // t=150
      await queue.enqueue({ n: 2 });
      await clock.advance(50);
      // t=200: both ready; the delayed one since 100
      expect(await drainOrder(queue)).toEqual([1, 2]);
    });

    it('orders jobs due at the same instant by enqueue order', async () => {
      const { queue } = newQueue();
      // t=0: job 1 due at 300; t=100: job 2 due at 300; t=200: job 3 due at 250
      await queue.enqueue({ n: 1 }, { delayMs: 300 });
      await clock.advance(100);
      await queue.enqueue({ n: 2 }, { delayMs: 200 });
      await clock.advance(100);
      await queue.enqueue({ n: 3 }, { delayMs: 50 });
      await queue.enqueue({ n: 4 }, { delayMs: 100 });
      await clock.advance(1_000);
      expect(await drainOrder(queue)).toEqual([3, 1, 2, 4]);
    });

    it('lets priority beat readiness', async () => {
      const { queue } = newQueue();
      await queue.enqueue({ n: 1 });
      await queue.enqueue({ n: 2 }, { delayMs: 1_000, priority: 1 });
      await clock.advance(5_000);
      expect(await drainOrder(queue)).toEqual([2, 1]);
    });

    it('computes the due time on the server clock, not the caller’s', async () => {
      const { queue } = newQueue();
      // The test process's clock says 2001; the server's, 2031.
      const id = await queue.enqueue({ n: 1 }, { delayMs: 2_000 });
      expect((await queue.get(id))?.dueAt).toBe(serverEpoch + 2_000);
      expect(await queue.reserve('w')).toBeNull();
    });

    test.each([
      ['-1', -1, RangeError],
      ['1.5', 1.5, RangeError],
      ['NaN', Number.NaN, RangeError],
      ['Infinity', Number.POSITIVE_INFINITY, RangeError],
      ['"10"', '10', TypeError],
    ] as const)('rejects delayMs %s naming delayMs, storing nothing', async (_label, delayMs, errorClass) => {
      const { queue } = newQueue();
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.enqueue({ n: 1 }, { delayMs })).rejects.toThrow(errorClass);
      // @ts-expect-error: wrongly typed on purpose
      await expect(queue.enqueue({ n: 1 }, { delayMs })).rejects.toThrow(/delayMs/);
      expect(await queue.counts()).toMatchObject({ queued: 0, delayed: 0 });
    });

    it('moves many due jobs in one reserve, in due order', async () => {
      const { queue } = newQueue();
      for (let n = 1; n <= 50; n++) await queue.enqueue({ n }, { delayMs: 1_000 - n });
      await clock.advance(1_000);
      expect(await drainOrder(queue)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    });
  });
});
