/**
 * A virtual clock with its own timers, for running the solutions at full speed and deterministically outside
 * vitest (the demos and the figures). `now()` feeds the systems' injected clocks; `install(body)` swaps the global
 * `setTimeout`/`clearTimeout` for the virtual ones while `body` runs (the job processor arms timers only to wake
 * itself up). Time moves only when told: `advanceTo`/`advanceBy`, or `runAll`, which jumps from one due time to the
 * next. Every pending promise callback settles between two timers.
 */

type Callback = (...args: unknown[]) => void;

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Lets every pending promise callback run (a macrotask boundary: setImmediate runs after the microtasks). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualTime {
  #now: number;
  #nextId = 1;
  /** In creation order, which breaks ties between timers due at the same instant. */
  #timers: Timer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  readonly now = (): number => this.#now;

  /** Like the global `setTimeout`: a delay that is not a positive finite number means 0. */
  readonly setTimeout = (callback: Callback, delayMs = 0, ...args: unknown[]): number => {
    const id = this.#nextId++;
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.#timers.push({ id, at: this.#now + delay, callback: () => callback(...args) });
    return id;
  };

  readonly clearTimeout = (id: unknown): void => {
    this.#timers = this.#timers.filter((timer) => timer.id !== id);
  };

  /** A promise that resolves when the virtual clock reaches now + ms. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(() => resolve(), ms));
  }

  /** Moves the clock to `time`, firing every timer due on the way in time order, settling promises after each. */
  async advanceTo(time: number): Promise<void> {
    await settle();
    for (let next = this.#earliest(); next !== undefined && next.at <= time; next = this.#earliest()) {
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

  /** Fires timers until none is left; throws if some are still pending `limitMs` from now (a runaway loop). */
  async runAll(limitMs = 60_000): Promise<void> {
    const end = this.#now + limitMs;
    await settle();
    for (let next = this.#earliest(); next !== undefined; next = this.#earliest()) {
      if (next.at > end) throw new Error(`Virtual time passed ${limitMs} ms with timers still pending`);
      await this.advanceTo(next.at);
    }
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) if (best === undefined || timer.at < best.at) best = timer;
    return best;
  }

  /** Replaces the global timers with this clock's while `body` runs; the real ones come back afterwards. */
  async install<T>(body: () => Promise<T>): Promise<T> {
    const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    globalThis.setTimeout = this.setTimeout as unknown as typeof globalThis.setTimeout;
    globalThis.clearTimeout = this.clearTimeout as unknown as typeof globalThis.clearTimeout;
    try {
      return await body();
    } finally {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
    }
  }
}
