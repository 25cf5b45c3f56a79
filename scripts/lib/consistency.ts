/**
 * Structural checks of the workbook: every catalog entry has its stub, solution, spec, README and buggy
 * variants; solutions mirror katas file for file; level titles agree across catalog, README and spec.
 * Returns problems as sentences; an empty list means consistent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { level as levelTitle } from '../../specs/support/level.ts';
import type { Kata } from '../catalog.ts';
import { exists, filesBelow, katasDir, repoRoot, solutionsDir, specsDir, subfolders } from './paths.ts';
import { levelOf, type TestOutcome } from './results.ts';

/** Files below `dir`, relative to it, skipping Markdown (a README is the learner's, not code to mirror). */
function codeFiles(dir: string): string[] {
  return filesBelow(dir).filter((file) => !file.endsWith('.md'));
}

/** The spec files of a kata: `l<level>-<name>.spec.ts`, so a run can pick levels by file. */
export function specFiles(id: string): string[] {
  const dir = join(specsDir, id);
  return exists(dir) ? readdirSync(dir).filter((file) => file.endsWith('.spec.ts')) : [];
}

export function checkLayout(
  katas: readonly Kata[],
  variantCounts: ReadonlyMap<string, number>,
  /** Only these katas' files are checked (`npm test -- <id>`); the catalog as a whole is always checked. */
  only: readonly string[] = katas.map((kata) => kata.id),
): string[] {
  const problems: string[] = [];
  const ids = new Set(katas.map((kata) => kata.id));
  if (ids.size !== katas.length) problems.push('catalog: two katas share an id');
  // The README is the learner's first page: its catalog table must list every kata.
  const readmeCatalog = exists(join(repoRoot, 'README.md')) ? readFileSync(join(repoRoot, 'README.md'), 'utf8') : '';
  for (const kata of katas.filter((candidate) => only.includes(candidate.id))) {
    const where = `${kata.id}:`;
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(kata.id)) problems.push(`${where} the id must be kebab-case`);
    for (const file of [`katas/${kata.id}/index.ts`, `katas/${kata.id}/README.md`, `solutions/${kata.id}/index.ts`]) {
      if (!exists(join(repoRoot, file))) problems.push(`${where} ${file} is missing`);
    }
    const stubFiles = codeFiles(join(katasDir, kata.id));
    const solutionFiles = codeFiles(join(solutionsDir, kata.id));
    if (stubFiles.join() !== solutionFiles.join()) {
      problems.push(
        `${where} solutions/${kata.id} must mirror katas/${kata.id} file for file: [${solutionFiles}] vs [${stubFiles}]`,
      );
    }
    const specs = specFiles(kata.id);
    if (specs.length === 0) problems.push(`${where} no spec files in specs/${kata.id}/`);
    for (const spec of specs) {
      const match = /^l(\d+)-[a-z0-9-]+\.spec\.ts$/.exec(spec);
      if (match === null || Number(match[1]) < 1 || Number(match[1]) > kata.levels.length) {
        problems.push(
          `${where} spec file ${spec} must be named l<level>-<topic>.spec.ts with a level of 1..${kata.levels.length}`,
        );
      }
    }
    if (!readmeCatalog.includes(`| \`${kata.id}\` |`))
      problems.push(`${where} the catalog table in README.md has no row for \`${kata.id}\``);
    const variants = variantCounts.get(kata.id) ?? 0;
    if (variants < 8)
      problems.push(`${where} specs/${kata.id}/buggy.ts has ${variants} buggy variants; at least 8 are expected`);
    if (kata.levels.length === 0) problems.push(`${where} has no levels`);
    for (const related of kata.related) {
      if (!ids.has(related)) problems.push(`${where} related kata '${related}' is not in the catalog`);
    }
    const readmePath = join(katasDir, kata.id, 'README.md');
    if (exists(readmePath)) {
      const headings = readFileSync(readmePath, 'utf8')
        .split('\n')
        .filter((line) => /^## Level \d/.test(line));
      kata.levels.forEach((level, index) => {
        const expected = `## Level ${index + 1} · ${level.title}`;
        if (!headings.some((heading) => heading.startsWith(expected))) {
          problems.push(`${where} katas/${kata.id}/README.md needs a heading "${expected}"`);
        }
      });
      if (headings.length !== kata.levels.length) {
        problems.push(
          `${where} README has ${headings.length} level headings, the catalog ${kata.levels.length} levels`,
        );
      }
    }
  }
  for (const [root, name] of [
    [katasDir, 'katas'],
    [solutionsDir, 'solutions'],
    [specsDir, 'specs'],
  ] as const) {
    for (const folder of subfolders(root)) {
      if (folder !== 'support' && !ids.has(folder)) problems.push(`${name}/${folder} has no catalog entry`);
    }
  }
  return problems;
}

/** Checks that a kata's tests sit in the level suites the catalog names, each in its level's file. */
export function checkLevels(kata: Kata, tests: readonly TestOutcome[]): string[] {
  const problems: string[] = [];
  const mine = tests.filter((test) => test.file.startsWith(`specs/${kata.id}/`));
  kata.levels.forEach((level, index) => {
    const title = levelTitle(index + 1, level.title);
    if (!mine.some((test) => test.suites[0] === title)) problems.push(`${kata.id}: no tests under "${title}"`);
  });
  for (const test of mine) {
    const n = levelOf(test);
    const expected = kata.levels[n - 1];
    if (expected === undefined || test.suites[0] !== levelTitle(n, expected.title)) {
      problems.push(`${kata.id}: "${test.suites[0] ?? test.name}" is not a level suite of the catalog`);
    } else if (!test.file.startsWith(`specs/${kata.id}/l${n}-`)) {
      problems.push(`${kata.id}: a level ${n} test lives in ${test.file}; level ${n} tests go in l${n}-*.spec.ts`);
    }
  }
  return [...new Set(problems)];
}
