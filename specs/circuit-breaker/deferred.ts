/**
 * A promise the test settles by hand, so every outcome of a wrapped call happens exactly when the spec says.
 * No timers, no sleeps: `await breaker.execute(...)` returns as soon as the deferred is settled and the breaker has
 * recorded the outcome.
 */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = string>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What a settled `execute` promise gave: its value, or its error. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A failing call: `execute(fail)` rejects with a fresh `Error('down')`. */
export const fail = (): Promise<never> => Promise.reject(new Error('down'));

/** A succeeding call. */
export const succeed = (): Promise<string> => Promise.resolve('ok');
