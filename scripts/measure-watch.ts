/**
 * npm run measure:watch [-- <id>] [--saves N]
 * Measures watch mode the way a learner feels it: from saving the file to the verdict on screen. Starts
 * `npm run kata <id>` on a copy of the reference solution (`--from stub`: of the stub, so the learner is at level 1
 * and only level 1 re-runs), saves the file N times (a comment changes each time), and reads the
 * "verdict … s after save" the runner prints after each re-run.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { katasDir, repoRoot, solutionsDir } from './lib/paths.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { saves: { type: 'string', default: '7' }, from: { type: 'string', default: 'solution' } },
});
const id = positionals[0] ?? 'lru';
const saves = Number(values.saves);
const dir = mkdtempSync(join(tmpdir(), 'kata-measure-'));
cpSync(join(values.from === 'stub' ? katasDir : solutionsDir, id), join(dir, id), { recursive: true });
const file = join(dir, id, 'index.ts');

const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/kata.ts'), id, '--impl', dir], {
  cwd: repoRoot,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_COLOR: '1', KATA_STATE_DIR: mkdtempSync(join(tmpdir(), 'kata-state-')) },
});
let output = '';
const verdicts: number[] = [];
let waiting: (() => void) | undefined;
child.stdout.on('data', (chunk) => {
  output += chunk;
  if (/Watching: save to re-run/.test(output)) {
    const match = /verdict (\d+\.\d+) s after save/.exec(output);
    if (match !== null) verdicts.push(Number(match[1]));
    output = '';
    waiting?.();
  }
});
const nextVerdict = () => new Promise<void>((resolve) => (waiting = resolve));

await nextVerdict(); // the first run, which also starts the spec host
for (let save = 1; save <= saves; save++) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  appendFileSync(file, `\n// save ${save}\n`);
  await nextVerdict();
}
child.kill('SIGINT');
const sorted = [...verdicts].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
process.stdout.write(
  `${id} (${values.from}): ${verdicts.length} saves, verdict after save (s): ${verdicts.map((v) => v.toFixed(2)).join(' ')}\n` +
    `median ${median.toFixed(2)} s, best ${sorted[0]?.toFixed(2)} s, worst ${sorted.at(-1)?.toFixed(2)} s\n`,
);
