/** `npm run demo job-processor`: worker limit, priorities, retries with backoff, dead letters, graceful shutdown. */
import {
  type JobEvent,
  type JobProcessor,
  JobProcessorFactory,
  type JobProcessorOptions,
  ProcessingStrategy,
  type ProcessingStrategy as Strategy,
} from '../../solutions/job-processor/index.ts';
import { VirtualTime } from '../lib/virtual-time.ts';
import { fmt, type Narrator } from './narrator.ts';

/** A processor on the virtual clock that reports every start and end as `t=… payload from→to`. */
function processorOn(
  time: VirtualTime,
  strategy: Strategy,
  options: Omit<JobProcessorOptions, 'now' | 'onStateChange'>,
  onEvent: (event: JobEvent) => void = () => {},
): JobProcessor {
  return JobProcessorFactory.create(strategy, { ...options, now: time.now, onStateChange: onEvent });
}

const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function workerLimit(say: Narrator, time: VirtualTime): Promise<void> {
  say.scene('At most maxWorkers jobs run at once');
  let most = 0;
  const starts = new Map<number, string[]>();
  const processor = processorOn(time, ProcessingStrategy.FIFO, { maxWorkers: 2 }, ({ job, to }) => {
    most = Math.max(most, processor.running);
    if (to === 'running') starts.set(time.now(), [...(starts.get(time.now()) ?? []), String(job.payload)]);
  });
  say.step('maxWorkers 2, FIFO. Five 100 ms jobs submitted at t=0: two start at once, three wait in the queue.');
  for (const name of ['j1', 'j2', 'j3', 'j4', 'j5']) processor.submit(() => time.sleep(100), name);
  say.show(`right after submit: running ${processor.running}, queued ${processor.size}`);
  await time.runAll();
  for (const [at, names] of starts) say.show(`t=${String(at).padStart(3)}  started ${names.join(', ')}`);
  say.show(`all done at t=${time.now()}; most running at any moment: ${most}`);
  say.takeaway('A finished job hands its worker to the next one in the same tick: no polling, no idle gap.');
}

async function priorities(say: Narrator, time: VirtualTime): Promise<void> {
  say.scene('Priorities: a higher number runs first, ties in the order they became ready');
  const order: string[] = [];
  const processor = processorOn(time, ProcessingStrategy.PRIORITY, { maxWorkers: 1 }, ({ job, to }) => {
    if (to === 'running') order.push(String(job.payload));
  });
  say.step('One worker, busy with "report". Then submitted in this order: low (1), high (5), mid (3), also-mid (3).');
  processor.submit(() => time.sleep(100), 'report');
  processor.submit(() => time.sleep(10), 'low', { priority: 1 });
  processor.submit(() => time.sleep(10), 'high', { priority: 5 });
  processor.submit(() => time.sleep(10), 'mid', { priority: 3 });
  processor.submit(() => time.sleep(10), 'also-mid', { priority: 3 });
  await time.runAll();
  say.show(`start order: ${order.join(' → ')}`);
  say.takeaway('A heap keyed by (priority, ready order) gives O(log n) dispatch and FIFO among equals.');
}

