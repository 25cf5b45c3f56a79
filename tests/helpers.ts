/** Drives the CLI the way a learner does: a spawned process, no TTY, real files. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Record<string, string>;
  /** Kills the CLI after this long; the test then fails on its output. */
  readonly timeoutMs?: number;
}

/** A fresh folder for the learner's state (progress), so tests never touch the real `.kata/`. */
export function stateDir(): string {
  return mkdtempSync(join(tmpdir(), 'kata-state-'));
}

function start(script: string, args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', script), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', KATA_STATE_DIR: stateDir(), ...env },
  });
}

export function runCli(script: string, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = start(script, args, options.env ?? {});
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running CLI (watch mode) whose output can be awaited line by line. */
export class LiveCli {
  readonly #child: ChildProcess;
  #output = '';
  #waiters: Array<{ pattern: RegExp; from: number; resolve: (text: string) => void }> = [];

  constructor(script: string, args: readonly string[], env: Record<string, string> = {}) {
    this.#child = start(script, args, env);
    const onData = (chunk: Buffer) => {
      this.#output += chunk.toString();
      this.#waiters = this.#waiters.filter((waiter) => {
        const text = this.#output.slice(waiter.from);
        if (!waiter.pattern.test(text)) return true;
        waiter.resolve(text);
        return false;
      });
    };
    this.#child.stdout?.on('data', onData);
    this.#child.stderr?.on('data', onData);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Where the output is now: pass it to `waitFor` to match only what comes after. */
  get mark(): number {
    return this.#output.length;
  }

  get output(): string {
    return this.#output;
  }

  /** Resolves with the output from `from` on once it matches; rejects after `timeoutMs` with what was seen. */
  waitFor(pattern: RegExp, from = 0, timeoutMs = 40_000): Promise<string> {
    const already = this.#output.slice(from);
    if (pattern.test(already)) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const { exitCode, signalCode } = this.#child;
        const state =
          exitCode !== null || signalCode !== null
            ? `the process exited (${signalCode ?? `code ${exitCode}`})`
            : 'the process is still running';
        const tail = this.#output.split('\n').slice(-30).join('\n');
        reject(new Error(`Timed out waiting for ${pattern}; ${state}. Last output:\n${tail}`));
      }, timeoutMs);
      this.#waiters.push({
        pattern,
        from,
        resolve: (text) => {
          clearTimeout(timer);
          resolve(text);
        },
      });
    });
  }

  stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.#child.exitCode !== null) {
        resolve(this.#child.exitCode);
        return;
      }
      this.#child.on('exit', (code) => resolve(code));
      this.#child.kill(signal);
    });
  }
}

/** A folder laid out like katas/, holding one `lru/index.ts` with the given source. */
export function implWith(source: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kata-impl-'));
  mkdirSync(join(dir, 'lru'));
  const file = join(dir, 'lru', 'index.ts');
  writeFileSync(file, source);
  return { dir, file };
}

/** A copy of the solutions folder somewhere outside the repository. */
export function solutionsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kata-copy-'));
  cpSync(join(repoRoot, 'solutions'), dir, { recursive: true });
  return dir;
}

export const lruSolution = (): string => readFileSync(join(repoRoot, 'solutions/lru/index.ts'), 'utf8');
/** The shipped stub: the committed version when there is git, so a learner's edits do not change the tests. */
export function lruStub(): string {
  try {
    return execFileSync('git', ['show', 'HEAD:katas/lru/index.ts'], { cwd: repoRoot, encoding: 'utf8' });
  } catch {
    return readFileSync(join(repoRoot, 'katas/lru/index.ts'), 'utf8');
  }
}

/** The solution with one method's body replaced at its start: `get(key: K): V | undefined {` + `insert`. */
export function solutionWith(signature: string, insert: string): string {
  const source = lruSolution();
  if (!source.includes(signature)) throw new Error(`The LRU solution no longer contains ${signature}`);
  return source.replace(signature, `${signature}\n${insert}\n`);
}

/** A folder laid out like katas/ whose lru/ is exactly the shipped stub (index.ts and README.md, as committed). */
export function stubFolder(): { dir: string; file: string } {
  const { dir, file } = implWith(lruStub());
  let readme: string;
  try {
    readme = execFileSync('git', ['show', 'HEAD:katas/lru/README.md'], { cwd: repoRoot, encoding: 'utf8' });
  } catch {
    readme = readFileSync(join(repoRoot, 'katas/lru/README.md'), 'utf8');
  }
  writeFileSync(join(dir, 'lru', 'README.md'), readme);
  return { dir, file };
}

/** The LRU solution with one of its known bugs (specs/lru/buggy.ts) patched in. */
export async function lruVariant(name: string): Promise<string> {
  const { variants } = await import('../specs/lru/buggy.ts');
  const { applyPatch } = await import('../specs/support/buggy.ts');
  const variant = variants.find((entry) => entry.name === name);
  if (variant === undefined || !('patch' in variant))
    throw new Error(`No patch variant '${name}' in specs/lru/buggy.ts`);
  return applyPatch(lruSolution(), variant);
}

/** A clock the CLI reads from a file (KATA_CLOCK_FILE): tests move time by writing to it. */
export class FileClock {
  readonly file: string;
  readonly start: number;

  constructor(start = Date.UTC(2026, 10, 28, 9, 0, 0)) {
    this.file = join(mkdtempSync(join(tmpdir(), 'kata-clock-')), 'now');
    this.start = start;
    this.set(0);
  }

  /**
   * Sets the time to `start + ms`. The new time is written beside the clock and renamed over it: the runner reads the
   * file on every tick, and a plain write lets it read the file empty, between truncation and write.
   */
  set(ms: number): void {
    const next = `${this.file}.next`;
    writeFileSync(next, String(this.start + ms));
    renameSync(next, this.file);
  }
}

export const minutes = (m: number, s = 0): number => (m * 60 + s) * 1000;
