import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { implWith, LiveCli, lruSolution, lruStub, runCli, solutionsCopy, stateDir } from './helpers.ts';

describe('npm run kata', () => {
  it('lists the catalog with each kata not started on a fresh machine', async () => {
    const result = await runCli('kata.ts', []);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lru\s+LRU cache\s+cache\s+medium\s+not started/);
    expect(result.stdout).toContain('npm run kata <id>');
  });

  it("answers an unknown id with 'Did you mean' and a non-zero exit", async () => {
    const result = await runCli('kata.ts', ['lur']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown kata 'lur'. Did you mean 'lru'");
  });

  it('rejects an unknown option with the usage line', async () => {
    const result = await runCli('kata.ts', ['lru', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run kata');
  });

  it('--once against the solutions exits 0 with every level passing (KATA_IMPL_DIR=solutions)', async () => {
    const result = await runCli('kata.ts', ['lru', '--once'], { env: { KATA_IMPL_DIR: 'solutions' } });
    expect(result.stdout).toMatch(/All 4 levels pass: (\d+)\/\1 tests/);
    expect(result.code).toBe(0);
  });

  it('--once --impl works for a folder outside the repository', async () => {
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', solutionsCopy()]);
    expect(result.stdout).toContain('All 4 levels pass');
    expect(result.code).toBe(0);
  });

  it('--once against the stub exits 1, shows level 1 of 4 and the file to edit, and hides later levels', async () => {
    const { dir, file } = implWith(lruStub());
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Edit ${file}`);
    expect(result.stdout).toMatch(/Level 1 of 4 · Core: get and put · 0\/\d+ passing/);
    expect(result.stdout).toMatch(/L2 Inspection without side effects\s+locked/);
    expect(result.stdout).toContain('Not implemented: LRUCache constructor');
    expect(result.stdout).not.toContain('Level 2 of 4');
  });

  it('--all shows the failures of every level', async () => {
    const { dir } = implWith(lruStub());
    const result = await runCli('kata.ts', ['lru', '--once', '--all', '--impl', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('locked');
  });

  it('--ui serves @vitest/ui on the kata, without a terminal', async () => {
    const cli = new LiveCli('kata.ts', ['lru', '--ui'], { KATA_IMPL_DIR: 'solutions' });
    try {
      const started = await cli.waitFor(/UI started at (http:\/\/\S+)/);
      const url = /UI started at (http:\/\/\S+)/.exec(started)?.[1] ?? '';
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<html');
    } finally {
      await cli.stop('SIGTERM');
    }
  });

  it('says what is wrong when the folder does not hold the kata', async () => {
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', stateDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No file at .*lru\/index\.ts/);
    expect(result.stderr).toContain('laid out like katas/');
  });
});

describe('progress file', () => {
  it('records a run of the learner’s own katas/ and shows it in the list', async () => {
    const state = stateDir();
    const env = { KATA_STATE_DIR: state };
    await runCli('kata.ts', ['lru', '--once'], { env });
    const saved = JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8'));
    expect(saved.version).toBe(2);
    expect(saved.katas.lru.levels).toBe(4);
    const list = await runCli('kata.ts', [], { env });
    expect(list.stdout).toMatch(/lru\s+LRU cache\s+cache\s+medium\s+(level \d\/4|done ✓)/);
  });

  it('keeps a corrupt file aside, says so, and carries on', async () => {
    const state = stateDir();
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'progress.json'), '{ "version": 1, "katas": { "lru": ');
    const result = await runCli('kata.ts', [], { env: { KATA_STATE_DIR: state } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /was not a progress file this version can read \(hand-edited or damaged\?\); it was kept as .*progress\.corrupt-/,
    );
    const backups = readdirSync(state).filter((name) => name.startsWith('progress.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(state, backups[0] ?? ''), 'utf8')).toBe('{ "version": 1, "katas": { "lru": ');
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8'))).toEqual({
      version: 2,
      katas: {},
      attempts: [],
      hints: [],
    });
  });
});

describe('a failing property', () => {
  it('prints the shrunk operations as a script to replay, with the seed', async () => {
    // The reference with one bug: get does not refresh recency.
    const source = lruSolution();
    const buggy = source.replace('    this.#hits++;\n    this.#moveToFront(node);\n', '    this.#hits++;\n');
    expect(buggy).not.toBe(source);
    const { dir } = implWith(buggy);
    const result = await runCli('kata.ts', ['lru', '--once', '--impl', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the implementation and the model disagree. Replay:');
    expect(result.stdout).toMatch(
      /const cache = new LRUCache<number, string>\(\d\);\n(\s+cache\.(put|get)\(.+\);.*\n)+\s+cache\.get\(\d\); \/\/ expected .+, got .+/,
    );
    expect(result.stdout).toMatch(/\{ seed: -?\d+, path: "[\d:]+", endOnFailure: true \}/);
  });
});