async function retries(say: Narrator, time: VirtualTime): Promise<void> {
  say.scene('Retries with exponential backoff, and a poison job in the dead-letter queue');
  const log: string[] = [];
  const processor = processorOn(
    time,
    ProcessingStrategy.FIFO,
    { maxWorkers: 2, retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 } },
    ({ job, from, to }) => {
      if (from === 'running' && to === 'delayed') {
        log.push(`t=${String(time.now()).padStart(3)}  ${job.payload} failed (${message(job.error)}), delayed`);
      }
      if (to === 'succeeded' || to === 'failed') log.push(`t=${String(time.now()).padStart(3)}  ${job.payload} ${to}`);
    },
  );
  say.step('retry: { attempts: 4, baseDelayMs: 100 }: waits of 100, 200, 400 ms between tries (base × 2^(n−1)).');
  say.step('"flaky-email" fails twice, then succeeds; "poison-pdf" (attempts: 3) fails every time.');
  let calls = 0;
  const at = () => `t=${String(time.now()).padStart(3)}`;
  processor.submit((payload, { attempt }) => {
    log.push(`${at()}  ${payload} attempt ${attempt} starts`);
    calls++;
    if (calls <= 2) throw new Error('SMTP timeout');
    return 'sent';
  }, 'flaky-email');
  processor.submit(
    (payload: string, { attempt }) => {
      log.push(`${at()}  ${payload} attempt ${attempt} starts`);
      throw new Error(`cannot parse ${payload}`);
    },
    'poison-pdf',
    { attempts: 3 },
  );
  await time.runAll();
  say.show(...log);
  const [dead] = processor.deadLetters();
  if (dead !== undefined) {
    say.step('The poison job is not retried forever: it lands in the dead-letter queue with every error seen.');
    say.show(
      `deadLetters() -> [{ id: ${fmt(dead.id)}, payload: ${fmt(dead.payload)}, attempts: ${dead.attempts}, ` +
        `failedAt: ${dead.failedAt}, errors: ${dead.errors.length} × ${fmt(message(dead.errors[0]))} }]`,
    );
  }
  const metrics = processor.metrics();
  say.show(
    `metrics: succeeded ${metrics.succeeded}, failed ${metrics.failed}, retries ${metrics.retries}, ` +
      `deadLetters ${metrics.deadLetters}`,
  );
  say.takeaway(
    'Backoff spreads retries out (add jitter in production); the DLQ keeps bad input from blocking workers.',
  );
}

async function shutdown(say: Narrator, time: VirtualTime): Promise<void> {
  say.scene('Graceful shutdown: stop intake, drop nothing, report metrics');
  const processor = processorOn(time, ProcessingStrategy.FIFO, { maxWorkers: 2 });
  say.step('maxWorkers 2; four jobs of 100, 200, 100 and 300 ms submitted at t=0; close() at t=50.');
  const jobs = [100, 200, 100, 300].map((ms, i) =>
    processor.submit(() => time.sleep(ms).then(() => ms), `job${i + 1}`),
  );
  await time.advanceTo(50);
  let closedAt: number | undefined;
  const closing = processor.close().then((left) => {
    closedAt = time.now();
    return left;
  });
  say.show(`t=50 close(): running ${processor.running}, queued ${processor.size}`);
  try {
    processor.submit(() => 'late', 'late-job');
  } catch (error) {
    say.show(`t=50 submit after close -> throws ${message(error)}`);
  }
  await time.runAll();
  const left = await closing;
  say.show(`close() resolved at t=${closedAt} with ${fmt(left)} (no job dropped);`);
  say.show(`states: ${jobs.map((job) => `${job.payload} ${job.state}`).join(', ')}`);
  const { succeeded, failed, cancelled, retries, wait, run } = processor.metrics();
  say.show(`metrics: succeeded ${succeeded}, failed ${failed}, cancelled ${cancelled}, retries ${retries}`);
  say.show(`  wait ms: p50 ${wait.p50Ms}, p95 ${wait.p95Ms}, max ${wait.maxMs} (time ready → started)`);
  say.show(`  run ms:  p50 ${run.p50Ms}, p95 ${run.p95Ms}, max ${run.maxMs}`);
  say.takeaway('On deploy: stop intake, let accepted work finish (or force after a timeout and persist what is left).');
}

export async function jobProcessorDemo(say: Narrator): Promise<void> {
  say.title('Job processor demo: workers, priorities, retries, dead letters, shutdown (solutions/, virtual clock)');
  // The processor arms setTimeout only to wake itself; a virtual clock stands in for it while each scene runs.
  for (const scene of [workerLimit, priorities, retries, shutdown]) {
    const time = new VirtualTime();
    await time.install(() => scene(say, time));
  }
}
