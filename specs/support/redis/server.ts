/**
 * The Redis the distributed katas' specs run against: a private `redis-server` on a Unix socket in a temporary
 * folder (no TCP port, no snapshots, no append-only file unless asked), with the fake-clock module loaded so a spec
 * can set the server's clock (see fake-clock.c). Or, when REDIS_URL is set, a server somebody else runs.
 *
 * No vitest here: the global setup, the specs, the worker processes the specs start and `npm test` all use it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to install Redis, said wherever it is missing. */
export const installHint =
  'install it with `sudo apt-get install redis-server` (Debian, Ubuntu) or `brew install redis` (macOS), ' +
  'or set REDIS_URL to a server the specs may write to';

/** What the specs can use, as the global setup hands it to them (it must be plain data). */
export type RedisTarget =
  | {
      readonly available: true;
      /** `redis://…` or `unix:…` for ioredis (see `connectionOptions`). */
      readonly url: string;
      /** The private server's socket; undefined for a REDIS_URL server. */
      readonly socket: string | undefined;
      /** Whether FAKECLOCK.SET/ADVANCE/REAL work on this server. */
      readonly fakeClock: boolean;
      /** Whether specs may start servers of their own (to stop, pause or restart them). */
      readonly canStartServers: boolean;
      /** Why fakeClock or canStartServers is false, for the skip messages. */
      readonly limits: readonly string[];
    }
  | { readonly available: false; readonly why: string };

/** The `redis-server` binary on PATH (or REDIS_SERVER), if any. */
export function findRedisServer(): string | undefined {
  const explicit = process.env.REDIS_SERVER;
  if (explicit !== undefined && explicit !== '') return existsSync(explicit) ? explicit : undefined;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'redis-server');
    if (folder !== '' && existsSync(candidate)) return candidate;
  }
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const moduleSource = fileURLToPath(new URL('./fake-clock.c', import.meta.url));

/**
 * Builds the fake-clock module once per source version (cached in the temporary folder) with the machine's C
 * compiler. Returns its path, or the reason it could not be built.
 */
export function buildFakeClock(): { path: string } | { error: string } {
  const source = readFileSync(moduleSource);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const path = join(tmpdir(), `lld-katas-fake-clock-${hash}.so`);
  if (existsSync(path)) return { path };
  const compiler = process.env.CC ?? 'cc';
  // Built beside its final name and renamed, so two runs building at once never load half a file.
  const building = `${path}.${process.pid}.tmp`;
  try {
    execFileSync(compiler, ['-O2', '-shared', '-fPIC', '-o', building, moduleSource], { stdio: 'pipe' });
    renameSync(building, path);
    return { path };
  } catch (error) {
    rmSync(building, { force: true });
    const output = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
    return { error: `could not build the fake-clock module with \`${compiler}\` (${output || 'no compiler?'})` };
  }
}

export interface ServerOptions {
  /** Keep an append-only file (fsync on every write), so a restart loses nothing. Default false. */
  readonly persistence?: boolean;
  /** Load the fake-clock module (path from buildFakeClock). */
  readonly fakeClockModule?: string;
}

/** A private redis-server. `stop` and `start` keep its folder, so a persistent server comes back with its data. */
export class RedisServer {
  readonly dir: string;
  readonly socket: string;
  readonly #binary: string;
  readonly #options: ServerOptions;
  #process: ChildProcess | undefined;

  private constructor(binary: string, options: ServerOptions) {
    this.#binary = binary;
    this.#options = options;
    this.dir = mkdtempSync(join(tmpdir(), 'lld-redis-'));
    this.socket = join(this.dir, 'redis.sock');
  }

  /** Starts a server and waits until it answers PING. */
  static async start(options: ServerOptions = {}): Promise<RedisServer> {
    const binary = findRedisServer();
    if (binary === undefined) throw new Error(`redis-server was not found: ${installHint}`);
    const server = new RedisServer(binary, options);
    await server.start();
    return server;
  }

  /** `unix:<socket>`: what `connectionOptions` turns into ioredis options. */
  get url(): string {
    return `unix:${this.socket}`;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  get running(): boolean {
    return this.#process !== undefined;
  }

  /** Starts the server again after `stop` (same folder, same socket). */
  async start(): Promise<void> {
    if (this.#process !== undefined) return;
    const args = [
      '--port',
      '0',
      '--unixsocket',
      this.socket,
      '--unixsocketperm',
      '700',
      '--dir',
      this.dir,
      '--save',
      '',
      '--logfile',
      join(this.dir, 'redis.log'),
      '--daemonize',
      'no',
      ...(this.#options.persistence === true
        ? ['--appendonly', 'yes', '--appendfsync', 'always']
        : ['--appendonly', 'no']),
      ...(this.#options.fakeClockModule === undefined ? [] : ['--loadmodule', this.#options.fakeClockModule]),
    ];
    // Not detached: the server is in the process group of whoever started it, so the runner's watchdog, which
    // kills a runaway spec host with its whole group, takes the server with it.
    const child = spawn(this.#binary, args, { stdio: 'ignore' });
    this.#process = child;
    child.on('exit', () => {
      if (this.#process === child) this.#process = undefined;
    });
    const deadline = Date.now() + 10_000;
    while (!(await ping(this.socket))) {
      if (this.#process !== child) throw new Error(`redis-server exited at start; see ${join(this.dir, 'redis.log')}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer within 10 s; see ${this.dir}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops the server (SIGTERM: with persistence on, the append-only file is complete) and waits for it to exit. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#process;
    if (child === undefined || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. `resume` undoes it. */
  pause(): void {
    this.#process?.kill('SIGSTOP');
  }

  resume(): void {
    this.#process?.kill('SIGCONT');
  }

  /** Stops the server and removes its folder. */
  async destroy(): Promise<void> {
    this.resume();
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Whether a server answers PING on `socket`, within a second. */
export function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    const done = (ok: boolean) => {
      connection.destroy();
      resolve(ok);
    };
    connection.setTimeout(1_000, () => done(false));
    connection.on('error', () => done(false));
    connection.on('connect', () => connection.write('PING\r\n'));
    connection.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** ioredis options for a `redis://…` URL or a `unix:<socket>` address. */
export function connectionOptions(url: string): { path: string } | { url: string } {
  return url.startsWith('unix:') ? { path: url.slice('unix:'.length) } : { url };
}
