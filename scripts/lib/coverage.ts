/**
 * Which lines of the learner's own code no spec executed: the specs run once under vitest's v8 coverage (in the
 * spec host, so a runaway loop is stopped by the watchdog as usual) and the istanbul JSON report is read back.
 * A line no spec ran is dead code, or a case the learner handles that the contract does not ask for.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kata } from '../catalog.ts';
import { specFilter } from './paths.ts';
import type { RunResult } from './results.ts';
import { SpecHost } from './spec-runner.ts';

interface Location {
  readonly start: { readonly line: number };
  readonly end: { readonly line: number };
}

interface FileCoverage {
  readonly statementMap: Readonly<Record<string, Location>>;
  readonly s: Readonly<Record<string, number>>;
  readonly branchMap: Readonly<Record<string, { readonly locations: readonly Location[] }>>;
  readonly b: Readonly<Record<string, readonly number[]>>;
}

export interface FileReport {
  readonly file: string;
  readonly statements: number;
  readonly coveredStatements: number;
  /** Lines holding a statement or a branch that never ran, ascending. */
  readonly uncoveredLines: readonly number[];
}

export interface CoverageReport {
  readonly run: RunResult;
  readonly files: readonly FileReport[];
}

function linesOf(location: Location): number[] {
  return Array.from({ length: location.end.line - location.start.line + 1 }, (_, i) => location.start.line + i);
}

export function summarizeCoverage(json: Readonly<Record<string, FileCoverage>>): FileReport[] {
  return Object.entries(json)
    .map(([file, data]) => {
      const counts = Object.entries(data.s);
      const uncovered = new Set<number>();
      for (const [id, count] of counts) {
        const location = data.statementMap[id];
        if (count === 0 && location !== undefined) for (const line of linesOf(location)) uncovered.add(line);
      }
      for (const [id, taken] of Object.entries(data.b)) {
        const locations = data.branchMap[id]?.locations ?? [];
        taken.forEach((count, index) => {
          const location = locations[index];
          // v8's converted reports give some branches no location line (a whole-function branch): skip those.
          if (count === 0 && Number.isInteger(location?.start.line)) uncovered.add(location?.start.line ?? 0);
        });
      }
      return {
        file,
        statements: counts.length,
        coveredStatements: counts.filter(([, count]) => count > 0).length,
        uncoveredLines: [...uncovered].sort((a, b) => a - b),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** `3, 7–9, 12` */
export function lineRanges(lines: readonly number[]): string {
  const ranges: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const line of [...lines, Number.NaN]) {
    if (start !== undefined && previous !== undefined && line === previous + 1) {
      previous = line;
      continue;
    }
    if (start !== undefined && previous !== undefined)
      ranges.push(start === previous ? `${start}` : `${start}–${previous}`);
    start = line;
    previous = line;
  }
  return ranges.join(', ');
}

/** Runs the katas' specs against `implDir` with coverage of `<implDir>/<id>/`. */
export async function measureCoverage(katas: readonly Kata[], implDir: string): Promise<CoverageReport> {
  const out = mkdtempSync(join(tmpdir(), 'kata-coverage-'));
  const include = katas.map((kata) => `${join(implDir, kata.id)}/**/*.ts`);
  const host = new SpecHost({
    testLimitMs: Number(process.env.KATA_TEST_LIMIT_MS ?? 5_000),
    env: { KATA_COVERAGE_DIR: out, KATA_COVERAGE_INCLUDE: JSON.stringify(include) },
  });
  try {
    const run = await host.run({ implDir, filters: katas.map((kata) => specFilter(kata.id)) });
    let json: Record<string, FileCoverage> = {};
    try {
      json = JSON.parse(readFileSync(join(out, 'coverage.json'), 'utf8'));
    } catch {
      // No report: the run was stopped (runaway) or nothing loaded; the caller shows the run's problems.
    }
    return { run, files: summarizeCoverage(json) };
  } finally {
    host.close();
    rmSync(out, { recursive: true, force: true });
  }
}
