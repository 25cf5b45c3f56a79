/** What one run of the specs produced, as the runner and `npm test` see it. Plain data: it crosses IPC. */

export type TestState = 'passed' | 'failed' | 'skipped' | 'pending';

export interface TestOutcome {
  /** The spec file, relative to the repository. */
  readonly file: string;
  /** Suite titles from the outside in; the first is the level suite, e.g. `L1 · Core: get and put`. */
  readonly suites: readonly string[];
  readonly name: string;
  readonly state: TestState;
  /** Failure messages, each with its diff when the assertion produced one. */
  readonly errors: readonly string[];
  readonly durationMs: number;
}

export interface FileError {
  readonly file: string;
  readonly message: string;
}

/** A test (or the loading of a file) that did not finish and had to be killed. */
export interface Runaway {
  readonly file: string;
  /** The test's full name, or undefined when the file was still loading. */
  readonly test: string | undefined;
  /** What was loading when it stuck, if anything. */
  readonly loading: string | undefined;
  readonly afterMs: number;
}

/** Something the code under test printed (console.log and friends), with the test that printed it. */
export interface ConsoleOutput {
  readonly test: string | undefined;
  readonly stream: 'stdout' | 'stderr';
  readonly content: string;
}

export interface RunResult {
  readonly tests: readonly TestOutcome[];
  readonly output: readonly ConsoleOutput[];
  /** Errors outside any test: a spec that failed to compile, an unhandled rejection. */
  readonly fileErrors: readonly FileError[];
  readonly runaway: Runaway | undefined;
  readonly durationMs: number;
}

/** The level a test belongs to, read from its outermost suite (`L<n> ...`); 0 when it has none. */
export function levelOf(test: TestOutcome): number {
  const match = /^L(\d+)\b/.exec(test.suites[0] ?? '');
  return match === null ? 0 : Number(match[1]);
}

export function fullName(test: TestOutcome): string {
  return [...test.suites, test.name].join(' › ');
}
