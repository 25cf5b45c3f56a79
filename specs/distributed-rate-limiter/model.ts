/**
 * The model for the distributed-rate-limiter property tests: each key's bucket simulated one millisecond at a
 * time, in thousandths of a token, on the server's clock as the spec moves it. Nothing like a formula: refill is
 * a loop of capped ticks, and a wait is found by ticking forward until the tokens are there.
 *
 * Commands: `acquire(key, cost)` (compared field for field with the limiter's decision) and `advance(ms)` (moves
 * the model's clock and the Redis server's). The support module's runner is synchronous; these commands await
 * Redis, so this file drives `fc.asyncModelRun` itself, with the same replayable `Script` transcript.
 */
import fc from 'fast-check';
import type Redis from 'ioredis';
import type { Algorithm } from '../../katas/distributed-rate-limiter/index.ts';
import { Script } from '../support/model.ts';
import { keysWithoutTtl, type ServerClock, serverEpoch, uniquePrefix } from '../support/redis.ts';
import { show } from '../support/show.ts';
import { type Decision, DistributedRateLimiter, type Limiter } from './helpers.ts';

interface ModelBucket {
  /** Thousandths of a token. */
  milli: number;
  /** The server time of this key's last call. */
  last: number;
}

interface Model {
  readonly capacity: number;
  /** Tokens per second: one tick (1 ms) adds exactly `rate` thousandths (rates are binary fractions). */
  readonly rate: number;
  /** Keys never called are full and absent. */
  readonly buckets: Map<string, ModelBucket>;
  now: number;
}

interface Real {
  readonly limiter: Limiter;
  readonly clock: ServerClock;
  readonly script: Script;
}

type Command = fc.AsyncCommand<Model, Real>;

function ticksUntil(model: Model, milli: number, need: number): number {
  let ticks = 0;
  for (let have = milli; have < need; have += model.rate) ticks++;
  return ticks;
}

class Acquire implements Command {
  constructor(
    readonly key: string,
    readonly cost: number,
  ) {}

  check(model: Readonly<Model>): boolean {
    return this.cost <= model.capacity;
  }

  async run(model: Model, real: Real): Promise<void> {
    const full = model.capacity * 1000;
    const bucket = model.buckets.get(this.key) ?? { milli: full, last: model.now };
    for (let t = bucket.last; t < model.now; t++) bucket.milli = Math.min(full, bucket.milli + model.rate);
    bucket.last = model.now;
    model.buckets.set(this.key, bucket);
    const need = this.cost * 1000;
    const allowed = bucket.milli >= need;
    if (allowed) bucket.milli -= need;
    const expected: Decision = {
      allowed,
      remaining: Math.floor(bucket.milli / 1000),
      retryAfterMs: allowed ? 0 : ticksUntil(model, bucket.milli, need),
      limit: model.capacity,
      source: 'redis',
    };
    const actual = { ...(await real.limiter.tryAcquire(this.key, this.cost)) };
    real.script.expect(`await limiter.tryAcquire(${show(this.key)}, ${this.cost})`, () => actual, expected);
  }

  toString(): string {
    return `acquire(${show(this.key)}, ${this.cost})`;
  }
}

class Advance implements Command {
  constructor(readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    model.now += this.ms;
    await real.clock.advance(this.ms);
    real.script.note(`await clock.advance(${this.ms}); // server time t=${model.now - serverEpoch}`);
  }

  toString(): string {
    return `advance(${this.ms})`;
  }
}

export interface ModelRunOptions {
  readonly redis: () => Redis;
  readonly clock: ServerClock;
  readonly algorithm: Algorithm;
  readonly numRuns?: number;
}

/**
 * Random sequences of requests and clock steps against the model. The rates are binary fractions (exact in
 * thousandths per millisecond) whose 1000 / rate is exact too, so the GCRA level must match to the millisecond.
 */
export async function checkAgainstBucketModel(options: ModelRunOptions): Promise<void> {
  const commands: fc.Arbitrary<Command>[] = [
    fc
      .tuple(fc.constantFrom('', 'a', 'b'), fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 6 })))
      .map(([key, cost]) => new Acquire(key, cost)),
    fc.oneof(fc.integer({ min: 1, max: 1_500 }), fc.integer({ min: 1_500, max: 20_000 })).map((ms) => new Advance(ms)),
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom(0.25, 0.5, 1, 2, 4),
      fc.commands(commands, { maxCommands: 25, size: 'max' }),
      async (capacity, rate, sequence) => {
        await options.clock.set(serverEpoch);
        const prefix = uniquePrefix('dl-model');
        const limiter = new DistributedRateLimiter({
          redis: options.redis(),
          prefix,
          capacity,
          refillPerSecond: rate,
          // A slow machine must not turn into fail-closed denials the model does not expect.
          timeoutMs: 5_000,
          ...(options.algorithm === 'gcra' ? { algorithm: 'gcra' as const } : {}),
          failurePolicy: 'fail-closed',
        });
        const script = new Script([
          `await clock.set(${serverEpoch}); // server time t=0`,
          `const limiter = new DistributedRateLimiter({ redis, prefix: '${prefix}', capacity: ${capacity}, refillPerSecond: ${rate}, algorithm: '${options.algorithm}' });`,
        ]);
        const model: Model = { capacity, rate, buckets: new Map(), now: serverEpoch };
        await fc.asyncModelRun(() => ({ model, real: { limiter, clock: options.clock, script } }), sequence);
        const withoutTtl = await keysWithoutTtl(options.redis(), prefix);
        script.expect('keys without a TTL', () => withoutTtl, []);
      },
    ),
    { numRuns: options.numRuns ?? 100 },
  );
}
