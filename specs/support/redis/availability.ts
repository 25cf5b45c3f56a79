/**
 * Finds the Redis the distributed katas' specs will use, without starting anything long-lived: `npm test` and
 * `npm run kata` call it to say, before any spec runs, what is missing and how to get it.
 */
import { buildFakeClock, findRedisServer, installHint } from './server.ts';

export type Availability =
  | { readonly kind: 'private'; readonly fakeClockModule: string | undefined; readonly limits: readonly string[] }
  | {
      readonly kind: 'url';
      readonly url: string;
      readonly canStartServers: boolean;
      readonly limits: readonly string[];
    }
  | { readonly kind: 'missing'; readonly why: string };

/** In CI a missing Redis is a failure, never a skip. */
export const redisRequired = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

export async function findRedis(): Promise<Availability> {
  const url = process.env.REDIS_URL;
  const binary = findRedisServer();
  const module = binary === undefined ? undefined : buildFakeClock();
  const moduleLimit =
    module !== undefined && 'error' in module ? [`the server clock cannot be set: ${module.error}`] : [];
  if (url !== undefined && url !== '') {
    // The client library is loaded only to check a REDIS_URL.
    const { default: Redis } = await import('ioredis');
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
    // The failure is reported below, as the reason; ioredis would also print it as an unhandled error event.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      return {
        kind: 'missing',
        why: `REDIS_URL (${url}) does not answer: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      client.disconnect();
    }
    const canStartServers = binary !== undefined && module !== undefined && 'path' in module;
    return {
      kind: 'url',
      url,
      canStartServers,
      limits: [
        'REDIS_URL is set: the specs that set the server clock are skipped (they need the private server)',
        ...(canStartServers
          ? []
          : [`the specs that stop or restart Redis are skipped: no redis-server here to start (${installHint})`]),
      ],
    };
  }
  if (binary === undefined) return { kind: 'missing', why: `redis-server was not found: ${installHint}` };
  return {
    kind: 'private',
    fakeClockModule: module !== undefined && 'path' in module ? module.path : undefined,
    limits: moduleLimit,
  };
}

/** The one loud line said when the Redis katas cannot run, or run with some specs skipped. */
export function describeAvailability(
  availability: Availability,
  katas: readonly string[],
  required = false,
): string | undefined {
  if (availability.kind === 'missing') {
    return `⚠ ${required ? 'CANNOT RUN' : 'SKIPPED'} ${katas.join(', ')}: ${availability.why.replace(/\.$/, '')}.`;
  }
  if (availability.limits.length === 0) return undefined;
  return `⚠ ${katas.join(', ')}: ${availability.limits.join('; ')}.`;
}
