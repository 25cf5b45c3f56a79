/**
 * Known-buggy variants of a reference solution. Each is the solution with one plausible mistake patched in;
 * `npm test` builds each variant in a temporary folder, runs the kata's spec against it and fails unless the
 * spec kills it (at least one test fails) — by the test named in `killedBy`, when given.
 */
export interface BuggyVariant {
  /** Short, kebab-case. */
  readonly name: string;
  /** The mistake, as a learner would make it. */
  readonly bug: string;
  /** Part of the name of a test that must fail against this variant. */
  readonly killedBy: string;
  /** Text replacements applied to `solutions/<id>/index.ts`; each `find` must occur exactly once. */
  readonly patch: ReadonlyArray<readonly [find: string, replace: string]>;
}

/** Applies a variant's patch; throws when a `find` no longer matches exactly once (the solution moved on). */
export function applyPatch(source: string, variant: BuggyVariant): string {
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
