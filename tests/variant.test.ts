import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch, variantCode, variantsOf } from '../specs/support/buggy.ts';
import { runCli } from './helpers.ts';

describe('npm run variant', () => {
  it('lists the variants of a kata with the mistake and the test that kills each', async () => {
    const result = await runCli('variant.ts', ['lru']);
    expect(result.code).toBe(0);
    const variants = await variantsOf('lru');
    expect(result.stdout).toContain(`${variants.length} known-buggy variants of lru`);
    for (const variant of variants) expect(result.stdout).toContain(`killed by: "${variant.killedBy}"`);
  });

  it('writes a patched variant as <dir>/<id>/index.ts and says how to run the spec against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kata-variant-test-'));
    const result = await runCli('variant.ts', ['lru', 'capacity-off-by-one', '--out', dir]);
    expect(result.code).toBe(0);
    const [variant] = (await variantsOf('lru')).filter((entry) => entry.name === 'capacity-off-by-one');
    if (variant === undefined || !('patch' in variant)) throw new Error('lru has no patched capacity-off-by-one');
    const solution = readFileSync(new URL('../solutions/lru/index.ts', import.meta.url), 'utf8');
    expect(readFileSync(join(dir, 'lru', 'index.ts'), 'utf8')).toBe(applyPatch(solution, variant));
    expect(result.stdout).toContain(`npm run kata lru -- --once --all --impl ${dir}`);
  });

  it('writes a whole-file variant as it is kept', async () => {
    const [variant] = (await variantsOf('lru')).filter((entry) => entry.name === 'map-reinsert');
    if (variant === undefined || !('file' in variant)) throw new Error('lru has no whole-file map-reinsert');
    const kept = readFileSync(new URL(`../specs/lru/${variant.file}`, import.meta.url), 'utf8');
    expect(variantCode('lru', variant)).toBe(kept);
  });

  it('suggests the closest name for a mistyped variant, and exits 2', async () => {
    const result = await runCli('variant.ts', ['lru', 'map-reinsrt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown variant of lru 'map-reinsrt'. Did you mean 'map-reinsert'?");
  });

  it('has none for a kata id that does not exist', async () => {
    expect(await variantsOf('no-such-kata')).toEqual([]);
    const result = await runCli('variant.ts', ['lur']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown kata 'lur'. Did you mean 'lru'");
  });
});
