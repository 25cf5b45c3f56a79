/**
 * Known-buggy variants of a reference solution. Most are the solution with one plausible mistake patched in; a
 * few are whole files (a different design with a hidden flaw). `npm test` builds each variant in a temporary folder, runs the kata's spec against it and fails unless the
 * spec kills it (at least one test fails) — by the test named in `killedBy`, when given.
 */
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
