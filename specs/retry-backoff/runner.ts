/** Helpers for the runner specs: watch a promise settle under fake timers, and make failing functions. */

export interface Outcome<T> {
  settled: boolean;
  value: T | undefined;
  error: unknown;
}

/** Records how `promise` settles, without letting a rejection go unhandled. */
export function track<T>(promise: Promise<T>): Outcome<T> {
  const outcome: Outcome<T> = { settled: false, value: undefined, error: undefined };
  promise.then(
    (value) => {
      outcome.settled = true;
      outcome.value = value;
    },
    (error: unknown) => {
      outcome.settled = true;
      outcome.error = error;
    },
  );
  return outcome;
}

/** An error a test can tell apart from any other. */
export class Boom extends Error {
  override name = 'Boom';
}

/** An error the specs' `retryable` predicates refuse. */
export class Fatal extends Error {
  override name = 'Fatal';
}

/**
 * A function for `retry` that fails `failures` times (rejecting with Boom('boom 1'), Boom('boom 2') …) and then
 * resolves with 'ok'. It records each call's attempt number and fake time.
 */
export function flaky(failures: number, clock: () => number = Date.now) {
  const calls: { attempt: number; at: number }[] = [];
  const errors: Boom[] = [];
  const fn = async ({ attempt }: { attempt: number }): Promise<string> => {
    calls.push({ attempt, at: clock() });
    if (calls.length <= failures) {
      const error = new Boom(`boom ${calls.length}`);
      errors.push(error);
      throw error;
    }
    return 'ok';
  };
  return { fn, calls, errors };
}
