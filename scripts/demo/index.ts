/** The demos by system name, and the one function that runs one (used by scripts/demo.ts and its tests). */
import { unknownName } from '../lib/suggest.ts';
import { cacheDemo } from './cache.ts';
import { jobProcessorDemo } from './job-processor.ts';
import { Narrator, type Write } from './narrator.ts';
import { rateLimiterDemo } from './rate-limiter.ts';

export const demos = {
  cache: cacheDemo,
  'rate-limiter': rateLimiterDemo,
  'job-processor': jobProcessorDemo,
} as const;

export type System = keyof typeof demos;
export const systems = Object.keys(demos) as System[];

export const demoUsage = `Usage: npm run demo <${systems.join('|')}>`;

/** Runs the demo of `system`, writing lines to `out` (errors to `err`); resolves with the exit code. */
export async function runDemo(args: readonly string[], out: Write, err: Write): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h') {
    out(demoUsage);
    out('A short narrated run of one system with the reference solutions and an injected clock: no waiting,');
    out('and the same output every time. Systems: cache, rate-limiter, job-processor.');
    return 0;
  }
  if (name === undefined || rest.length > 0) {
    err(name === undefined ? 'Which system?' : `Unexpected argument '${rest[0]}'.`);
    err(demoUsage);
    return 2;
  }
  if (!Object.hasOwn(demos, name)) {
    err(unknownName('system', name, systems));
    err(demoUsage);
    return 2;
  }
  await demos[name as System](new Narrator(out));
  return 0;
}
