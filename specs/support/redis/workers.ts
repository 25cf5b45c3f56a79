/**
 * Separate Node processes for the specs that need more than one client process: several limiters hammering one
 * key, workers that crash mid-job. The spec starts each with `WorkerProcess.start(script, env)`; the script calls
 * `serve(handler)` and answers the spec's requests over the IPC channel.
 *
 * Children are not detached: they share the spec host's process group, so the runner's watchdog, which kills a
 * runaway host with its group, takes them along. `stopAll` (call it in `afterAll`) ends the rest.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

const running = new Set<WorkerProcess>();

export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #nextId = 1;
  #output = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    const collect = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-4_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error ?? 'the worker process failed'));
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(this);
        const why = new Error(`worker process exited (${signal ?? `code ${code}`}) before answering\n${this.#output}`);
        for (const pending of this.#pending.values()) pending.reject(why);
        this.#pending.clear();
        resolve({ code, signal });
      });
    });
  }

  /** Starts `node --import tsx <script>` and waits until it calls `serve`. */
  static start(script: string, env: Readonly<Record<string, string>> = {}): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const worker = new WorkerProcess(child);
    running.add(worker);
    return new Promise((resolve, reject) => {
      child.once('message', (message: { type?: string }) => {
        if (message.type === 'ready') resolve(worker);
      });
      void worker.exited.then(({ code, signal }) =>
        reject(new Error(`worker process ${script} exited (${signal ?? `code ${code}`}) at start\n${worker.#output}`)),
      );
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Sends `message` to the script's handler and resolves with what it returns (rejects with what it throws). */
  request<T>(message: object): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.#child.connected) {
        reject(new Error(`worker process ${this.pid} has exited\n${this.#output}`));
        return;
      }
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, message }, (error) => {
        if (error === null) return;
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  /** Kills the process (SIGKILL by default: a crash, no clean-up) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
    await this.exited;
  }
}

/** Kills every worker process still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.kill()));
}

/**
 * The child side: answers each request with `handler(message)`. Call once, at the end of the worker script.
 * The process exits when the spec's side goes away.
 */
export function serve(handler: (message: never) => unknown): void {
  process.on('message', async ({ id, message }: { id: number; message: never }) => {
    try {
      process.send?.({ id, ok: true, value: await handler(message) });
    } catch (error) {
      process.send?.({
        id,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready' });
}
