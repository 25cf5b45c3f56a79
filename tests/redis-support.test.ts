/**
 * The Redis the distributed katas' specs stand on: the private server, the fake-clock module, restarts with and
 * without persistence, and the MONITOR-based round-trip count. Skipped where there is no redis-server, except in
 * CI, where that fails.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRequired } from '../specs/support/redis/availability.ts';
import { buildFakeClock, findRedisServer, RedisServer } from '../specs/support/redis/server.ts';
import { stopAll, WorkerProcess } from '../specs/support/redis/workers.ts';
import { connect, ServerClock, watchCommands } from '../specs/support/redis.ts';

const haveRedis = findRedisServer() !== undefined;

describe.runIf(haveRedis || redisRequired())('the Redis under the distributed katas', () => {
  let server: RedisServer;
  let client: Redis;

  beforeAll(async () => {
    const module = buildFakeClock();
    if ('error' in module) throw new Error(module.error);
    server = await RedisServer.start({ fakeClockModule: module.path });
    client = connect(server.url);
  });

  afterAll(async () => {
    client.disconnect();
    await server.destroy();
  });

  it('runs on a Unix socket in a folder of its own, with no TCP port', async () => {
    expect(existsSync(server.socket)).toBe(true);
    const config = (await client.config('GET', 'port')) as string[];
    expect(config).toEqual(['port', '0']);
  });

  it('reports a set clock through TIME, to clients and to Lua scripts, and moves it only when told', async () => {
    const clock = new ServerClock(() => client);
    await clock.set(Date.UTC(2031, 0, 1, 0, 0, 0, 250));
    expect(await client.time()).toEqual(['1924992000', '250000']);
    expect(await client.eval("return redis.call('TIME')", 0)).toEqual(['1924992000', '250000']);
    await clock.advance(1_500);
    expect(clock.now).toBe(Date.UTC(2031, 0, 1, 0, 0, 1, 750));
    expect(await client.eval("return redis.call('time')", 0)).toEqual(['1924992001', '750000']);
    await clock.advance(-2_000);
    expect(await client.time()).toEqual(['1924991999', '750000']);
    await clock.real();
    const [seconds] = (await client.call('TIME')) as [string, string];
    expect(Math.abs(Number(seconds) - Date.now() / 1000)).toBeLessThan(3_600);
  });

  it('rejects a clock that is not a whole number of milliseconds', async () => {
    await expect(client.call('FAKECLOCK.SET', 'soon')).rejects.toThrow('milliseconds must be an integer');
    await expect(client.call('FAKECLOCK.SET', '-1')).rejects.toThrow('before 1970');
  });

  it('counts the commands clients sent apart from those a script ran', async () => {
    const seen = await watchCommands(async () => {
      await client.eval("redis.call('SET', KEYS[1], 'v'); return redis.call('GET', KEYS[1])", 1, 'support:k');
      await client.del('support:k');
    }, server.url);
    expect(seen).toEqual({ fromClients: ['eval', 'del'], fromScripts: ['set', 'get'] });
  });

  it('keeps nothing across a restart without persistence, and everything with it', async () => {
    const plain = await RedisServer.start();
    const durable = await RedisServer.start({ persistence: true });
    try {
      for (const each of [plain, durable]) {
        const writer = connect(each.url);
        await writer.set('support:kept', 'yes');
        writer.disconnect();
        await each.stop();
        expect(each.running).toBe(false);
        await each.start();
      }
      const [fromPlain, fromDurable] = [connect(plain.url), connect(durable.url)];
      expect(await fromPlain.get('support:kept')).toBeNull();
      expect(await fromDurable.get('support:kept')).toBe('yes');
      fromPlain.disconnect();
      fromDurable.disconnect();
    } finally {
      await plain.destroy();
      await durable.destroy();
    }
  });

  it('stops answering while paused and answers again when resumed', async () => {
    const paused = await RedisServer.start();
    const slow = connect(paused.url, { commandTimeout: 200 });
    try {
      expect(await slow.ping()).toBe('PONG');
      paused.pause();
      await expect(slow.ping()).rejects.toThrow('Command timed out');
      paused.resume();
      expect(await slow.ping()).toBe('PONG');
    } finally {
      slow.disconnect();
      await paused.destroy();
    }
  });
});

describe('worker processes for multi-process specs', () => {
  const script = fileURLToPath(new URL('./fixtures/echo-worker.ts', import.meta.url));

  it('answer requests, pass on errors, and report a crash to whoever is waiting', async () => {
    const worker = await WorkerProcess.start(script);
    try {
      expect(await worker.request({ echo: 'hi' })).toEqual({ echo: 'hi', pid: worker.pid });
      await expect(worker.request({ fail: 'no' })).rejects.toThrow('RangeError: no');
      await worker.kill();
      await expect(worker.request({ echo: 'late' })).rejects.toThrow();
    } finally {
      await stopAll();
    }
  }, 20_000);
});

describe.runIf(!haveRedis && !redisRequired())('without redis-server', () => {
  it('says how to install it', async () => {
    const { findRedis } = await import('../specs/support/redis/availability.ts');
    const found = await findRedis();
    expect(found.kind === 'missing' && found.why).toMatch(/apt-get install redis-server/);
  });
});
