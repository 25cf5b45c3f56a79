/**
 * npm run trace <id> "<operations>" [-- --impl katas|<dir>] [--file <path> | -]
 *
 * Steps through a kata (the reference solution by default) and prints its state after every operation, so you can
 * check your mental model: the recency list of an LRU, the frequency buckets of an LFU, the tokens of a bucket
 * over time, the heap of a priority queue. Accepts a short syntax (`put 1 a; get 1; tick 500`) and the replay
 * script a failing property test prints. `npm run trace -- --help` lists the operations of every kata.
 */
import { runTrace } from './trace/index.ts';

// A reader that stops early (\`| head\`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);
const stdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
process.exitCode = await runTrace(process.argv.slice(2), {
  out: write(process.stdout),
  err: write(process.stderr),
  stdin,
});
