/**
 * A job timeline from the job-processor reference solution, run on a virtual clock: two workers, six jobs
 * submitted at t=0 in FIFO order, a processor-wide retry policy of 3 attempts with exponential backoff
 * (200 ms, then 400 ms, no jitter), one job that times out once, and one that fails every attempt and ends in the
 * dead-letter queue. Durations and failures are scripted per attempt, so the run is the same every time.
 *
 * The processor does not name its workers (it only bounds how many jobs run at once), so the figure gives each
 * attempt the lowest-numbered free slot when it starts: "worker 2" means "the second of the two slots".
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  type JobContext,
  JobProcessorFactory,
  ProcessingStrategy,
  TimeoutError,
} from '../../solutions/job-processor/index.ts';
import { VirtualTime } from '../lib/virtual-time.ts';
import { type Figure, markdownTable } from './markdown.ts';
import { renderSvg } from './render.ts';

export const WORKERS = 2;
export const RETRY = { attempts: 3, baseDelayMs: 200, jitter: 'none' } as const;

/** What one attempt does: run for `ms`, then succeed or fail. */
interface Step {
  readonly ms: number;
  readonly fails?: string;
}

interface Script {
  readonly name: string;
  /** One step per attempt; the last one repeats. */
  readonly steps: readonly Step[];
  readonly timeoutMs?: number;
}

export const SCRIPTS: readonly Script[] = [
  { name: 'resize', steps: [{ ms: 300 }] },
  { name: 'email', steps: [{ ms: 100, fails: 'SMTP 421' }, { ms: 150 }] },
  { name: 'charge', steps: [{ ms: 150, fails: 'card declined' }] },
  { name: 'thumbnail', steps: [{ ms: 250 }] },
  { name: 'report', steps: [{ ms: 400 }, { ms: 200 }], timeoutMs: 250 },
  { name: 'webhook', steps: [{ ms: 100 }] },
];

export type Outcome = 'succeeded' | 'failed, will retry' | 'timed out, will retry' | 'failed: dead letter';

export interface Attempt {
  readonly job: string;
  readonly attempt: number;
  readonly worker: number;
  /** When the attempt could have started: the submit for the first, the end of the backoff for a retry. */
  readonly readyMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly outcome: Outcome;
  readonly error: string;
}

export interface Backoff {
  readonly job: string;
  /** The attempt that failed; the wait precedes attempt `after + 1`. */
  readonly after: number;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface TimelineRun {
  readonly attempts: readonly Attempt[];
  readonly backoffs: readonly Backoff[];
  readonly deadLetters: readonly { readonly job: string; readonly attempts: number; readonly failedAt: number }[];
  readonly endMs: number;
}

/** Gives each attempt the lowest free worker slot: a pure bookkeeping of who holds which slot. */
export class SlotAllocator {
  readonly #holders: (string | undefined)[];

  constructor(slots: number) {
    this.#holders = new Array<string | undefined>(slots).fill(undefined);
  }

  /** Takes the lowest free slot (1-based) for `holder`. */
  take(holder: string): number {
    const index = this.#holders.indexOf(undefined);
    if (index < 0) throw new Error(`No free slot for ${holder}: more attempts running than slots`);
    this.#holders[index] = holder;
    return index + 1;
  }

