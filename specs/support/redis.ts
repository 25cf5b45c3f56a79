/**
 * What the distributed katas' specs use to reach Redis: the server the global setup started (or REDIS_URL),
 * clients that are closed after each file, key prefixes no other test uses, the server's settable clock, and
 * checks that read the server itself (keys without a TTL, commands per round trip).
 *
 * A spec never touches keys outside its own prefix, and never a server it did not start unless REDIS_URL says so.
 */
import { randomUUID } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';
import { afterEach, beforeEach, describe, inject } from 'vitest';
import {
  buildFakeClock,
  connectionOptions,
  RedisServer,
  type RedisTarget,
  type ServerOptions,
} from './redis/server.ts';

export type { RedisTarget };

/** What the global setup found. Outside the `redis` project (no global setup), Redis counts as missing. */
export function redisTarget() {
  return (
    inject('redis') ?? {
      available: false as const,
      why: 'no Redis was set up: run these specs through vitest.config.ts (project "redis")',
    }
  );
}

/**
 * The body of a Redis suite runs while tests are collected, also when the suite is skipped: make clients and
 * servers inside tests and hooks (`beforeAll`, `beforeEach`), not in the body itself.
 */
type SuiteBody = () => void;

/** A suite that runs when the Redis found can do `what`, and is skipped otherwise, with the reason in its name. */
function describeWhen(name: string, body: SuiteBody, can: (target: AvailableTarget) => boolean, what: string): void {
  const target = redisTarget();
  if (target.available && can(target)) describe(name, body);
  else describe.skip(`${name} (skipped: ${target.available ? target.limits.join('; ') || what : target.why})`, body);
}

type AvailableTarget = Extract<RedisTarget, { available: true }>;

/** A suite that needs Redis. */
export function describeRedis(name: string, body: SuiteBody): void {
  describeWhen(name, body, () => true, 'no Redis');
}

/** A suite that sets the server's clock: needs the private server with the fake-clock module. */
export function describeWithServerClock(name: string, body: SuiteBody): void {
  describeWhen(name, body, (target) => target.fakeClock, 'no settable server clock');
}

/** A suite that starts, stops, pauses or restarts servers of its own. */
export function describeWithOwnServers(name: string, body: SuiteBody): void {
  describeWhen(name, body, (target) => target.canStartServers, 'cannot start redis-server');
}

/** ioredis options, without the RESP3 reply mapping (the specs read RESP2 replies). */
export type ClientOptions = Omit<RedisOptions, 'replyMapping'>;

const openClients = new Set<Redis>();
const ownServers = new Set<RedisServer>();

/**
 * Disconnects the clients and destroys the servers made since the last call. Run after every spec file of the
 * `redis` project by its setup file (specs/support/redis/setup.ts): a hook registered here, at the top of a module
 * that vitest loads once for all files (`isolate: false`), would run after the first file only.
 */
export async function releaseRedisResources(): Promise<void> {
  for (const client of openClients) client.disconnect();
  openClients.clear();
  await Promise.all([...ownServers].map((server) => server.destroy()));
  ownServers.clear();
}

/**
 * A new ioredis client for the shared server (or `url`). Closed after the file. Fails fast instead of queueing
 * commands while disconnected, so a spec about an unreachable Redis sees errors, not a hang.
 */
export function connect(url?: string, options: ClientOptions = {}): Redis {
  const target = redisTarget();
  const address = url ?? (target.available ? target.url : undefined);
  if (address === undefined) throw new Error('No Redis to connect to');
  const where = connectionOptions(address);
  const base: ClientOptions = { maxRetriesPerRequest: 1, connectTimeout: 2_000, ...options };
  const client = 'path' in where ? new Redis(where.path, base) : new Redis(where.url, base);
  // A spec about failures sees them through the limiter; ioredis would otherwise also log each one.
  client.on('error', () => {});
  openClients.add(client);
  return client;
}

/** Disconnects a client made by `connect` now rather than after the file. */
export function disconnect(client: Redis): void {
  client.disconnect();
  openClients.delete(client);
}

/** A key prefix no other test, file or run uses: `lld:<label>:<random>:`. */
export function uniquePrefix(label: string): string {
  return `lld:${label}:${randomUUID().slice(0, 8)}:`;
}

