/** What every command line here shares: failing with a clear message, and finding the kata named. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { catalog, findKata, type Kata } from '../catalog.ts';
import { red } from './render.ts';
import { unknownName } from './suggest.ts';

/** Prints the message in red to stderr and exits (2: the command line was wrong). */
export function fail(message: string, code = 2): never {
  process.stderr.write(`${red(message)}\n`);
  process.exit(code);
}

/** `parseArgs` that turns a bad option into a usage message instead of a stack trace. */
export function parseCommandLine<const Options extends NonNullable<ParseArgsConfig['options']>>(
  options: Options,
  usage: string,
) {
  try {
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

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
