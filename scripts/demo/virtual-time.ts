/**
 * A virtual clock for the demos: `now()` for the systems' injected clocks, and a stand-in for the global
 * `setTimeout`/`clearTimeout` while a demo runs (the job processor arms timers only to wake itself up; the clock
 * decides). Time moves only when the demo says so, so a run takes milliseconds and prints the same every time.
 */

type Callback = () => void;

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly seq: number;
  readonly callback: Callback;
}

/** Lets every pending promise callback run (a macrotask boundary: setImmediate runs after the microtasks). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualTime {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  readonly now = (): number => this.#now;

  /** A promise that resolves when the virtual clock reaches now + ms. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#schedule(ms, resolve));
  }

  #schedule(ms: number, callback: Callback): number {
    const timer = { id: ++this.#seq, at: this.#now + Math.max(0, ms), seq: this.#seq, callback };
    this.#timers.push(timer);
    return timer.id;
  }

  /** Moves the clock to `time`, firing every timer due on the way in time order, settling promises after each. */
  async advanceTo(time: number): Promise<void> {
    await settle();
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.at > time) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
      await settle();
    }
    this.#now = Math.max(this.#now, time);
    await settle();
  }

  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  /** Fires timers until none is left (or `limit` ms have passed, against runaway loops). */
  async runAll(limit = 60_000): Promise<void> {
    const end = this.#now + limit;
    await settle();
    for (let next = this.#earliest(); next !== undefined && next.at <= end; next = this.#earliest()) {
      await this.advanceTo(next.at);
    }
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) {
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }

  /** Replaces the global timers with this clock's while `body` runs; the real ones come back afterwards. */
  async install<T>(body: () => Promise<T>): Promise<T> {
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const fakeSet = (callback: Callback, ms?: number) => this.#schedule(ms ?? 0, callback);
    const fakeClear = (id: unknown) => {
      this.#timers = this.#timers.filter((timer) => timer.id !== id);
    };
    globalThis.setTimeout = fakeSet as unknown as typeof setTimeout;
    globalThis.clearTimeout = fakeClear as unknown as typeof clearTimeout;
    try {
      return await body();
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
  }
}
