/**
 * Model-based property testing with a replayable transcript.
 *
 * Each step runs against the real implementation and against a model far simpler than it (an array, a list of
 * timestamps), and compares results. When they differ, fast-check shrinks the sequence, and the error message is
 * the shrunk sequence written as code a learner can paste into a scratch file:
 *
 *     const cache = new LRUCache<number, string>(2);
 *     cache.put(1, 'a');
 *     cache.get(1); // -> 'a'
 *     cache.put(3, 'c');
 *     cache.get(2); // expected undefined, got 'b'
 *
 * followed by fast-check's own seed and path, which replay the same run (FC_SEED=<seed>).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { show } from './show.ts';

export class ModelMismatch extends Error {
  override name = 'ModelMismatch';
}

/** The transcript of one run: the code executed so far, with results. */
export class Script {
  readonly #lines: string[];

  constructor(header: readonly string[]) {
    this.#lines = [...header];
  }

  /** Records a statement with no result to compare (e.g. advancing a fake clock). */
  note(line: string): void {
    this.#lines.push(line);
  }

  /** Runs `call` on the real implementation, records it, and fails the run if it threw. */
  run<T>(code: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      throw this.#mismatch(`${code}; // threw ${show(error)}`, error);
    }
  }

  /** Runs `call`, records its result, and fails the run unless it deep-equals `expected`. */
  expect<T>(code: string, call: () => T, expected: T): T {
    const actual = this.run(code, call);
    if (!isDeepStrictEqual(actual, expected)) {
      throw this.#mismatch(`${code}; // expected ${show(expected)}, got ${show(actual)}`);
    }
    this.#lines.push(expected === undefined && actual === undefined ? `${code};` : `${code}; // -> ${show(actual)}`);
    return actual;
  }

  /** Records a call whose result is not compared (its effect is checked by later steps). */
  call<T>(code: string, call: () => T): T {
    const result = this.run(code, call);
    this.#lines.push(`${code};`);
    return result;
  }

  toString(): string {
    return this.#lines.join('\n');
  }

  #mismatch(lastLine: string, cause?: unknown): ModelMismatch {
    const script = [...this.#lines, lastLine].map((line) => `    ${line}`).join('\n');
    return new ModelMismatch(`the implementation and the model disagree. Replay:\n\n${script}\n`, { cause });
  }
}

/** One step of a model-based test. `toString()` is what fast-check prints in its counterexample. */
export interface Step<Model, Real> {
  /** Whether the step makes sense in the model's current state (default: always). */
  check?(model: Readonly<Model>): boolean;
  run(model: Model, real: Real, script: Script): void;
  toString(): string;
}

export interface ModelTestOptions<Model, Real> {
  /** A fresh model and implementation, plus the code that creates them (the script's first lines). */
  readonly setup: () => { readonly model: Model; readonly real: Real; readonly header: readonly string[] };
  readonly steps: ReadonlyArray<fc.Arbitrary<Step<Model, Real>>>;
  readonly maxSteps?: number;
  readonly numRuns?: number;
}

/** Runs random step sequences against model and implementation; see the module comment for the failure output. */
export function checkAgainstModel<Model extends object, Real>(options: ModelTestOptions<Model, Real>): void {
  const commands = options.steps.map((arbitrary) => arbitrary.map((step) => asCommand(step)));
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: options.maxSteps ?? 40, size: 'max' }), (sequence) => {
      const { model, real, header } = options.setup();
      const script = new Script(header);
      fc.modelRun(() => ({ model, real: { real, script } }), sequence);
    }),
    options.numRuns === undefined ? {} : { numRuns: options.numRuns },
  );
}

interface Harness<Real> {
  readonly real: Real;
  readonly script: Script;
}

function asCommand<Model extends object, Real>(step: Step<Model, Real>): fc.Command<Model, Harness<Real>> {
  return {
    check: (model) => step.check?.(model) ?? true,
    run: (model, { real, script }) => step.run(model, real, script),
    toString: () => step.toString(),
  };
}
