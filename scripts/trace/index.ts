/** `npm run trace`: runs operations against a kata's implementation and records its state after each one. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { show } from '../../specs/support/show.ts';
import { katasDir, repoRoot, solutionsDir, subfolders } from '../lib/paths.ts';
import { bold, cyan, dim, red, yellow } from '../lib/render.ts';
import { suggest } from '../lib/suggest.ts';
import { type Located, parseOperations } from './parse.ts';
import { type Clock, type Instance, type Subject, subjects, Text } from './subjects.ts';
import { TraceInputError } from './tokens.ts';

export { TraceInputError };

/** The implementation under trace is the shipped stub (or throws "not implemented" where the trace needs it). */
export class NotImplementedYet extends Error {
  override name = 'NotImplementedYet';
}

export interface TracedStep {
  readonly number: number;
  readonly text: string;
  readonly kind: 'setup' | 'clock' | 'call' | 'read' | 'skip';
  readonly t: number;
  readonly result?: string;
  readonly note?: string;
  readonly events: readonly string[];
  readonly state: readonly string[];
}

export interface Trace {
  readonly subject: Subject;
  readonly file: string;
  /** The setup used when the input gives none. */
  readonly defaultSetup?: string;
  readonly steps: readonly TracedStep[];
}

export const supported = subjects.map((subject) => subject.id);
const clockOps = new Map<string, 'by' | 'to'>([
  ['tick', 'by'],
  ['advance', 'by'],
  ['wait', 'by'],
  ['sleep', 'by'],
  ['clock', 'to'],
  ['at', 'to'],
]);

export function subjectFor(id: string): Subject {
  const subject = subjects.find((candidate) => candidate.id === id);
  if (subject !== undefined) return subject;
  const katas = subfolders(katasDir);
  if (katas.includes(id)) {
    throw new TraceInputError(
      `'${id}' has no trace yet. Supported: ${supported.join(', ')}. ` +
        'For the systems, npm run demo <cache|rate-limiter|job-processor> narrates a run.',
    );
  }
  const close = suggest(id, supported);
  const guess = close.length === 0 ? '' : ` Did you mean ${close.map((name) => `'${name}'`).join(' or ')}?`;
  throw new TraceInputError(`Unknown kata '${id}'.${guess} Supported: ${supported.join(', ')}.`);
}

const notImplemented = (error: unknown) => error instanceof Error && /not implemented/i.test(error.message);

/** Runs `input` (either syntax) against `<implDir>/<id>/index.ts` and returns every step with the state after it. */
export async function trace(id: string, input: string, implDir: string = solutionsDir): Promise<Trace> {
  const subject = subjectFor(id);
  const operations = parseOperations(input);
  if (operations.length === 0) throw new TraceInputError('No operations given.');
  const file = join(implDir, id, 'index.ts');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new TraceInputError(`Could not load ${shortPath(file)}: ${error instanceof Error ? error.message : error}`);
  }
  const clock: Clock = { t: 0 };
  let instance: Instance | undefined;
  let defaultSetup: string | undefined;
  const steps: TracedStep[] = [];
  const guard = <T>(what: string, body: () => T): T => {
    try {
      return body();
    } catch (error) {
      if (notImplemented(error)) {
        throw new NotImplementedYet(
          `${shortPath(file)} is not implemented yet (${what}: ${(error as Error).message}). ` +
            'Trace the reference without --impl, or implement level 1 first.',
        );
      }
      throw error;
    }
  };
  const build = (setup: Located | undefined): Instance => {
    try {
      return guard('the constructor', () =>
        subject.create(module, setup?.step.kind === 'setup' ? setup.step.args : undefined, clock),
      );
    } catch (error) {
      if (error instanceof NotImplementedYet) throw error;
      const message = error instanceof TraceInputError ? error.message : `threw ${show(error)}`;
      const where =
        setup === undefined
          ? 'The default setup'
          : `Operation ${setup.number} (line ${setup.line}, column ${setup.column}) \`${setup.text}\``;
      throw new TraceInputError(`${where}: ${message}`);
    }
  };
  const stateOf = (current: Instance) => guard('reading its state', () => current.state());

  for (const located of operations) {
    const { step } = located;
    const base = {
      number: located.number,
      text: located.text,
      ...(located.note === undefined ? {} : { note: located.note }),
    };
    if (step.kind === 'setup') {
      if (instance !== undefined) throw positioned(located, 'a second setup: one trace builds one object');
      if (step.className !== 'new' && step.className !== 'from' && !subject.classes.includes(step.className)) {
        throw positioned(
          located,
          `this trace is of ${subject.id}, which is built with ${subject.classes.join(' or ')}`,
        );
      }
      if (step.className === 'from' && subject.id !== 'priority-queue') {
        throw positioned(located, "'from' builds a priority queue; use 'new'");
      }
      instance = build(located);
      steps.push({ ...base, kind: 'setup', t: clock.t, result: instance.built, events: [], state: stateOf(instance) });
      continue;
    }
    const clockOp = clockOps.get(step.name);
    if (clockOp !== undefined) {
      const [amount] = step.args;
      if (typeof amount !== 'number' || step.args.length !== 1 || !Number.isFinite(amount)) {
        throw positioned(located, `'${step.name}' takes one number of milliseconds`);
      }
      const before = clock.t;
      clock.t = clockOp === 'by' ? clock.t + amount : amount;
      const moved = clock.t < before ? ' (the clock went back)' : '';
      steps.push({
        ...base,
        kind: 'clock',
        t: clock.t,
        result: `t = ${clock.t}${moved}`,
        events: [],
        state: instance === undefined ? [] : stateOf(instance),
      });
      continue;
    }
    if (step.name === '') {
      steps.push({ ...base, kind: 'skip', t: clock.t, events: [], state: [] });
      continue;
    }
    if (instance === undefined) {
      instance = build(undefined);
      defaultSetup = instance.built;
    }
    const current = instance;
    const operation = current.operations.find(
      (candidate) => candidate.name === step.name || candidate.aliases.includes(step.name),
    );
    if (operation === undefined) {
      const names = current.operations.map((candidate) => candidate.name);
      const close = suggest(step.name, [...names, ...current.operations.flatMap((candidate) => candidate.aliases)]);
      const guess = close.length === 0 ? '' : ` Did you mean '${close[0]}'?`;
      throw positioned(
        located,
        `unknown operation '${step.name}' for ${subject.id}.${guess} Operations: ${names.join(', ')}, tick <ms>, at <ms>.`,
      );
    }
    let result: string;
    try {
      const value = guard(operation.name, () => operation.run(step.args));
      result = value instanceof Text ? value.text : show(value);
    } catch (error) {
      if (error instanceof NotImplementedYet) throw error;
      if (error instanceof TraceInputError) throw positioned(located, error.message);
      result = `threw ${show(error)}`;
    }
    steps.push({
      ...base,
      kind: step.inspect ? 'read' : 'call',
      t: clock.t,
      result,
      events: current.drainEvents(),
      state: stateOf(current),
    });
  }
  return { subject, file, ...(defaultSetup === undefined ? {} : { defaultSetup }), steps };
}