  /** Frees the slot `holder` took, and returns it. */
  release(holder: string): number {
    const index = this.#holders.indexOf(holder);
    if (index < 0) throw new Error(`${holder} holds no slot`);
    this.#holders[index] = undefined;
    return index + 1;
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runTimeline(): Promise<TimelineRun> {
  const time = new VirtualTime();
  return time.install(async () => {
    const attempts: Attempt[] = [];
    const backoffs: Backoff[] = [];
    const open = new Map<string, { attempt: number; worker: number; readyMs: number; startMs: number }>();
    const started = new Map<string, number>();
    const readyAt = new Map<string, number>();
    const waiting = new Map<string, { after: number; fromMs: number }>();
    const slots = new SlotAllocator(WORKERS);

    const handler = (script: Script, { attempt, signal }: JobContext) =>
      new Promise<string>((resolve, reject) => {
        const step = script.steps[Math.min(attempt, script.steps.length) - 1] ?? { ms: 0 };
        const timer = time.setTimeout(() => {
          if (step.fails === undefined) resolve('ok');
          else reject(new Error(step.fails));
        }, step.ms);
        signal.addEventListener('abort', () => {
          time.clearTimeout(timer);
          reject(signal.reason);
        });
      });

    const processor = JobProcessorFactory.create(ProcessingStrategy.FIFO, {
      maxWorkers: WORKERS,
      now: time.now,
      retry: RETRY,
      onStateChange: ({ job, from, to }) => {
        const name = (job.payload as Script).name;
        const at = time.now();
        if (from === null) readyAt.set(job.id, at);
        if (to === 'running') {
          // Counted here: the listener runs before the processor's own `attempts` is incremented.
          const attempt = (started.get(job.id) ?? 0) + 1;
          started.set(job.id, attempt);
          const readyMs = readyAt.get(job.id) ?? at;
          open.set(job.id, { attempt, worker: slots.take(job.id), readyMs, startMs: at });
          return;
        }
        if (from === 'delayed' && to === 'queued') {
          const wait = waiting.get(job.id);
          if (wait !== undefined) backoffs.push({ job: name, after: wait.after, fromMs: wait.fromMs, toMs: at });
          readyAt.set(job.id, at);
          waiting.delete(job.id);
          return;
        }
        if (from !== 'running') return;
        const attempt = open.get(job.id);
        if (attempt === undefined) return;
        open.delete(job.id);
        slots.release(job.id);
        const error = to === 'succeeded' ? '' : message(job.errors[job.errors.length - 1]);
        const timedOut = job.errors[job.errors.length - 1] instanceof TimeoutError;
        const outcome: Outcome =
          to === 'succeeded'
            ? 'succeeded'
            : to === 'delayed' || to === 'queued'
              ? timedOut
                ? 'timed out, will retry'
                : 'failed, will retry'
              : 'failed: dead letter';
        if (to === 'delayed') waiting.set(job.id, { after: attempt.attempt, fromMs: at });
        if (to === 'queued') readyAt.set(job.id, at);
        attempts.push({ job: name, ...attempt, endMs: at, outcome, error });
      },
    });

    for (const script of SCRIPTS) {
      const options = script.timeoutMs === undefined ? {} : { timeoutMs: script.timeoutMs };
      processor.submit(handler, script, options);
    }
    const idle = processor.onIdle();
    await time.runAll(60_000);
    await idle;
    const deadLetters = processor.deadLetters().map((letter) => ({
      job: (letter.payload as Script).name,
      attempts: letter.attempts,
      failedAt: letter.failedAt,
    }));
    await processor.close();
    attempts.sort((a, b) => a.startMs - b.startMs || a.worker - b.worker);
    return { attempts, backoffs, deadLetters, endMs: time.now() };
  });
}

/** Greedy interval partitioning: each interval (in start order) goes to the lowest lane free at its start. */
export function packLanes(intervals: readonly { readonly fromMs: number; readonly toMs: number }[]): number[] {
  const laneEnds: number[] = [];
  return intervals.map(({ fromMs, toMs }) => {
    let lane = laneEnds.findIndex((end) => end <= fromMs);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = toMs;
    return lane + 1;
  });
}

const OUTCOMES: readonly Outcome[] = [
  'succeeded',
  'failed, will retry',
  'timed out, will retry',
  'failed: dead letter',
];
const OUTCOME_COLOURS = ['#59a14f', '#f28e2b', '#edc948', '#e15759'];

function spec(run: TimelineRun): TopLevelSpec {
  const backoffLanes = packLanes(run.backoffs);
  const lanes = [
    ...Array.from({ length: WORKERS }, (_, i) => `worker ${i + 1}`),
    ...Array.from({ length: Math.max(0, ...backoffLanes) }, (_, i) => `backoff ${i + 1}`),
  ];
  const attempts = run.attempts.map((a) => ({
    ...a,
    lane: `worker ${a.worker}`,
    mid: (a.startMs + a.endMs) / 2,
    label: `${a.job} #${a.attempt}`,
  }));
  const backoffs = run.backoffs.map((b, i) => ({
    ...b,
    lane: `backoff ${backoffLanes[i]}`,
    mid: (b.fromMs + b.toMs) / 2,
    label: `${b.job} waits ${b.toMs - b.fromMs} ms`,
  }));
  const dead = run.deadLetters.map((letter) => {
    const last = run.attempts.find((a) => a.job === letter.job && a.attempt === letter.attempts);
    return { ...letter, lane: `worker ${last?.worker ?? 1}`, label: `${letter.job} → dead-letter queue` };
  });
  const x = {
    type: 'quantitative',
    title: 'Time (ms, virtual clock)',
    scale: { domain: [0, Math.ceil((run.endMs + 400) / 100) * 100] },
  };
  const y = { field: 'lane', type: 'ordinal', title: null, scale: { domain: lanes } };
  const label = { type: 'text', fontSize: 10, baseline: 'middle' };
  return {
    title: {
      text: 'Job timeline: 2 workers, 3 attempts, exponential backoff (200 ms, 400 ms)',
      subtitle: [
        'solutions/job-processor on a virtual clock; six jobs submitted at t=0 in FIFO order; "report" has a 250 ms timeout.',
        'Bars in worker rows are attempts; bars in backoff rows are the waits before a retry (npm run figures).',
      ],
    },
    width: 820,
    height: 34 * lanes.length,
    layer: [
      {
        data: { values: backoffs },
        mark: { type: 'bar', color: '#eee', stroke: '#999', strokeDash: [3, 2], height: 22 },
        encoding: { x: { ...x, field: 'fromMs' }, x2: { field: 'toMs' }, y },
      },
      {
        data: { values: backoffs },
        mark: { ...label, align: 'center', color: '#555' },
        encoding: { x: { ...x, field: 'mid' }, y, text: { field: 'label' } },
      },
      {
        data: { values: attempts },
        mark: { type: 'bar', height: 22, stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { ...x, field: 'startMs' },
          x2: { field: 'endMs' },
          y,
          color: {
            field: 'outcome',
            type: 'nominal',
            title: 'Attempt',
            scale: { domain: OUTCOMES, range: OUTCOME_COLOURS },
            legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 240 },
          },
        },
      },
      {
        data: { values: attempts },
        mark: { ...label, align: 'center', color: 'black' },
        encoding: { x: { ...x, field: 'mid' }, y, text: { field: 'label' } },
      },
      {
        data: { values: dead },
        mark: { ...label, align: 'left', dx: 6, fontWeight: 'bold', color: '#c00' },
        encoding: { x: { ...x, field: 'failedAt' }, y, text: { field: 'label' } },
      },
    ],
  } as unknown as TopLevelSpec;
}

/** One line of the scenario, e.g. "- report (timeout 250 ms): attempt 1 takes 400 ms; attempt 2 on: 200 ms, succeeds". */
function describeScript(script: Script): string {
  const step = ({ ms, fails }: Step) => {
    if (script.timeoutMs !== undefined && ms >= script.timeoutMs) return `takes ${ms} ms`;
    return `${ms} ms, ${fails === undefined ? 'succeeds' : `fails (${fails})`}`;
  };
  const steps =
    script.steps.length === 1
      ? `every attempt ${step(script.steps[0] ?? { ms: 0 })}`
      : script.steps
          .map((s, i) => `attempt ${i + 1}${i === script.steps.length - 1 ? ' on' : ''}: ${step(s)}`)
          .join('; ');
  return `- ${script.name}${script.timeoutMs === undefined ? '' : ` (timeout ${script.timeoutMs} ms)`}: ${steps}`;
}

export async function jobTimelineFigure(): Promise<Figure> {
  const run = await runTimeline();
  const log = markdownTable(
    ['Job', 'Attempt', 'Worker', 'Ready at', 'Started', 'Ended', 'Outcome', 'Error'],
    run.attempts.map((a) => [
      a.job,
      `${a.attempt}`,
      `${a.worker}`,
      `${a.readyMs}`,
      `${a.startMs}`,
      `${a.endMs}`,
      a.outcome,
      a.error === '' ? '' : `\`${a.error}\``,
    ]),
  );
  const waits = markdownTable(
    ['Job', 'After attempt', 'Backoff from', 'Ready at', 'Wait (ms)'],
    run.backoffs.map((b) => [b.job, `${b.after}`, `${b.fromMs}`, `${b.toMs}`, `${b.toMs - b.fromMs}`]),
  );
  const dead = run.deadLetters.map((d) => `${d.job} after ${d.attempts} attempts at t=${d.failedAt} ms`).join('; ');
  const markdown = [
    '# Job timeline',
    '',
    'Generated by `npm run figures` from `solutions/job-processor` on a virtual clock (see',
    '`scripts/figures/job-timeline.ts`): `maxWorkers: ' +
      WORKERS +
      '`, FIFO, `retry: { attempts: ' +
      RETRY.attempts +
      ', baseDelayMs: ' +
      RETRY.baseDelayMs +
      ", jitter: 'none' }`.",
    'Six jobs are submitted at t=0 in this order, each attempt scripted (duration, then success or failure):',
    '',
    ...SCRIPTS.map(describeScript),
    '',
    'Worker numbers are slots (the processor only bounds how many jobs run at once): each attempt takes the',
    'lowest free one. All times in ms.',
    '',
    '## Attempts',
    '',
    log,
    '',
    '## Backoff waits',
    '',
    waits,
    '',
    `## Dead letters`,
    '',
    `${dead}. Every job had finished by t=${run.endMs} ms.`,
    '',
  ].join('\n');
  const summary = [
    `Job timeline: ${run.attempts.length} attempts of ${SCRIPTS.length} jobs on ${WORKERS} workers, ` +
      `${run.backoffs.length} retries, dead letter: ${dead}; idle at t=${run.endMs} ms`,
  ];
  return { name: 'job-timeline', svg: await renderSvg(spec(run)), markdown, summary };
}
