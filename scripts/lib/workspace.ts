/**
 * The learner's kata folder and its backups. Nothing here deletes work without a copy: every reset or restore
 * first copies the folder as it is to `.kata/backups/<id>/<time>/`.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { now } from './clock.ts';
import { exists, filesBelow } from './paths.ts';
import { blobId, readBlob, shippedStub } from './shipped.ts';
import { stateFolder } from './store.ts';

/** How the learner's folder differs from the shipped stub: `index.ts (changed)`, `notes.ts (added)` … */
export function changesFromStub(implDir: string, id: string): string[] {
  const folder = join(implDir, id);
  const shipped = shippedStub(id);
  const changes: string[] = [];
  for (const file of filesBelow(folder)) {
    const blob = shipped.get(file);
    if (blob === undefined) changes.push(`${file} (added)`);
    else if (blobId(readFileSync(join(folder, file))) !== blob) changes.push(`${file} (changed)`);
  }
  for (const file of shipped.keys()) if (!exists(join(folder, file))) changes.push(`${file} (missing)`);
  return changes;
}

export function backupsFolder(id: string): string {
  return join(stateFolder(), 'backups', id);
}

/** Copies the learner's folder aside; returns the backup's folder. */
export function backUp(implDir: string, id: string): string {
  const base = new Date(now()).toISOString().replaceAll(':', '-');
  let target = join(backupsFolder(id), base);
  for (let n = 2; exists(target); n++) target = join(backupsFolder(id), `${base}-${n}`);
  mkdirSync(target, { recursive: true });
  const folder = join(implDir, id);
  if (exists(folder)) cpSync(folder, target, { recursive: true });
  return target;
}

export interface Backup {
  readonly name: string;
  readonly folder: string;
  readonly files: readonly string[];
}

/** Backups of a kata, oldest first. */
export function listBackups(id: string): Backup[] {
  const root = backupsFolder(id);
  if (!exists(root)) return [];
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => ({ name, folder: join(root, name), files: filesBelow(join(root, name)) }));
}

/** Makes the folder hold exactly `files` (relative path → content). */
function replaceFolder(folder: string, files: ReadonlyMap<string, Buffer>): void {
  for (const file of filesBelow(folder)) if (!files.has(file)) rmSync(join(folder, file));
  for (const [file, content] of files) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    writeFileSync(join(folder, file), content);
  }
}

/**
 * Puts the shipped stub back after backing up the folder. Returns the backup's folder, or undefined when the
 * folder already was the stub (nothing to back up). Throws, changing nothing, when the stub cannot be read.
 */
export function resetToStub(implDir: string, id: string): string | undefined {
  const shipped = shippedStub(id);
  if (shipped.size === 0) throw new Error(`No shipped stub is listed for '${id}' in scripts/shipped.json.`);
  // Read everything first: if git cannot give the stub back, nothing has been touched.
  const files = new Map([...shipped].map(([file, blob]) => [file, readBlob(blob)] as const));
  if (changesFromStub(implDir, id).length === 0) return undefined;
  const backup = backUp(implDir, id);
  replaceFolder(join(implDir, id), files);
  return backup;
}

/** Brings a backup back, after backing up the folder as it is now. Returns that new backup's folder. */
export function restoreBackup(implDir: string, id: string, backup: Backup): string {
  const files = new Map(backup.files.map((file) => [file, readFileSync(join(backup.folder, file))] as const));
  const safety = backUp(implDir, id);
  replaceFolder(join(implDir, id), files);
  return safety;
}