/** A private server of the spec's own, to stop, pause or restart. Destroyed after the file. */
export async function startOwnServer(options: Omit<ServerOptions, 'fakeClockModule'> & { fakeClock?: boolean } = {}) {
  const module = options.fakeClock === true ? buildFakeClock() : undefined;
  if (module !== undefined && 'error' in module) throw new Error(module.error);
  const server = await RedisServer.start({
    ...(options.persistence === undefined ? {} : { persistence: options.persistence }),
    ...(module === undefined ? {} : { fakeClockModule: module.path }),
  });
  ownServers.add(server);
  return server;
}

/**
 * The server's clock, which TIME reports to clients and to Lua scripts (see redis/fake-clock.c). Frozen at the
 * instant a spec sets; it moves only when the spec advances it.
 *
 * Key expiry is not part of it: Redis expires keys by its own real clock. A contract that sets expiries from TIME
 * should use instants (PEXPIREAT, SET … PXAT), which are exact against the frozen clock and checkable with
 * PEXPIRETIME; a relative PEXPIRE set at a frozen instant expires by the real clock instead.
 */
export class ServerClock {
  readonly #connect: () => Redis;
  #client: Redis | undefined;
  #now = 0;

  /** `connect` is called on first use, so a clock can be made while a skipped suite is collected. */
  constructor(connect: () => Redis) {
    this.#connect = connect;
  }

  get #redis(): Redis {
    this.#client ??= this.#connect();
    return this.#client;
  }

  /** The time the server reports now, in ms since the epoch. */
  get now(): number {
    return this.#now;
  }

  async set(ms: number): Promise<void> {
    await this.#redis.call('FAKECLOCK.SET', String(ms));
    this.#now = ms;
  }

  /** Moves the clock by `ms` (negative: backwards). */
  async advance(ms: number): Promise<void> {
    this.#now = Number(await this.#redis.call('FAKECLOCK.ADVANCE', String(ms)));
  }

  /** Lets the clock run with real time again. */
  async real(): Promise<void> {
    await this.#redis.call('FAKECLOCK.REAL');
  }
}

/** An instant well away from the real one, so a client that reads its own clock instead of TIME is caught. */
export const serverEpoch = Date.UTC(2031, 0, 1, 0, 0, 0);

/**
 * For a suite inside `describeWithServerClock`: the server clock is set to `start` before each test and released
 * after it. Returns the clock, usable in the tests.
 */
export function useServerClock(start = serverEpoch): ServerClock {
  const clock = new ServerClock(() => connect());
  beforeEach(async () => {
    await clock.set(start);
  });
  afterEach(async () => {
    await clock.real();
  });
  return clock;
}

/** The keys under `prefix` that have no TTL (PTTL −1): each would live forever once its user goes idle. */
export async function keysWithoutTtl(client: Redis, prefix: string): Promise<string[]> {
  const keys = await allKeys(client, prefix);
  const ttls = await Promise.all(keys.map((key) => client.pttl(key)));
  return keys.filter((_key, index) => ttls[index] === -1).sort();
}

/** Every key under `prefix` (SCAN, never KEYS). */
export async function allKeys(client: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.sort();
}

/** The commands the server received while `during` ran, split by who sent them: clients, or Lua scripts. */
export interface ServerCommands {
  /** Each entry is the command name in lower case, e.g. `evalsha`. */
  readonly fromClients: readonly string[];
  readonly fromScripts: readonly string[];
}

/**
 * Watches the server with MONITOR while `during` runs. Used to prove "one round trip per decision": a decision made
 * by one EVALSHA shows as one command from a client and the script's own commands from Lua.
 */
export async function watchCommands(during: () => Promise<void>, url?: string): Promise<ServerCommands> {
  const marker = `lld-monitor-end-${randomUUID()}`;
  const markerClient = connect(url);
  const monitor = await markerClient.monitor();
  const fromClients: string[] = [];
  const fromScripts: string[] = [];
  let seenMarker: () => void = () => {};
  const markerSeen = new Promise<void>((resolve) => {
    seenMarker = resolve;
  });
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = (args[0] ?? '').toLowerCase();
    if (name === 'echo' && args[1] === marker) seenMarker();
    else if (source.includes('lua')) fromScripts.push(name);
    else fromClients.push(name);
  });
  try {
    await during();
    // MONITOR lines arrive on their own connection, in the order the server ran the commands: once the marker
    // sent after `during` shows, every command `during` sent has shown.
    await markerClient.echo(marker);
    await markerSeen;
  } finally {
    monitor.disconnect();
    disconnect(markerClient);
  }
  return { fromClients, fromScripts };
}
