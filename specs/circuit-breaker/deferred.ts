/**
 * Helpers for driving a breaker by hand, beside the deferred promises of specs/support/deferred.ts:
 * `await breaker.execute(...)` returns as soon as a deferred is settled and the breaker has recorded the outcome.
 */

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
