/**
 * A virtual clock with its own timers, for running code that calls the global `setTimeout` (the job processor's
 * wake-ups) at full speed and deterministically, outside vitest. `install()` swaps the global `setTimeout` and
 * `clearTimeout` for the virtual ones until the returned function restores them; `run()` fires the timers in
 * time order, letting every promise callback settle between two timers, so the clock jumps from one due time to the
 * next and a 2 s scenario runs in a few milliseconds.
 */

type Callback = (...args: unknown[]) => void;

interface Timer {
  readonly at: number;
  readonly callback: () => void;
}

/** Resolves after every pending promise callback has run (setImmediate is a macrotask, and is not virtualised). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualTime {
  #now = 0;
  #nextId = 1;
  /** Insertion order is id order, which breaks ties between timers due at the same instant. */
  readonly #timers = new Map<number, Timer>();

  readonly now = (): number => this.#now;

  readonly setTimeout = (callback: Callback, delayMs = 0, ...args: unknown[]): number => {
    const id = this.#nextId++;
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.#timers.set(id, { at: this.#now + delay, callback: () => callback(...args) });
    return id;
  };

  readonly clearTimeout = (id: number | undefined): void => {
    if (id !== undefined) this.#timers.delete(id);
  };

  /** Replaces the global timer functions; call the returned function to put the real ones back. */
  install(): () => void {
    const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    globalThis.setTimeout = this.setTimeout as unknown as typeof globalThis.setTimeout;
    globalThis.clearTimeout = this.clearTimeout as unknown as typeof globalThis.clearTimeout;
    return () => {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
    };
  }

  /** Fires timers in time order (ties in creation order) until none is left; throws past `limitMs`. */
  async run(limitMs: number): Promise<void> {
    for (;;) {
      await settle();
      let nextId: number | undefined;
      let next: Timer | undefined;
      for (const [id, timer] of this.#timers) {
        if (next === undefined || timer.at < next.at) {
          nextId = id;
          next = timer;
        }
      }
      if (nextId === undefined || next === undefined) return;
      if (next.at > limitMs) throw new Error(`Virtual time passed ${limitMs} ms with timers still pending`);
      this.#timers.delete(nextId);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
  }
}
