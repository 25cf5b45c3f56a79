/**
 * Known-buggy circuit breakers: the reference with one plausible mistake each. `npm test` proves the spec kills
 * every one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'never-half-opens',
    bug: 'an open circuit stays open forever: the cool-down is never checked',
    killedBy: 'a successful trial closes the circuit',
    patch: [
      [
        "    if (this.#state === 'open' && this.#now() >= this.#openedAt + this.#cooldownMs) this.#enter('half-open');",
        '    void this.#cooldownMs;',
      ],
    ],
  },
  {
    name: 'cooldown-boundary-flipped',
    bug: 'the circuit is still open at exactly openedAt + cooldownMs',
    killedBy: 'lets a trial call through at exactly the end of the cool-down',
    patch: [['this.#now() >= this.#openedAt + this.#cooldownMs', 'this.#now() > this.#openedAt + this.#cooldownMs']],
  },
  {
    name: 'threshold-off-by-one',
    bug: 'the circuit opens on the failure after the threshold',
    killedBy: 'stays closed one failure short, opens on the last',
    patch: [
      ['this.#consecutiveFailures >= this.#failureThreshold', 'this.#consecutiveFailures > this.#failureThreshold'],
    ],
  },
  {
    name: 'success-does-not-reset',
    bug: 'failures are counted in total, not consecutively: a success does not reset the count',
    killedBy: 'a success resets the count of consecutive failures',
    patch: [
      [
        'this.#consecutiveFailures = failed ? this.#consecutiveFailures + 1 : 0;',
        'if (failed) this.#consecutiveFailures++;',
      ],
    ],
  },
  {
    name: 'retry-after-is-cooldown',
    bug: 'CircuitOpenError always carries the whole cool-down, not the time left',
    killedBy: 'carries the time until retry',
    patch: [
      [
        "new CircuitOpenError('open', this.#openedAt + this.#cooldownMs - this.#now())",
        "new CircuitOpenError('open', this.#cooldownMs)",
      ],
    ],
  },
  {
    name: 'reopen-keeps-old-cooldown',
    bug: 'a failed trial re-opens the circuit but keeps the time it first opened, so it half-opens again at once',
    killedBy: 'a failed trial opens the circuit again, with a new cool-down from its failure',
    patch: [
      [
        "if (to === 'open') this.#openedAt = this.#now();",
        "if (to === 'open' && from === 'closed') this.#openedAt = this.#now();",
      ],
    ],
  },
  {
    name: 'failed-trial-ignored',
    bug: 'a failed trial leaves the circuit half-open instead of opening it',
    killedBy: 'a failed trial opens the circuit again',
    patch: [["      if (failed) this.#enter('open');", '      if (failed) this.#trialSuccesses = 0;']],
  },
  {
    name: 'unlimited-trials',
    bug: 'half-open lets every call through: the thundering herd the state exists to prevent',
    killedBy: 'allows one trial in flight by default',
    patch: [
      ["      if (this.#trialsInFlight >= this.#halfOpenMaxCalls) throw new CircuitOpenError('half-open', 0);\n", ''],
    ],
  },
  {
    name: 'trial-slot-not-freed',
    bug: 'a settled trial keeps its slot, so half-open admits only halfOpenMaxCalls trials ever',
    killedBy: 'a settled trial frees its slot for the next one',
    patch: [['      this.#trialsInFlight--;\n', '']],
  },
  {
    name: 'closes-on-first-success',
    bug: 'the first successful trial closes the circuit, whatever successThreshold says',
    killedBy: 'successThreshold 2: closes',
    patch: [['++this.#trialSuccesses >= this.#successThreshold', '++this.#trialSuccesses >= 1']],
  },
  {
    name: 'stale-outcomes-counted',
    bug: 'a call records its outcome in whatever state the circuit is in when it settles',
    killedBy: 'a slow success from the closed period does not count as a trial',
    patch: [
      [
        '    if (period !== this.#period) return; // a stale outcome: the circuit has moved on since this call started\n',
        '',
      ],
    ],
  },
  {
    name: 'trial-slots-carried-over',
    bug: 'the count of trials in flight is not reset on a transition, so a stuck trial takes a slot of the next period',
    killedBy: 'a stale trial does not take a slot of the next half-open period',
    patch: [['    this.#period++;\n    this.#trialsInFlight = 0;\n', '    this.#period++;\n']],
  },
  {
    name: 'ignored-error-is-neutral',
    bug: 'a rejection isFailure rejects counts as nothing, instead of as a success',
    killedBy: 'counts as a success: it resets the consecutive failures',
    patch: [
      [
        '      this.#record(period, this.#counts(error));',
        '      if (this.#counts(error)) this.#record(period, true);',
      ],
    ],
  },
  {
    name: 'predicate-error-escapes',
    bug: 'an isFailure that throws replaces the call error for the caller',
    killedBy: 'a predicate that throws counts the call as a failure',
    patch: [
      [
        '    try {\n      return Boolean(this.#isFailure(error));\n    } catch {\n      return true;\n    }',
        '    return Boolean(this.#isFailure(error));',
      ],
    ],
  },
  {
    name: 'listener-before-state',
    bug: 'onStateChange is called before the breaker has moved to the new state',
    killedBy: 'is called once the breaker is in the new state',
    patch: [
      [
        '    const from = this.#state;\n    this.#state = to;',
        '    const from = this.#state;\n    this.#onStateChange?.({ from, to });\n    this.#state = to;',
      ],
      [
        "    if (to === 'open') this.#openedAt = this.#now();\n    this.#onStateChange?.({ from, to });",
        "    if (to === 'open') this.#openedAt = this.#now();",
      ],
    ],
  },
  {
    name: 'window-boundary-flipped',
    bug: 'an outcome settled at c still counts at exactly c + windowMs',
    killedBy: 'old successes leave the window too, raising the rate',
    patch: [['      if (now < oldest.at + windowMs) break;', '      if (now <= oldest.at + windowMs) break;']],
  },
  {
    name: 'rate-threshold-strict',
    bug: 'the rate must exceed the threshold, not reach it',
    killedBy: 'at the threshold',
    patch: [
      ['this.#windowFailures / calls >= this.#rate.threshold', 'this.#windowFailures / calls > this.#rate.threshold'],
    ],
  },
  {
    name: 'rate-ignores-minimum-calls',
    bug: 'one failure out of one call opens the circuit: minimumCalls is ignored',
    killedBy: 'fewer calls than minimumCalls',
    patch: [['if (calls >= this.#rate.minimumCalls && this.#windowFailures', 'if (this.#windowFailures']],
  },
  {
    name: 'window-kept-across-periods',
    bug: 'the rolling window is not emptied when the circuit closes again, so old failures re-open it',
    killedBy: 'starts empty when the circuit closes again',
    patch: [['    this.#window = [];\n    this.#windowStart = 0;\n    this.#windowFailures = 0;\n', '']],
  },
  {
    name: 'fn-not-validated',
    bug: 'a non-function fn is called anyway: its TypeError counts as a failure of the dependency',
    killedBy: 'rejects with a TypeError naming fn, and counts as nothing',
    patch: [["if (typeof fn !== 'function') throw", "if (typeof fn === 'symbol') throw"]],
  },
  {
    name: 'default-threshold-3',
    bug: 'failureThreshold defaults to 3',
    killedBy: 'defaults to a threshold of 5',
    patch: [['options.failureThreshold === undefined ? 5 :', 'options.failureThreshold === undefined ? 3 :']],
  },
  {
    name: 'default-cooldown-60s',
    bug: 'cooldownMs defaults to 60 seconds',
    killedBy: 'defaults the cool-down to 30 seconds',
    patch: [['options.cooldownMs === undefined ? 30_000 :', 'options.cooldownMs === undefined ? 60_000 :']],
  },
  {
    name: 'both-trip-options-accepted',
    bug: 'failureThreshold and failureRate together are accepted, and one silently wins',
    killedBy: 'failureRate with failureThreshold throws a TypeError naming both',
    patch: [
      [
        "    if (options.failureThreshold !== undefined && options.failureRate !== undefined) {\n      throw new TypeError('Expected either `failureThreshold` or `failureRate`, got both');\n    }\n",
        '',
      ],
    ],
  },
  {
    name: 'cooldown-zero-rejected',
    bug: 'a cool-down of 0 is refused',
    killedBy: 'accepts a cool-down of 0',
    patch: [
      [
        'if (!Number.isFinite(value) || value < 0) throw new RangeError(message);',
        'if (!Number.isFinite(value) || value <= 0) throw new RangeError(message);',
      ],
    ],
  },
];
