/**
 * Runs specs in a child process (spec-host.ts) with a watchdog, so that nothing a learner writes can take the
 * runner down: a synchronous infinite loop, a module that never finishes loading, a worker that crashes.
 *
 * How the watchdog knows: the spec setup writes a line to a trace file, synchronously, when each test starts and
 * ends and when the code under test starts and ends loading (specs/support/trace.ts). If the last line says a test
 * (or a load) started longer ago than the limit, the host and its workers are killed as one process group, the
 * run is reported as a runaway naming that test, and the next run starts a fresh host.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.ts';
import type { Runaway, RunResult } from './results.ts';
import type { HostMessage, RunRequest } from './spec-host.ts';

export interface RunOptions {
  /** Folder laid out like `katas/` whose code the specs test. */
  readonly implDir: string;
  /** Spec path filters, e.g. `['specs/lru/']`. */
  readonly filters: readonly string[];
  /** Files changed since the previous run (their cached transforms are dropped). */
  readonly changed?: readonly string[];
  /** Run only the tests whose full name matches (see `namePattern`). */
  readonly testNamePattern?: string;
}

/**
 * A pattern for the tests whose full name contains `text`, written as this workbook writes full names
 * (`suite › suite › test`); vitest joins the parts with plain spaces.
 */
export function namePattern(text: string): string {
  return text
    .split(' › ')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(' (?:› )?');
}

export interface SpecHostOptions {
  /** How long one test, or the loading of the code under test, may run before it is killed. */
  readonly testLimitMs?: number;
  /** Extra environment for the host and its workers. */
  readonly env?: Readonly<Record<string, string>>;
}

interface Pending {
  readonly id: number;
  readonly started: number;
  readonly resolve: (result: RunResult) => void;
  readonly reject: (error: Error) => void;
}

const hostScript = join(repoRoot, 'scripts/lib/spec-host.ts');
const pollMs = 100;

export class SpecHost {
  readonly #testLimitMs: number;
  readonly #env: Readonly<Record<string, string>>;
  readonly #traceDir = mkdtempSync(join(tmpdir(), 'kata-trace-'));
  readonly #traceFile = join(this.#traceDir, 'trace.log');
  #child: ChildProcess | undefined;
  #ready: Promise<void> | undefined;
  #stderr = '';
  #pending: Pending | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #nextId = 1;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SpecHostOptions = {}) {
    this.#testLimitMs = options.testLimitMs ?? 10_000;
    this.#env = options.env ?? {};
  }

  /** Runs the matching specs against `implDir`. Runs are queued: one at a time. */
  run(options: RunOptions): Promise<RunResult> {
    const next = this.#queue.then(() => this.#runNow(options));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the host and its workers and removes the trace folder. */
  close(): void {
    this.#kill();
    rmSync(this.#traceDir, { recursive: true, force: true });
  }

  #ensureHost(): Promise<void> {
    if (this.#ready !== undefined) return this.#ready;
    this.#stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', hostScript], {
      cwd: repoRoot,
      // Its own process group, so one kill reaches the host and every worker it forked.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...this.#env, KATA_TRACE_FILE: this.#traceFile, FORCE_COLOR: '0' },
    });
    this.#child = child;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-8_000);
    });
    this.#ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: HostMessage) => {
        if (message.type === 'ready') resolve();
        else this.#settle(message);
      });
      child.on('exit', (code, signal) => {
        if (this.#child !== child) return;
        const why = new Error(`The spec host stopped (${signal ?? `exit code ${code}`}).\n${this.#stderr.trim()}`);
        this.#forget();
        reject(why);
        this.#fail(why);
      });
    });
    return this.#ready;
  }

  async #runNow(options: RunOptions): Promise<RunResult> {
    await this.#ensureHost();
    writeFileSync(this.#traceFile, '');
    const id = this.#nextId++;
    const request: RunRequest = {
      type: 'run',
      id,
      implDir: options.implDir,
      filters: options.filters,
      changed: options.changed ?? [],
      ...(options.testNamePattern === undefined ? {} : { testNamePattern: options.testNamePattern }),
    };
    return new Promise<RunResult>((resolve, reject) => {
      this.#pending = { id, started: Date.now(), resolve, reject };
      this.#child?.send(request);
      this.#watchdog = setInterval(() => this.#checkForRunaway(), pollMs);
    });
  }

  #settle(message: Exclude<HostMessage, { type: 'ready' }>): void {
    const pending = this.#pending;
    if (pending === undefined || pending.id !== message.id) return;
    this.#finish();
    if (message.type === 'failed') pending.reject(new Error(message.message));
    else pending.resolve({ ...message.run, runaway: undefined, durationMs: Date.now() - pending.started });
  }

  #checkForRunaway(): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    const runaway = readRunaway(this.#traceFile, this.#testLimitMs);
    if (runaway === undefined) return;
    this.#finish();
    this.#kill();
    pending.resolve({ tests: [], fileErrors: [], output: [], runaway, durationMs: Date.now() - pending.started });
  }

  #fail(error: Error): void {
    const pending = this.#pending;
    this.#finish();
    pending?.reject(error);
  }

  #finish(): void {
    clearInterval(this.#watchdog);
    this.#pending = undefined;
  }

  #kill(): void {
    const child = this.#child;
    this.#forget();
    if (child?.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  #forget(): void {
    this.#child = undefined;
    this.#ready = undefined;
  }
}

/** Reads the trace and says what has been running for longer than `limitMs`, if anything. */
export function readRunaway(traceFile: string, limitMs: number, now = Date.now()): Runaway | undefined {
  let text: string;
  try {
    text = readFileSync(traceFile, 'utf8');
  } catch {
    return undefined;
  }
  // Only whole lines count: the watchdog may read while a worker is half-way through appending one.
  const lines = text.split('\n').slice(0, -1);
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  const [event, at, ...subject] = last.split('\t');
  const afterMs = now - Number(at);
  if (event === 'load') {
    if (!(afterMs > limitMs)) return undefined;
    return { file: relative(repoRoot, subject.join('\t')), test: undefined, loading: subject.join('\t'), afterMs };
  }
  if (event !== 'start') return undefined;
  // `start  <at>  <file>  <test>  <the test's own timeout>`: a test may ask for longer than the limit.
  const [file = '', test = '', timeout = '0'] = subject;
  const allowedMs = Math.max(limitMs, (Number(timeout) || 0) + 1_000);
  if (!(afterMs > allowedMs)) return undefined;
  return { file: relative(repoRoot, file), test, loading: undefined, afterMs };
}
