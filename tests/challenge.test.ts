import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileClock,
  implWith,
  LiveCli,
  lruSolution,
  lruVariant,
  minutes,
  repoRoot,
  runCli,
  stateDir,
  stubFolder,
} from './helpers.ts';

interface StoredAttempt {
  kata: string;
  end: string;
  startedAt: string;
  endedAt: string;
  limitMs: number;
  levels: { level: number; passed: number; total: number; passedAtMs: number | null }[];
  hints: string[];
  editedSpecs: string[];
}

const attemptsIn = (state: string): StoredAttempt[] =>
  JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8')).attempts;

/** A list of shipped files like scripts/shipped.json, but claiming one spec file shipped with other content. */
function manifestWithEditedSpec(spec: string): string {
  const shipped = JSON.parse(readFileSync(join(repoRoot, 'scripts/shipped.json'), 'utf8'));
  shipped.files[spec] = '0'.repeat(40);
  const file = join(stateDir(), 'shipped.json');
  writeFileSync(file, JSON.stringify(shipped));
  return file;
}

describe('npm run challenge', () => {
  it('without a terminal and without --yes, refuses to reset a changed folder and changes nothing', async () => {
    const { dir, file } = implWith(lruSolution());
    const state = stateDir();
    const result = await runCli('challenge.ts', ['lru'], { env: { KATA_IMPL_DIR: dir, KATA_STATE_DIR: state } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('differs from the stub (index.ts (changed), README.md (missing))');
    expect(result.stderr).toContain('pass --yes');
    expect(readFileSync(file, 'utf8')).toBe(lruSolution());
    expect(existsSync(join(state, 'backups'))).toBe(false);
  });

  it('answers an unknown kata and a bad --minutes with a clear message', async () => {
    const unknown = await runCli('challenge.ts', ['lfx']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown kata 'lfx'.");
    const bad = await runCli('challenge.ts', ['lru', '--minutes', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--minutes must be a positive number; got 'ten'");
  });

  it('reveals levels one at a time, counts a hint, and ends with split times when every level passes', async () => {
    const { dir, file } = stubFolder();
    const state = stateDir();
    const clock = new FileClock();
    const env = { KATA_IMPL_DIR: dir, KATA_STATE_DIR: state, KATA_CLOCK_FILE: clock.file, KATA_TICK_MS: '50' };
    const cli = new LiveCli('challenge.ts', ['lru'], env);
    const revealedFile = join(state, 'challenge', 'lru.md');
    try {
      // The default time is the sum of the levels' lower expected minutes: 10 + 20 + 30 + 30.
      await cli.waitFor(/90:00 left of 90:00 · 0\/4 levels[\s\S]*Level 1 of 4 · Core: get and put/);
      expect(readFileSync(revealedFile, 'utf8')).toContain('## Level 1 · Core: get and put');
      expect(readFileSync(revealedFile, 'utf8')).not.toContain('## Level 2');

      clock.set(minutes(5));
      const hint = await runCli('hint.ts', ['lru'], { env });
      expect(hint.stdout).toContain('Hint 1 of 4');

      // Level 1 passes, level 2 does not (peek refreshes recency): level 2 is revealed, not 3.
      clock.set(minutes(12, 3));
      let mark = cli.mark;
      writeFileSync(file, await lruVariant('peek-refreshes'));
      const second = await cli.waitFor(/Level 2 of 4 · Inspection without side effects/, mark);
      expect(second).toContain('77:57 left of 90:00 · 1/4 levels · passed at L1 12:03');
      expect(second).toContain('✓ Level 1 passed: level 2 is revealed.');
      expect(second).toContain('## Level 2 · Inspection without side effects');
      expect(readFileSync(revealedFile, 'utf8')).toContain('## Level 2 · Inspection without side effects');
      expect(readFileSync(revealedFile, 'utf8')).not.toContain('## Level 3');

      clock.set(minutes(41, 12));
      mark = cli.mark;
      writeFileSync(file, lruSolution());
      const end = await cli.waitFor(/See all attempts/, mark);
      expect(end).toContain('Ended: every level passed · 4/4 levels passed · time 41:12 of 90:00');
      expect(end).toMatch(/L1 Core: get and put\s+49\/49\s+12:03\s+12:03\s+10–15 min\s+within the expected range/);
      expect(end).toMatch(/L2 Inspection without side effects\s+31\/31\s+41:12\s+29:09\s+20–30 min\s+within/);
      expect(end).toContain('Hints used: L1.1');
      expect(await cli.stop()).toBe(0);

      const [attempt] = attemptsIn(state);
      expect(attempt).toMatchObject({ kata: 'lru', end: 'completed', limitMs: minutes(90), hints: ['L1.1'] });
      expect(attempt?.editedSpecs).toEqual([]);
      expect(attempt?.levels.map((level) => level.passedAtMs)).toEqual([
        minutes(12, 3),
        minutes(41, 12),
        minutes(41, 12),
        minutes(41, 12),
      ]);
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('ends when time is up, with the levels passed so far, and records it', async () => {
    const { dir } = stubFolder();
    const state = stateDir();
    const clock = new FileClock();
    const cli = new LiveCli('challenge.ts', ['lru', '--minutes', '1'], {
      KATA_IMPL_DIR: dir,
      KATA_STATE_DIR: state,
      KATA_CLOCK_FILE: clock.file,
      KATA_TICK_MS: '50',
    });
    try {
      await cli.waitFor(/01:00 left of 01:00[\s\S]*Level 1 of 4/);
      clock.set(minutes(1, 30));
      const end = await cli.waitFor(/See all attempts/);
      expect(end).toContain("Ended: time's up · 0/4 levels passed · time 01:00 of 01:00");
      expect(end).toMatch(/L1 Core: get and put\s+0\/49\s+—\s+—\s+10–15 min\s+not passed/);
      const [attempt] = attemptsIn(state);
      expect(attempt?.end).toBe('time-up');
      // The attempt ends at the deadline, not when the clock was next read.
      expect(Date.parse(attempt?.endedAt ?? '') - Date.parse(attempt?.startedAt ?? '')).toBe(minutes(1));
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('with --yes backs up a changed folder, starts from the stub, and Ctrl-C ends with a scorecard', async () => {
    const { dir, file } = implWith(lruSolution());
    const state = stateDir();
    const clock = new FileClock();
    const cli = new LiveCli('challenge.ts', ['lru', '--yes'], {
      KATA_IMPL_DIR: dir,
      KATA_STATE_DIR: state,
      KATA_CLOCK_FILE: clock.file,
    });
    try {
      await cli.waitFor(/Your files are backed up in[\s\S]*Level 1 of 4/);
      expect(readFileSync(file, 'utf8')).toContain("throw new Error('Not implemented");
      const [backup] = readdirSync(join(state, 'backups', 'lru'));
      expect(readFileSync(join(state, 'backups', 'lru', backup ?? '', 'index.ts'), 'utf8')).toBe(lruSolution());
      clock.set(minutes(3));
      const mark = cli.mark;
      expect(await cli.stop('SIGINT')).toBe(0);
      const end = cli.output.slice(mark);
      expect(end).toContain('Ended: stopped (Ctrl-C) · 0/4 levels passed · time 03:00 of 90:00');
      expect(attemptsIn(state)[0]?.end).toBe('stopped');
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('marks an attempt against edited specs, in the report, the scorecard and the progress table', async () => {
    const { dir } = stubFolder();
    const state = stateDir();
    const clock = new FileClock();
    const env = {
      KATA_IMPL_DIR: dir,
      KATA_STATE_DIR: state,
      KATA_CLOCK_FILE: clock.file,
      KATA_SHIPPED_FILE: manifestWithEditedSpec('specs/lru/l1-core.spec.ts'),
    };
    const cli = new LiveCli('challenge.ts', ['lru'], env);
    try {
      await cli.waitFor(/Specs edited: specs\/lru\/l1-core\.spec\.ts \(changed\)[\s\S]*Level 1 of 4/);
      const mark = cli.mark;
      await cli.stop('SIGINT');
      expect(cli.output.slice(mark)).toContain(
        '⚠ Specs edited during this attempt (specs/lru/l1-core.spec.ts (changed))',
      );
      expect(attemptsIn(state)[0]?.editedSpecs).toEqual(['specs/lru/l1-core.spec.ts (changed)']);
      const table = await runCli('progress.ts', [], { env });
      expect(table.stdout).toMatch(/lru .*⚠ specs edited/);
    } finally {
      await cli.stop('SIGKILL');
    }
  });
});

describe('npm run hint', () => {
  it("gives the current level's hints one per call, in order, records each, then says there are no more", async () => {
    const { dir } = stubFolder();
    const state = stateDir();
    const env = { KATA_IMPL_DIR: dir, KATA_STATE_DIR: state };
    for (const n of [1, 2, 3, 4]) {
      const result = await runCli('hint.ts', ['lru'], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Hint ${n} of 4 · Level 1 · Core: get and put`);
    }
    const last = await runCli('hint.ts', ['lru'], { env });
    expect(last.stdout).toContain('You have seen all 4 hints for this level');
    const { hints } = JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8'));
    expect(hints.map((use: { level: number; hint: number }) => `${use.level}.${use.hint}`)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
    ]);
  });

  it('prefers the unseen hint written for the first failing test of the current level', async () => {
    const { dir } = implWith(await lruVariant('undefined-value-is-a-miss'));
    const result = await runCli('hint.ts', ['lru'], { env: { KATA_IMPL_DIR: dir } });
    expect(result.stdout).toContain('Hint 4 of 4 · Level 2 · Inspection without side effects');
    expect(result.stdout).toContain(
      'For your first failing test: undefined values › counts a get of an undefined value',
    );
  });

  it('says no hint is needed when every level passes', async () => {
    const result = await runCli('hint.ts', ['lru'], { env: { KATA_IMPL_DIR: 'solutions' } });
    expect(result.stdout).toContain('Every level passes');
    expect(result.code).toBe(0);
  });
});
