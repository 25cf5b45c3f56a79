/**
 * Vitest global setup of the `redis` project (vitest.config.ts): runs only when a Redis kata's spec is in the run.
 * Starts one private redis-server for the whole run — on a Unix socket in a temporary folder, no TCP port, no
 * snapshots, no append-only file, the fake-clock module loaded — and stops it after. With REDIS_URL set, uses that
 * server instead and starts nothing. The specs receive what is available through `inject('redis')`.
 *
 * Where there is no Redis the specs are skipped (one loud line from `npm test` and `npm run kata` says why); in CI
 * (CI=true) that is an error instead, so a CI machine without Redis can never pass by skipping.
 */
import type { TestProject } from 'vitest/node';
import { findRedis, redisRequired } from './availability.ts';
import { RedisServer, type RedisTarget } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redis: RedisTarget;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = await findRedis();
  if (found.kind === 'missing') {
    if (redisRequired()) throw new Error(`CI=true and no Redis for the distributed katas: ${found.why}`);
    project.provide('redis', { available: false, why: found.why });
    return async () => {};
  }
  if (redisRequired() && found.limits.length > 0 && found.kind === 'private') {
    throw new Error(`CI=true and the Redis specs would be limited: ${found.limits.join('; ')}`);
  }
  if (found.kind === 'url') {
    project.provide('redis', {
      available: true,
      url: found.url,
      socket: undefined,
      fakeClock: false,
      canStartServers: found.canStartServers,
      limits: found.limits,
    });
    return async () => {};
  }
  const server = await RedisServer.start({
    ...(found.fakeClockModule === undefined ? {} : { fakeClockModule: found.fakeClockModule }),
  });
  project.provide('redis', {
    available: true,
    url: server.url,
    socket: server.socket,
    fakeClock: found.fakeClockModule !== undefined,
    canStartServers: true,
    limits: found.limits,
  });
  return () => server.destroy();
}
