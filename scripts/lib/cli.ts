/** What every command line here shares: failing with a clear message, and finding the kata named. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { redisKatas } from '../../specs/support/redis/katas.ts';
import { catalog, findKata, type Kata } from '../catalog.ts';
import { red, yellow } from './render.ts';
import { unknownName } from './suggest.ts';

/** Prints the message in red to stderr and exits (2: the command line was wrong). */
export function fail(message: string, code = 2): never {
  process.stderr.write(`${red(message)}\n`);
  process.exit(code);
}

/**
 * `parseArgs` with what every command shares: `--help`/`-h` prints the usage and exits, `--impl <dir>` names the
 * folder tested instead of katas/, and a bad option becomes a usage message instead of a stack trace.
 */
export function parseCommandLine<const Options extends NonNullable<ParseArgsConfig['options']>>(
  options: Options,
  usage: string,
) {
  const config = { allowPositionals: true as const, options: { ...options, ...shared } };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

const shared = {
  impl: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The kata with this id, or an exit with "Unknown kata … Did you mean …". */
export function kataOrExit(id: string | undefined, usage: string): Kata {
  if (id === undefined) fail(`Name a kata.\n${usage}`);
  const kata = findKata(id);
  if (kata === undefined) {
    fail(
      unknownName(
        'kata',
        id,
        catalog.map((entry) => entry.id),
      ),
    );
  }
  return kata;
}

/**
 * For a kata whose specs need Redis: exits with what is missing and how to install it (every test would only be
 * skipped), or warns about the specs that will be skipped (a REDIS_URL server has no settable clock).
 */
export async function redisOrExit(kata: Kata): Promise<void> {
  if (!(redisKatas as readonly string[]).includes(kata.id)) return;
  // Loaded only for a Redis kata: every other command starts without it.
  const { describeAvailability, findRedis } = await import('../../specs/support/redis/availability.ts');
  const found = await findRedis();
  const line = describeAvailability(found, [kata.id]);
  if (found.kind === 'missing') fail(`${kata.title} runs against a real Redis.\n${line}`, 1);
  if (line !== undefined) process.stderr.write(`${yellow(line)}\n`);
}
