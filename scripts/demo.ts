/**
 * npm run demo <cache|rate-limiter|job-processor>
 *
 * A narrated run of one system in the terminal, from the reference solutions with an injected clock: eviction
 * order, expiry, single-flight loading; the fixed window's boundary burst against the other limiters; workers,
 * priorities, retries with backoff, dead letters and graceful shutdown. Deterministic: no real sleeps, the same
 * text every run, finished in well under a second. Colour only on a terminal (never with NO_COLOR).
 */
import { runDemo } from './demo/index.ts';

// A reader that stops early (\`| head\`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);
process.exitCode = await runDemo(process.argv.slice(2), write(process.stdout), write(process.stderr));
