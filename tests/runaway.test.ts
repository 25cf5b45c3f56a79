import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { implWith, LiveCli, lruSolution, runCli, solutionWith } from './helpers.ts';

/** A short watchdog limit keeps these tests quick; learners get 5 s. */
const env = { KATA_TEST_LIMIT_MS: '1500' };
const spinningGet = () => solutionWith('get(key: K): V | undefined {', '    for (;;) {}');

describe('a runaway learner never kills the runner', () => {
  it('stops a synchronous infinite loop and names the test and the spec file', async () => {
    const { dir } = implWith(spinningGet());
    const started = Date.now();
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', dir], { env });
    expect(result.code).toBe(1);
    // Any test that calls get may be the one running when the watchdog fires: the message must name it and its file.
    // The watchdog never stops a test before its own timeout (2 s for these specs) and a second of grace could
    // have fired, so here, with a limit of 1.5 s, it fires after 3 s.
    expect(result.stdout).toMatch(
      /⚠ L\d · .+ › .+ \(specs\/lru\/l\d-[a-z-]+\.spec\.ts\) did not finish after [3-9]\.\d s/,
    );
    expect(result.stdout).toContain('An infinite loop');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('stops a module whose top-level await never settles and names the file', async () => {
    const { dir, file } = implWith(`await new Promise(() => {});\n${lruSolution()}`);
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', dir], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`⚠ Loading ${file} did not finish`);
  });

  it('reports a throw at import time once, naming the file and the error, in every test', async () => {
    const { dir, file } = implWith(`throw new Error('boom at import');\n${lruSolution()}`);
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', dir], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Could not load ${file}`);
    expect(result.stdout).toContain('Error: boom at import');
    expect(result.stdout).toMatch(/…and \d+ more test\(s\) with the same error/);
  });

  it('keeps watching after a runaway: fixing the file brings the verdict back', async () => {
    const { dir, file } = implWith(spinningGet());
    const cli = new LiveCli('kata.ts', ['lru', '--impl', dir], env);
    try {
      await cli.waitFor(/did not finish after/);
      const mark = cli.mark;
      writeFileSync(file, lruSolution());
      const after = await cli.waitFor(/All 4 levels pass/, mark);
      expect(after).toMatch(/verdict \d+\.\d\d s after save/);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('re-runs on save in watch mode and moves to the next level when one passes', async () => {
    const { dir, file } = implWith(solutionWith('has(key: K): boolean {', "    throw new Error('has: not yet');"));
    const cli = new LiveCli('kata.ts', ['lru', '--impl', dir], env);
    try {
      await cli.waitFor(/Level 2 of 4 · Inspection without side effects/);
      expect(cli.output).toContain('has: not yet');
      const mark = cli.mark;
      writeFileSync(file, lruSolution());
      await cli.waitFor(/All 4 levels pass/, mark);
    } finally {
      await cli.stop();
    }
  });

  it('leaves no spec host behind when the runner itself is killed', async () => {
    const { dir } = implWith(lruSolution());
    const cli = new LiveCli('kata.ts', ['lru', '--impl', dir], env);
    await cli.waitFor(/All 4 levels pass/);
    const hosts = execFileSync('pgrep', ['-P', String(cli.pid), '-f', 'spec-host'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    expect(hosts).toHaveLength(1);
    await cli.stop('SIGKILL');
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(() => hosts.filter(alive), { timeout: 10_000, interval: 100 }).toEqual([]);
  });
});
