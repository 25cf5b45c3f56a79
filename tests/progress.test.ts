import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { implWith, lruSolution, lruStub, repoRoot, runCli, stateDir, stubFolder } from './helpers.ts';

const chromiumPath = '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
  throw new Error(`CI needs Debian's chromium at ${chromiumPath} for the HTML report test: apt-get install chromium`);
}
if (!haveChromium) {
  process.stderr.write(
    `\n⚠ SKIPPING the HTML report's browser test: no ${chromiumPath}. Install it: sudo apt-get install chromium\n\n`,
  );
}

/** A progress file as a learner's history would hold it: two lru attempts, one hint, one run. */
function fixture(): object {
  const attempt = (startedAt: string, endedAt: string, end: string, passedAt: (number | null)[]) => ({
    id: `attempt-${startedAt}`,
    kata: 'lru',
    startedAt,
    endedAt,
    limitMs: 5_400_000,
    end,
    levels: passedAt.map((passedAtMs, index) => ({ level: index + 1, passed: 10, total: 10, passedAtMs })),
    hints: [],
    editedSpecs: [],
  });
  return {
    version: 2,
    katas: {
      lru: { lastRun: '2026-11-20T10:00:00.000Z', levels: 4, levelsPassed: 2, testsPassed: 100, tests: 158 },
    },
    attempts: [
      attempt('2026-11-10T09:00:00.000Z', '2026-11-10T10:30:00.000Z', 'time-up', [900_000, 2_700_000, null, null]),
      attempt(
        '2026-11-12T09:00:00.000Z',
        '2026-11-12T10:05:30.000Z',
        'completed',
        [600_000, 1_800_000, 3_000_000, 3_930_000],
      ),
    ],
    hints: [{ kata: 'lru', level: 3, hint: 1, at: '2026-11-12T09:40:00.000Z' }],
  };
}

function stateWith(content: string): string {
  const state = stateDir();
  writeFileSync(join(state, 'progress.json'), content);
  return state;
}

describe('npm run progress', () => {
  it('on a fresh machine lists every kata as not started', async () => {
    const result = await runCli('progress.ts', []);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lru\s+not started/);
  });

  it('shows state, tests, best challenge time, attempts, hints and the last attempt', async () => {
    const result = await runCli('progress.ts', [], { env: { KATA_STATE_DIR: stateWith(JSON.stringify(fixture())) } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lru\s+level 3\/4\s+100\/158\s+65:30\s+2\s+1\s+2026-11-12 completed 4\/4 in 65:30/);
  });

  it.each([
    ['not JSON', '{"version": 2, "katas": {'],
    ['hand-edited with a wrong type', JSON.stringify({ ...fixture(), hints: [{ kata: 'lru', level: 'three' }] })],
    ['from a newer version', JSON.stringify({ ...fixture(), version: 3 })],
  ])('keeps a corrupt progress file (%s) aside, says where, and carries on', async (_label, content) => {
    const state = stateWith(content);
    const result = await runCli('progress.ts', [], { env: { KATA_STATE_DIR: state } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('was not a progress file this version can read');
    const [backup] = readdirSync(state).filter((name) => name.startsWith('progress.corrupt-'));
    expect(backup).toBeDefined();
    expect(result.stderr).toContain(backup);
    expect(readFileSync(join(state, backup ?? ''), 'utf8')).toBe(content);
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8'))).toMatchObject({ version: 2, attempts: [] });
    expect(result.stdout).toMatch(/lru\s+not started/);
  });

  it('upgrades a version 1 file (runs only) without losing its runs', async () => {
    const state = stateWith(
      JSON.stringify({
        version: 1,
        katas: {
          lru: { lastRun: '2026-11-01T00:00:00.000Z', levels: 4, levelsPassed: 4, testsPassed: 158, tests: 158 },
        },
      }),
    );
    const result = await runCli('progress.ts', [], { env: { KATA_STATE_DIR: state } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/lru\s+done ✓\s+158\/158/);
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8')).version).toBe(2);
  });

  it('--coverage lists the lines of the learner’s code that no spec ran', async () => {
    const dead = '\nexport function neverCalled(x: number): number {\n  if (x > 1) return x * 2;\n  return x;\n}\n';
    const { dir } = implWith(lruSolution() + dead);
    const result = await runCli('progress.ts', ['--coverage', 'lru', '--impl', dir]);
    expect(result.code).toBe(0);
    const source = (lruSolution() + dead).split('\n');
    const first = source.findIndex((line) => line.includes('if (x > 1)')) + 1;
    expect(result.stdout).toContain(`never ran: lines ${first}–${first + 1}`);
    expect(result.stdout).toContain('if (x > 1) return x * 2;');
  });

  it('--coverage with nothing started says so instead of running anything', async () => {
    const { dir } = stubFolder();
    const result = await runCli('progress.ts', ['--coverage', '--impl', dir]);
    expect(result.stdout).toContain('No kata differs from its stub yet');
  });

  it.skipIf(!haveChromium)(
    '--html writes a page that renders the table and chart in Chromium with no network',
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'kata-html-')), 'progress.html');
      const result = await runCli('progress.ts', ['--html', '--out', out], {
        env: { KATA_STATE_DIR: stateWith(JSON.stringify(fixture())) },
      });
      expect(result.code).toBe(0);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const context = await browser.newContext();
        await context.setOffline(true);
        const requests: string[] = [];
        await context.route('**/*', (route) => {
          requests.push(route.request().url());
          return route.request().url().startsWith('file:') ? route.continue() : route.abort();
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => errors.push(message.text()));
        await page.goto(`file://${out}`);
        expect(requests).toEqual([`file://${out}`]);
        expect(errors).toEqual([]);
        const catalogSize = (await import('../scripts/catalog.ts')).catalog.length;
        expect(await page.locator('#progress tbody tr').count()).toBe(catalogSize);
        const lru = page.locator('#progress tr[data-kata="lru"]');
        // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what is checked
        expect(await lru.innerText()).toMatch(/level 3\/4\s+100\/158\s+65:30\s+2\s+1/);
        // Two attempts: two dots, the completed one filled; the chart has a real size on screen.
        expect(await page.locator('#chart circle').count()).toBe(2);
        const box = await page.locator('#chart').boundingBox();
        expect(box?.width).toBeGreaterThan(300);
        expect(box?.height).toBeGreaterThan(150);
        expect(await page.locator('#chart polyline[data-kata="lru"]').getAttribute('points')).toMatch(/^\S+ \S+$/);
      } finally {
        await browser.close();
      }
    },
  );
});

