/**
 * What the workbook shipped: `scripts/shipped.json` lists the git blob id of every stub file (katas/) and spec
 * file (specs/). Two uses:
 *   - honest passing: a spec file whose content no longer matches is "edited", and runs against it are marked;
 *   - reset: the shipped stub is read back from git by its blob id, whatever the learner committed since.
 * `npm run shipped` rewrites the list; `npm test` fails when it is out of date. `KATA_SHIPPED_FILE` points the
 * runner at another list (the runner's tests use it to simulate an edited spec without editing one).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exists, filesBelow, repoRoot } from './paths.ts';

export interface Shipped {
  readonly description: string;
  /** Repository-relative path → git blob id (sha1 of "blob <size>\0<content>"). */
  readonly files: Readonly<Record<string, string>>;
}

export const shippedPath = join(repoRoot, 'scripts/shipped.json');

export function shippedFile(): string {
  const override = process.env.KATA_SHIPPED_FILE;
  return override === undefined || override === '' ? shippedPath : override;
}

/** The id git gives this content as a blob: `git hash-object`, computed without git. */
export function blobId(content: Buffer | string): string {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function loadShipped(): Shipped {
  const file = shippedFile();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the list of shipped files ${file}: ${String(error)}`);
  }
  const files = (parsed as { files?: unknown }).files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    throw new Error(`${file} is not a list of shipped files (no "files" object)`);
  }
  return parsed as Shipped;
}

/** Files below the repository folder `dir`, repository-relative. */
const repoFilesBelow = (dir: string): string[] => filesBelow(join(repoRoot, dir)).map((file) => join(dir, file));

/** The spec files that count for a kata: its own folder and the shared support. */
export function specFilesOf(id: string): string[] {
  return [...repoFilesBelow(`specs/${id}`), ...repoFilesBelow('specs/support')];
}

/**
 * Spec files of a kata that differ from what shipped: changed, added or removed. Empty when honest. When no list
 * of shipped files can be read, says so as one entry rather than guessing.
 */
export function editedSpecs(id: string): string[] {
  let shipped: Shipped;
  try {
    shipped = loadShipped();
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const prefixes = [`specs/${id}/`, 'specs/support/'];
  const expected = Object.keys(shipped.files).filter((path) => prefixes.some((prefix) => path.startsWith(prefix)));
  const actual = specFilesOf(id);
  const edited: string[] = [];
  for (const path of actual) {
    const id = shipped.files[path];
    if (id === undefined) edited.push(`${path} (added)`);
    else if (blobId(readFileSync(join(repoRoot, path))) !== id) edited.push(`${path} (changed)`);
  }
  for (const path of expected) if (!actual.includes(path)) edited.push(`${path} (removed)`);
  return edited;
}

/** The shipped stub files of a kata: path inside the kata folder → blob id. */
export function shippedStub(id: string): Map<string, string> {
  const prefix = `katas/${id}/`;
  const files = new Map<string, string>();
  for (const [path, blob] of Object.entries(loadShipped().files)) {
    if (path.startsWith(prefix)) files.set(path.slice(prefix.length), blob);
  }
  return files;
}

/** Reads a shipped file's content from git by its blob id. */
export function readBlob(blob: string): Buffer {
  try {
    return execFileSync('git', ['cat-file', 'blob', blob], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new Error(
      `git has no object ${blob}: this is not a clone of the workbook, or its history is incomplete. ` +
        'Clone the workbook again to get the stubs back; nothing was changed.',
    );
  }
}

/** The manifest as it should be for the working tree: committed stubs (git HEAD) and current specs. */
export function computeShipped(): Shipped {
  const files: Record<string, string> = {};
  const tracked = execFileSync('git', ['ls-files', '-z', 'katas'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '');
  const working = repoFilesBelow('katas');
  for (const path of [...new Set([...tracked, ...working])].sort()) {
    let content: Buffer;
    try {
      content = execFileSync('git', ['show', `HEAD:${path}`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // Not committed yet: the working copy is what will ship.
      if (!exists(join(repoRoot, path))) continue;
      content = readFileSync(join(repoRoot, path));
    }
    files[path] = blobId(content);
  }
  for (const path of repoFilesBelow('specs')) files[path] = blobId(readFileSync(join(repoRoot, path)));
  return {
    description:
      'What the workbook shipped: git blob ids of the stubs (katas/) and specs (specs/). Written by `npm run shipped`; used by reset and to mark runs against edited specs.',
    files,
  };
}
