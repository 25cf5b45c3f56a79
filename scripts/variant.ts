/**
 * npm run variant <id>                          the known-buggy variants of a kata: name, the mistake, the test
 *                                               that kills it
 * npm run variant <id> <name> [-- --out <dir>]  writes that variant as <dir>/<id>/index.ts (a new temporary folder
 *                                               by default) and says how to run the spec against it
 * A variant is the reference with one plausible mistake (specs/<id>/buggy.ts); running the spec against one shows
 * which test catches the mistake, and why.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { variantCode, variantsOf } from '../specs/support/buggy.ts';
import { fail, kataOrExit, parseCommandLine } from './lib/cli.ts';
import { bold, dim } from './lib/render.ts';
import { unknownName } from './lib/suggest.ts';

const usage = 'Usage: npm run variant <id> [<variant>] [-- --out <dir>]';
const { values, positionals } = parseCommandLine({ out: { type: 'string' } }, usage);
const [id, name, ...extra] = positionals;
const kata = kataOrExit(id, usage);
if (extra.length > 0) fail(`Unexpected: ${extra.join(' ')}\n${usage}`);
const variants = await variantsOf(kata.id);

if (name === undefined) {
  process.stdout.write(
    `${bold(`${variants.length} known-buggy variants of ${kata.id}`)} (specs/${kata.id}/buggy.ts)\n\n`,
  );
  for (const variant of variants) {
    process.stdout.write(`${bold(variant.name)}\n  ${variant.bug}\n  ${dim(`killed by: "${variant.killedBy}"`)}\n`);
  }
  process.stdout.write(`\n${dim(`Write one out: npm run variant ${kata.id} <name>`)}\n`);
  process.exit(0);
}

const variant = variants.find((entry) => entry.name === name);
if (variant === undefined) {
  fail(
    unknownName(
      `variant of ${kata.id}`,
      name,
      variants.map((entry) => entry.name),
    ),
  );
}
const dir =
  values.out === undefined ? mkdtempSync(join(tmpdir(), `kata-variant-${variant.name}-`)) : resolve(values.out);
mkdirSync(join(dir, kata.id), { recursive: true });
const file = join(dir, kata.id, 'index.ts');
writeFileSync(file, variantCode(kata.id, variant));
const inside = relative(process.cwd(), dir);
const shown = inside === '' || inside.startsWith('..') ? dir : inside;
process.stdout.write(
  `Wrote ${variant.name} to ${file}\n  ${variant.bug}\n  killed by: "${variant.killedBy}"\n\n` +
    `Run the spec against it:\n  npm run kata ${kata.id} -- --once --all --impl ${shown}\n` +
    `  KATA_IMPL_DIR=${shown} npx vitest run specs/${kata.id}\n`,
);