function positioned(located: Located, message: string): TraceInputError {
  return new TraceInputError(
    `Operation ${located.number} (line ${located.line}, column ${located.column}) \`${located.text}\`: ${message}`,
  );
}

function shortPath(file: string): string {
  const inside = relative(repoRoot, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

/** The trace as text, one block per step. */
export function renderTrace(traced: Trace): string[] {
  const timed =
    !['lru', 'lfu', 'fifo', 'priority-queue'].includes(traced.subject.id) ||
    traced.steps.some((step) => step.kind === 'clock' || step.t !== 0);
  const lines: string[] = [
    bold(`trace ${traced.subject.id}`) + dim(` · ${shortPath(traced.file)} · ${traced.steps.length} steps`),
  ];
  if (traced.defaultSetup !== undefined) lines.push(dim(`(no setup given: ${traced.defaultSetup})`));
  if (traced.subject.id === 'priority-queue') {
    lines.push(dim('(items { p, id } shown as p#id; the children of index i are at 2i + 1 and 2i + 2)'));
  }
  const width = String(traced.steps.length).length;
  for (const step of traced.steps) {
    const head = `${String(step.number).padStart(width)}  ${step.text}`;
    lines.push('');
    if (step.kind === 'skip') {
      lines.push(dim(`${head}   (nothing to trace)`));
      continue;
    }
    lines.push(`${cyan(head)}${timed ? dim(`   t=${step.t}`) : ''}`);
    const pad = ' '.repeat(width + 2);
    const quiet =
      step.kind === 'call' && step.result === 'undefined' && /^(put|set|clear)\b/.test(step.text.replace(/^\w+\./, ''));
    if (step.result !== undefined && !quiet) {
      const arrow = step.kind === 'setup' ? '= ' : step.kind === 'clock' ? '' : '→ ';
      const note = step.note === undefined ? '' : dim(`   replay said: ${step.note}${verdict(step.note, step.result)}`);
      lines.push(`${pad}${arrow}${step.result}${note}`);
    }
    for (const event of step.events) lines.push(`${pad}${yellow(event)}`);
    if (step.kind !== 'read') for (const line of step.state) lines.push(`${pad}${dim('│')} ${line}`);
  }
  return lines;
}

/** For a replay's failing line (`expected X, got Y`): which side this implementation agrees with. */
function verdict(note: string, result: string): string {
  if (note === `-> ${result}`) return ' (the same)';
  const match = /^expected (.*), got (.*)$/.exec(note);
  if (match === null) return '';
  if (match[1] === result) return ' (this implementation gives the expected value)';
  if (match[2] === result) return ' (this implementation gives the same wrong value)';
  return '';
}

export function helpText(): string {
  const rows = subjects.map((subject) => `  ${subject.id.padEnd(24)} e.g. "${subject.example}"`);
  return [
    'Usage: npm run trace <id> "<operations>" [-- --impl katas|<dir>]',
    '       npm run trace <id> -- --file <path>      (or - to read standard input)',
    '',
    'Steps through a kata and prints its state after every operation: the recency list of an LRU, the',
    'frequency buckets of an LFU, the queue of a FIFO, expiry times, the tokens of a bucket over time, the',
    'counts of a window, the heap of a priority queue as an array and as a tree.',
    '',
    'Operations, separated by ; or new lines:',
    '  <name> <arg>… <option>=<value>…   e.g. put 1 a · put 2 b ttl=50 · get 1 · hit alice 2 · push 5',
    '  tick <ms>                         move the clock forward (negative: back); at <ms> sets it',
    '  new <arg>… <option>=<value>…      first, to build with other settings (default shown below)',
    "  Arguments are numbers, words or 'quoted strings'. Cache keys that look like numbers are numbers.",
    '  Limiters: hit [key] [cost] — a word is the key, a number the cost (hit · hit 2 · hit alice 2);',
    '           peek [key] is tryAcquire(key, 0). Priority queue: push <priority> makes the item { p, id },',
    '           remove/update take the number of the push (0 for the first), like handles[i] in a replay.',
    '',
    'Or paste the replay a failing property test prints (the whole message is fine), e.g.',
    '    const cache = new LRUCache<number, string>(2);',
    "    cache.put(1, 'a');",
    "    cache.get(1); // -> 'a'",
    '    t += 5; // t = 5',
    '  It is parsed, never run: calls on the object, `let t = …`, `t += …`, literals and arrow functions.',
    '',
    'Katas and their operations:',
    ...subjects.map(
      (subject) => `  ${subject.id.padEnd(24)} ${subject.defaults.padEnd(28)} ${operationNames(subject).join(', ')}`,
    ),
    '',
    'Examples:',
    ...rows,
    '',
    'Options:',
    '  --impl <dir>   trace another implementation folder: katas (your code) or a path (default: solutions)',
    '  --file <path>  read the operations from a file; - reads standard input',
  ].join('\n');
}

function operationNames(subject: Subject): string[] {
  const instance = subject.create(moduleForHelp(subject), undefined, { t: 0 });
  return instance.operations.map((operation) => operation.name);
}

/** A stand-in module for listing operation names in the help, without loading any implementation. */
function moduleForHelp(subject: Subject): Record<string, unknown> {
  class Anything {
    static from() {
      return new Anything();
    }
    [key: string]: unknown;
  }
  return Object.fromEntries(subject.classes.map((name) => [name.replace('.from', ''), Anything]));
}

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly stdin?: () => Promise<string>;
}

/** The command line: returns the exit code (0 traced, 1 not implemented yet, 2 bad input). */
export async function runTrace(args: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(args);
  } catch (error) {
    io.err(red(error instanceof Error ? error.message : String(error)));
    io.err('Usage: npm run trace <id> "<operations>" [-- --impl katas|<dir>]   (npm run trace -- --help)');
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(helpText());
    return 0;
  }
  const [id, operations, extra] = positionals;
  try {
    if (id === undefined) throw new TraceInputError(`Which kata? Supported: ${supported.join(', ')}.`);
    subjectFor(id);
    if (extra !== undefined) throw new TraceInputError(`Unexpected argument '${extra}' (quote the operations).`);
    const input = await readInput(operations, values.file, io);
    const traced = await trace(id, input, implDirOf(values.impl));
    for (const line of renderTrace(traced)) io.out(line);
    return 0;
  } catch (error) {
    if (error instanceof NotImplementedYet) {
      io.err(yellow(error.message));
      return 1;
    }
    if (error instanceof TraceInputError) {
      io.err(red(error.message));
      io.err(dim('npm run trace -- --help shows the operations of every kata.'));
      return 2;
    }
    throw error;
  }
}

function parseCli(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { impl: { type: 'string' }, file: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

function implDirOf(given: string | undefined): string {
  if (given === undefined || given === 'solutions') return solutionsDir;
  if (given === 'katas') return katasDir;
  return isAbsolute(given) ? given : resolve(process.cwd(), given);
}

async function readInput(operations: string | undefined, file: string | undefined, io: Io): Promise<string> {
  if (file !== undefined && operations !== undefined && operations !== '-') {
    throw new TraceInputError('Give the operations either inline or with --file, not both.');
  }
  const source = file ?? operations;
  if (source === undefined) throw new TraceInputError('No operations given: quote them, or use --file <path> or -.');
  if (source === '-') {
    if (io.stdin === undefined) throw new TraceInputError('Standard input is not available.');
    return io.stdin();
  }
  if (file === undefined) return source;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TraceInputError(`Could not read ${file}: ${(error as Error).message}`);
  }
}
