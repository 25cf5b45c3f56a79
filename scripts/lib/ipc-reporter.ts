/**
 * A vitest reporter that turns a finished run into `RunResult` data (see results.ts) and hands it to a callback.
 * Used by spec-host.ts, which forwards it to the parent process over IPC.
 */
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { UserConsoleLog } from 'vitest';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import type { ConsoleOutput, FileError, TestOutcome } from './results.ts';

export interface ReportedRun {
  readonly tests: TestOutcome[];
  readonly fileErrors: FileError[];
  readonly output: ConsoleOutput[];
}

interface ErrorLike {
  readonly message?: string;
  readonly diff?: string;
  readonly name?: string;
}

export function describeError(error: ErrorLike): string {
  const head =
    error.name !== undefined && error.name !== 'AssertionError' && error.name !== 'Error'
      ? `${error.name}: ${error.message ?? ''}`
      : (error.message ?? String(error));
  // Colours are the runner's business: the text crosses IPC plain. Stack frames inside a message (fast-check
  // embeds the failing run's error whole) are noise next to the replay script.
  const text = stripVTControlCharacters(error.diff === undefined ? head : `${head}\n\n${error.diff}`);
  return text
    .split('\n')
    .filter((line) => !/^\s+at .+(:\d+:\d+\)?|\(native\))$/.test(line))
    .join('\n');
}

function suitesOf(test: TestCase): string[] {
  const titles: string[] = [];
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) titles.unshift(parent.name);
  return titles;
}

export class IpcReporter implements Reporter {
  readonly #root: string;
  readonly #onRun: (run: ReportedRun) => void;
  #vitest: Vitest | undefined;
  #output: ConsoleOutput[] = [];

  constructor(root: string, onRun: (run: ReportedRun) => void) {
    this.#root = root;
    this.#onRun = onRun;
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunStart(): void {
    this.#output = [];
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    const task = log.taskId === undefined ? undefined : this.#vitest?.state.idMap.get(log.taskId);
    const test = task === undefined ? undefined : task.name;
    this.#output.push({ test, stream: log.type, content: log.content });
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<ErrorLike>): void {
    const tests: TestOutcome[] = [];
    const fileErrors: FileError[] = [];
    for (const module of modules) {
      const file = relative(this.#root, module.moduleId);
      for (const error of module.errors()) fileErrors.push({ file, message: describeError(error) });
      for (const test of module.children.allTests()) {
        const result = test.result();
        tests.push({
          file,
          suites: suitesOf(test),
          name: test.name,
          state: result.state,
          errors: (result.errors ?? []).map(describeError),
          durationMs: test.diagnostic()?.duration ?? 0,
        });
      }
    }
    for (const error of unhandled) fileErrors.push({ file: '(unhandled)', message: describeError(error) });
    this.#onRun({ tests, fileErrors, output: this.#output });
  }
}