describe('npm run reset', () => {
  it('backs up the work, restores the stub, lists backups and brings one back', async () => {
    const { dir, file } = stubFolder();
    const state = stateDir();
    const env = { KATA_IMPL_DIR: dir, KATA_STATE_DIR: state };
    writeFileSync(file, `${lruStub()}\n// my work\n`);

    const reset = await runCli('reset.ts', ['lru'], { env });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('to the stub');
    expect(readFileSync(file, 'utf8')).toBe(lruStub());

    const again = await runCli('reset.ts', ['lru'], { env });
    expect(again.stdout).toContain('already is the stub; nothing to do');

    const list = await runCli('reset.ts', ['lru', '--list'], { env });
    expect(list.stdout).toMatch(/ {2}1 {2}\S+ {2}README\.md, index\.ts/);

    const restore = await runCli('reset.ts', ['lru', '--restore', '1'], { env });
    expect(restore.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('// my work');
    // Restoring backed up what was there (the stub) first: nothing is ever overwritten without a copy.
    expect(readdirSync(join(state, 'backups', 'lru'))).toHaveLength(2);
  });

  it('changes nothing and says why when the shipped stub cannot be read back', async () => {
    const { dir, file } = stubFolder();
    const state = stateDir();
    writeFileSync(file, '// my work\n');
    const shipped = JSON.parse(readFileSync(join(repoRoot, 'scripts/shipped.json'), 'utf8'));
    shipped.files['katas/lru/index.ts'] = 'f'.repeat(40);
    const manifest = join(state, 'shipped.json');
    writeFileSync(manifest, JSON.stringify(shipped));
    const result = await runCli('reset.ts', ['lru'], {
      env: { KATA_IMPL_DIR: dir, KATA_STATE_DIR: state, KATA_SHIPPED_FILE: manifest },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`git has no object ${'f'.repeat(40)}`);
    expect(readFileSync(file, 'utf8')).toBe('// my work\n');
    expect(existsSync(join(state, 'backups'))).toBe(false);
  });

  it('answers an unknown kata and an unknown backup clearly', async () => {
    const unknown = await runCli('reset.ts', ['lur']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown kata 'lur'. Did you mean 'lru'");
    const { dir } = stubFolder();
    const none = await runCli('reset.ts', ['lru', '--restore', 'nope'], { env: { KATA_IMPL_DIR: dir } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No backups of lru yet.');
  });
});
