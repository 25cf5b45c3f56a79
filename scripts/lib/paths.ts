/** Where things are. Every path the scripts use is derived here. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const katasDir = join(repoRoot, 'katas');
export const solutionsDir = join(repoRoot, 'solutions');
export const specsDir = join(repoRoot, 'specs');

/** The learner's state (progress, backups): git-ignored. */
export const stateDir = join(repoRoot, '.kata');

/** Resolves a user-given implementation folder (`--impl`, `KATA_IMPL_DIR`) against the current directory. */
export function resolveImplDir(given: string | undefined): string {
  if (given === undefined || given === '') return katasDir;
  return isAbsolute(given) ? given : resolve(process.cwd(), given);
}

/** The file a learner edits for a kata, inside an implementation folder. */
export function kataFile(implDir: string, id: string): string {
  return join(implDir, id, 'index.ts');
}

export function specFilter(id: string): string {
  return `specs/${id}/`;
}

export function exists(path: string): boolean {
  return existsSync(path);
}

/** The names of the folders directly inside `dir`; none when `dir` does not exist. */
export function subfolders(dir: string): string[] {
  return exists(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];
}

/** Every file below `dir` (recursively), as paths relative to `dir`, sorted; none when `dir` does not exist. */
export function filesBelow(dir: string): string[] {
  if (!exists(dir)) return [];
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}
