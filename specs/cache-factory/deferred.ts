/**
 * Deferred promises and scripted loaders: the test decides when each load settles, so every interleaving of
 * callers, loads and invalidations is written down step by step instead of left to timing. No sleeps.
 */
import { vi } from 'vitest';
import { type Deferred, deferred } from '../support/deferred.ts';

/**
 * A loader whose n-th call returns the n-th deferred's promise (created on demand). `loads[n]` settles that call;
 * `loader.mock.calls[n]` holds its arguments (key, { signal }).
 */
export function scriptedLoader<K, V>() {
  const loads: Deferred<V>[] = [];
  const loader = vi.fn((_key: K, _context: { readonly signal: AbortSignal }) => {
    const load = deferred<V>();
    loads.push(load);
    return load.promise;
  });
  /** The signal the n-th load received. */
  const signal = (n: number): AbortSignal => {
    const call = loader.mock.calls[n];
    if (call === undefined) throw new Error(`the loader was called ${loader.mock.calls.length} times, not ${n + 1}`);
    return call[1].signal;
  };
  /** The n-th load, failing clearly when the loader was not called that often. */
  const load = (n: number): Deferred<V> => {
    const found = loads[n];
    if (found === undefined) throw new Error(`the loader was called ${loads.length} times, not ${n + 1}`);
    return found;
  };
  return { loader, load, signal };
}

/** Lets every pending promise callback run (a few rounds of microtasks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
