/**
 * Known-buggy variants of a reference solution. Most are the solution with one plausible mistake patched in; a
 * few are whole files (a different design with a hidden flaw). `npm test` builds each variant in a temporary
 * folder, runs the kata's spec against it and fails unless the spec kills it (at least one test fails) — by the test
 * named in `killedBy`, when given. `npm run variant <id> <name>` writes one out for a learner to study.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
interface VariantBase {
  /** Short, kebab-case. */
  readonly name: string;
  /** The mistake, as a learner would make it. */
  readonly bug: string;
  /** Part of the name of a test that must fail against this variant. */
  readonly killedBy: string;
}

/** The reference solution with text replaced: each `find` must occur exactly once in `solutions/<id>/index.ts`. */
export interface PatchedVariant extends VariantBase {
  readonly patch: ReadonlyArray<readonly [find: string, replace: string]>;
}

/** A whole file, for a mistake that is a different design rather than a changed line (path relative to the spec). */
export interface FileVariant extends VariantBase {
  readonly file: string;
}

export type BuggyVariant = PatchedVariant | FileVariant;

/** The variant's source: the patched solution, or the variant's own file (read by the caller). */
export function applyPatch(source: string, variant: PatchedVariant): string {
  let patched = source;
  for (const [find, replace] of variant.patch) {
    const count = patched.split(find).length - 1;
    if (count !== 1) {
      throw new Error(
        `Buggy variant '${variant.name}': expected to find this text once, found it ${count} times:\n${find}`,
      );
    }
    patched = patched.replace(find, () => replace);
  }
  return patched;
}

/** The variants kept in `specs/<id>/buggy.ts` (none when the file is missing or exports none). */
export async function variantsOf(id: string): Promise<readonly BuggyVariant[]> {
  try {
    const module = (await import(pathToFileURL(join(repoRoot, 'specs', id, 'buggy.ts')).href)) as {
      variants?: readonly BuggyVariant[];
    };
    return module.variants ?? [];
  } catch {
    return [];
  }
}

/** The variant's code as `<dir>/<id>/index.ts`: the patched reference solution, or the variant's own file. */
export function variantCode(id: string, variant: BuggyVariant): string {
  if ('file' in variant) return readFileSync(join(repoRoot, 'specs', id, variant.file), 'utf8');
  return applyPatch(readFileSync(join(repoRoot, 'solutions', id, 'index.ts'), 'utf8'), variant);
}
