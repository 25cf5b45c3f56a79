/**
 * npm run reset <id>                        back up your kata folder, then put the shipped stub back
 * npm run reset <id> -- --list              your backups of that kata, oldest first
 * npm run reset <id> -- --restore [name|n]  bring a backup back (the latest by default); the folder as it is
 *                                           now is backed up first
 * Backups live in .kata/backups/<id>/<time>/. Nothing is ever deleted without a copy. --impl D (or
 * KATA_IMPL_DIR) works on the folder D laid out like katas/ instead of katas/.
 */
import { join, relative } from 'node:path';
import { fail, kataOrExit, parseCommandLine } from './lib/cli.ts';
import { repoRoot, resolveImplDir } from './lib/paths.ts';
import { bold, dim, green } from './lib/render.ts';
import { type Backup, listBackups, resetToStub, restoreBackup } from './lib/workspace.ts';

const usage = 'Usage: npm run reset <id> [-- --list | --restore [<name>|<n>]] [--impl <dir>]';

const { values, positionals } = parseCommandLine(
  {
    list: { type: 'boolean', default: false },
    restore: { type: 'boolean', default: false },
  },
  usage,
);
const [id, which, ...extra] = positionals;
const kata = kataOrExit(id, usage);
if (extra.length > 0 || (which !== undefined && !values.restore))
  fail(`Unexpected: ${positionals.slice(1).join(' ')}\n${usage}`);
const implDir = resolveImplDir(values.impl ?? process.env.KATA_IMPL_DIR);
const shown = (path: string) => relative(process.cwd(), path) || path;
const folder = shown(join(implDir, kata.id));

function pick(backups: readonly Backup[], wanted: string | undefined): Backup {
  if (backups.length === 0) fail(`No backups of ${kata.id} yet.`);
  if (wanted === undefined) return backups.at(-1) as Backup;
  const byNumber = /^\d+$/.test(wanted) ? backups[Number(wanted) - 1] : undefined;
  const found = byNumber ?? backups.find((backup) => backup.name === wanted || backup.name.startsWith(wanted));
  if (found === undefined) fail(`No backup '${wanted}' of ${kata.id}. See: npm run reset ${kata.id} -- --list`);
  return found;
}

try {
  if (values.list) {
    const backups = listBackups(kata.id);
    if (backups.length === 0) {
      process.stdout.write(`No backups of ${kata.id} yet.\n`);
    } else {
      process.stdout.write(
        `${bold(`Backups of ${kata.id}`)} ${dim(`(${shown(join(repoRoot, '.kata'))} or KATA_STATE_DIR)`)}\n`,
      );
      backups.forEach((backup, index) => {
        process.stdout.write(`${String(index + 1).padStart(3)}  ${backup.name}  ${dim(backup.files.join(', '))}\n`);
      });
      process.stdout.write(`\nBring one back: npm run reset ${kata.id} -- --restore <n>\n`);
    }
  } else if (values.restore) {
    const backup = pick(listBackups(kata.id), which);
    const safety = restoreBackup(implDir, kata.id, backup);
    process.stdout.write(
      `${green('Restored')} ${backup.name} into ${folder}.\nWhat was there is backed up in ${shown(safety)}.\n`,
    );
  } else {
    const backup = resetToStub(implDir, kata.id);
    process.stdout.write(
      backup === undefined
        ? `${folder} already is the stub; nothing to do.\n`
        : `${green('Reset')} ${folder} to the stub.\nYour work is backed up in ${shown(backup)} (npm run reset ${kata.id} -- --restore brings it back).\n`,
    );
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
