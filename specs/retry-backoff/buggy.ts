/**
 * Known-buggy retry policies and runners: the reference with one plausible mistake each. `npm test` proves the
 * spec kills every one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'exponential-starts-at-2x',
    bug: 'exponential backoff uses 2^retry, so the first retry waits 2 × base',
    killedBy: 'the first retry waits exactly base',
    patch: [['  return base * 2 ** (retry - 1);', '  return base * 2 ** retry;']],
  },
  {
    name: 'linear-off-by-one',
    bug: 'linear backoff multiplies by the number of the try, not of the retry: base × (n + 1)',
    killedBy: "'linear' backoff with base 100 › waits 100 ms before retry 1",
    patch: [
      ["  if (backoff === 'linear') return base * retry;", "  if (backoff === 'linear') return base * (retry + 1);"],
    ],
  },
  {
    name: 'default-backoff-fixed',
    bug: 'without a backoff the delays stay at base instead of growing exponentially',
    killedBy: 'is exponential by default',
    patch: [["policy.backoff ?? 'exponential'", "policy.backoff ?? 'fixed'"]],
  },
  {
    name: 'zero-base-nan',
    bug: 'base 0 is multiplied like any other, so a late exponential retry computes 0 × Infinity = NaN',
    killedBy: 'with base 0 always waits 0',
    patch: [['  if (base === 0) return 0; // 0 × 2^2000 would be 0 × Infinity = NaN\n', '']],
  },
  {
    name: 'retry-zero-accepted',
    bug: 'retry 0 is accepted (as if retries counted from 0) and gives base / 2',
    killedBy: 'rejects retry 0',
    patch: [['!Number.isSafeInteger(retry) || retry < 1', '!Number.isSafeInteger(retry) || retry < 0']],
  },
  {
    name: 'negative-base-accepted',
    bug: 'base is checked only for being a number, so a negative base gives negative delays',
    killedBy: 'rejects base -1',
    patch: [['  if (!(value >= 0) || (!infinityAllowed', '  if (Number.isNaN(value) || (!infinityAllowed']],
  },
  {
    name: 'full-jitter-above-cap',
    bug: 'full jitter spreads the uncapped curve, so a late retry can wait far longer than maxDelay',
    killedBy: 'never returns a delay below 0 or above maxDelay',
    patch: [
      [
        "  if (jitter === 'full') return between(0, capped, draw(policy.random));",
        "  if (jitter === 'full') return between(0, curve(policy.backoff, base, retry), draw(policy.random));",
      ],
    ],
  },
  {
    name: 'equal-jitter-above-cap',
    bug: 'equal jitter adds up to temp on top of temp / 2, so delays reach 1.5 × temp, above the cap',
    killedBy: 'equal jitter',
    patch: [
      [
        "  if (jitter === 'equal') return between(capped / 2, capped, draw(policy.random));",
        "  if (jitter === 'equal') return between(capped / 2, capped * 1.5, draw(policy.random));",
      ],
    ],
  },
  {
    name: 'equal-jitter-is-full',
    bug: 'equal jitter spreads over [0, temp] like full jitter instead of [temp / 2, temp]',
    killedBy: 'waits half of',
    patch: [
      [
        "  if (jitter === 'equal') return between(capped / 2, capped, draw(policy.random));",
        "  if (jitter === 'equal') return between(0, capped, draw(policy.random));",
      ],
    ],
  },
  {
    name: 'decorrelated-uncapped',
    bug: 'decorrelated jitter forgets the cap',
    killedBy: 'decorrelated jitter',
    patch: [
      [
        '    return Math.min(maxDelay, between(base, last * 3, draw(policy.random)));',
        '    return between(base, last * 3, draw(policy.random));',
      ],
    ],
  },
  {
    name: 'decorrelated-from-zero',
    bug: 'decorrelated jitter draws between 0 and 3 × previous instead of between base and 3 × previous',
    killedBy: 'waits base after a delay of',
    patch: [
      [
        '    return Math.min(maxDelay, between(base, last * 3, draw(policy.random)));',
        '    return Math.min(maxDelay, between(0, last * 3, draw(policy.random)));',
      ],
    ],
  },
  {
    name: 'schedule-forgets-previous',
    bug: 'delaySchedule computes every decorrelated delay from base instead of the previous delay',
    killedBy: 'feeds each decorrelated delay back',
    patch: [['    previous = delayOf(p, retry, previous);', '    previous = delayOf(p, retry, undefined);']],
  },
  {
    name: 'random-read-without-jitter',
    bug: 'random() is called for every delay, even without jitter',
    killedBy: 'is never called without jitter',
    patch: [
      [
        '  const { base, maxDelay, jitter } = policy;\n',
        "  const { base, maxDelay, jitter } = policy;\n  if (jitter === 'none') draw(policy.random);\n",
      ],
    ],
  },
  {
    name: 'random-not-checked',
    bug: 'the value of random() is trusted, so a faulty source returning 1.5 pushes delays past their bounds',
    killedBy: 'rejects random() returning',
    patch: [["  if (typeof r !== 'number' || !(r >= 0 && r < 1)) {", "  if (typeof r !== 'number') {"]],
  },
  {
    name: 'one-try-too-many',
    bug: 'the attempt counter is off by one: attempts counts the retries, so attempts: 3 makes 4 tries',
    killedBy: 'makes `attempts` tries in all, counting the first',
    patch: [['        if (attempt >= attempts) throw', '        if (attempt > attempts) throw']],
  },
  {
    name: 'retryable-ignored',
    bug: 'retryable is never asked: a permanent error is retried until the attempts run out',
    killedBy: 'gives up at once, without waiting, on an error retryable refuses',
    patch: [["        if (!retryable(error)) throw giveUp('not-retryable', attempt);\n", '']],
  },
  {
    name: 'last-error-missing',
    bug: 'the error of the last try is not recorded: the RetryError lacks it (a dead-letter entry missing its last error)',
    killedBy: 'carries every error in order',
    patch: [
      [
        "        errors.push(error);\n        if (!retryable(error)) throw giveUp('not-retryable', attempt);\n        if (signal?.aborted) throw giveUp('aborted', attempt);\n        if (attempt >= attempts) throw giveUp('exhausted', attempt);\n",
        "        if (!retryable(error)) throw giveUp('not-retryable', attempt);\n        if (signal?.aborted) throw giveUp('aborted', attempt);\n        if (attempt >= attempts) throw giveUp('exhausted', attempt);\n        errors.push(error);\n",
      ],
    ],
  },
  {
    name: 'delay-for-next-try',
    bug: 'the runner asks for the delay of the try about to start (n + 1) instead of retry n, so it starts at 2 × base',
    killedBy: 'waits base, not 2 × base, before the first retry',
    patch: [
      [
        '      const delay = delayOf(delays, attempt, previous);',
        '      const delay = delayOf(delays, attempt + 1, previous);',
      ],
    ],
  },
  {
    name: 'runner-ignores-previous',
    bug: 'the runner does not feed the previous delay back, so decorrelated jitter never grows',
    killedBy: 'threading the previous delay',
    patch: [['      previous = delay;\n', '']],
  },
  {
    name: 'validation-throws',
    bug: 'retry is not async: bad input throws synchronously instead of rejecting the promise',
    killedBy: 'reports bad input through the returned promise',
    patch: [
      [
        'export async function retry<T>(\n  fn: (context: AttemptContext) => T | Promise<T>,\n  policy: RetryPolicy,\n  options: RetryOptions = {},\n): Promise<T> {\n  if (typeof fn',
        'export function retry<T>(\n  fn: (context: AttemptContext) => T | Promise<T>,\n  policy: RetryPolicy,\n  options: RetryOptions = {},\n): Promise<T> {\n  checkAttempts(policy.attempts);\n  return retryChecked(fn, policy, options);\n}\n\nasync function retryChecked<T>(\n  fn: (context: AttemptContext) => T | Promise<T>,\n  policy: RetryPolicy,\n  options: RetryOptions = {},\n): Promise<T> {\n  if (typeof fn',
      ],
    ],
  },
  {
    name: 'pre-aborted-calls-fn',
    bug: 'a signal aborted before the start is only checked after the first try',
    killedBy: 'never calls fn when the signal is already aborted',
    patch: [["  if (signal?.aborted) throw giveUp('aborted', 0);\n", '']],
  },
  {
    name: 'abort-waits-for-sleep',
    bug: 'the wait is not raced with the signal: an aborted run keeps waiting until sleep returns',
    killedBy: 'ends the wait at once even when an injected sleep ignores the signal',
    patch: [
      ['      await (abort === undefined ? waited : Promise.race([waited, abort.promise]));', '      await waited;'],
    ],
  },
  {
    name: 'abort-ignored-after-try',
    bug: 'a try that fails after the abort is not recognised as aborted: the runner starts a wait before it notices',
    killedBy: 'does not retry a try that fails after the abort',
    patch: [["        if (signal?.aborted) throw giveUp('aborted', attempt);\n", '']],
  },
  {
    name: 'budget-inclusive-end',
    bug: 'a retry may start exactly at the end of the budget (> instead of >=)',
    killedBy: 'a budget of 200 ms allows 2 tries',
    patch: [['now() - startedAt + delay >= maxElapsed', 'now() - startedAt + delay > maxElapsed']],
  },
  {
    name: 'budget-ignores-delay',
    bug: 'the budget checks only the time elapsed so far, so it waits for a retry that starts after the budget',
    killedBy: 'gives up at once, without waiting for a retry that could not start in time',
    patch: [['now() - startedAt + delay >= maxElapsed', 'now() - startedAt >= maxElapsed']],
  },
  {
    name: 'clock-always-read',
    bug: 'the clock is read on every run, even without a budget',
    killedBy: 'never calls now when maxElapsed is',
    patch: [['  const startedAt = Number.isFinite(maxElapsed) ? now() : 0;', '  const startedAt = now();']],
  },
  {
    name: 'cause-is-first-error',
    bug: 'the RetryError’s cause is the first error instead of the last',
    killedBy: 'carries every error in order, the last as cause',
    patch: [
      ["reason === 'aborted' ? signal?.reason : errors.at(-1)", "reason === 'aborted' ? signal?.reason : errors[0]"],
    ],
  },
];
