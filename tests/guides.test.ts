import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../scripts/catalog.ts';
import { anchorsOf, checkGuides, formatProblems, githubSlug, testNamesAfter } from '../scripts/check-guides/index.ts';
import { repoRoot } from './helpers.ts';

/** A tiny repository: package.json with three scripts, and the given files. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'guides-check-'));
  const all = { 'package.json': JSON.stringify({ scripts: { kata: 'x', bench: 'y', demo: 'z' } }), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const check = (root: string) => checkGuides({ root, kataIds: ['lru', 'token-bucket'] });

describe('the real guides', () => {
  it('have no broken link, unknown command, unknown kata id or missing figure', () => {
    const problems = checkGuides({ root: repoRoot, kataIds: catalog.map((kata) => kata.id) });
    expect(formatProblems(problems)).toBe('');
  });
});

describe('githubSlug', () => {
  it.each([
    { heading: 'A study plan in four phases', slug: 'a-study-plan-in-four-phases' },
    { heading: 'Failure modes & what to do', slug: 'failure-modes--what-to-do' },
    { heading: 'Why O(1)? LRU vs. LFU', slug: 'why-o1-lru-vs-lfu' },
    { heading: 'npm_run bench', slug: 'npm_run-bench' },
  ])('turns "$heading" into #$slug', ({ heading, slug }) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  it('numbers repeated headings as GitHub does, and reads code in headings as text', () => {
    expect([...anchorsOf('# Scale\n## Scale\n### `get` is O(1)\n```\n# not a heading\n```\n')]).toEqual([
      'scale',
      'scale-1',
      'get-is-o1',
    ]);
  });
});

describe('a broken guide', () => {
  const root = fixture({
    'README.md': '# Top\n\nSee [the guides](guides/README.md) and [nothing](guides/missing.md).\n',
    'guides/README.md': [
      '# Guides', // 1
      '', // 2
      '## Study plan', // 3
      '', // 4
      'Jump to [the plan](#study-plan) or [nowhere](#no-such-heading).', // 5
      'Read [the cache guide](cache.md#eviction) and [the spec](../specs/lru/l1-core.spec.ts).', // 6
      'Run `npm run kata lru`, then `npm run kata lur` and `npm run progress`.', // 7
      '```sh', // 8
      'npm run demo cache', // 9
      'npm run demo cahce', // 10
      'npm run bench -- lru tokenbucket', // 11
      '[not a link](nope.md)', // 12
      '```', // 13
      '![hit ratio](figures/cache-hit-ratio.svg)', // 14
      'The figure `guides/figures/job-timeline.svg` too, and `[code](not-a-link.md)` is not a link.', // 15
    ].join('\n'),
    'guides/cache.md': '# Cache\n\n## Eviction order\n',
    'specs/lru/l1-core.spec.ts': '',
    'katas/lru/README.md': '# LRU\n\n[guide](../../guides/cache.md#eviction-order), [bad](../../guides/nope.md)\n',
  });
  const problems = check(root);
  const lines = formatProblems(problems).split('\n');

  it('lists each problem once, as file:line, what and why', () => {
    expect(lines).toEqual([
      'README.md:3  link `guides/missing.md` — guides/missing.md does not exist',
      'guides/README.md:5  link `#no-such-heading` — guides/README.md has no heading whose anchor is #no-such-heading',
      'guides/README.md:6  link `cache.md#eviction` — guides/cache.md has no heading whose anchor is #eviction',
      'guides/README.md:7  `npm run kata lur` — "lur" is not a kata id in scripts/catalog.ts',
      'guides/README.md:7  `npm run progress` — package.json has no script "progress"',
      'guides/README.md:10  `npm run demo cahce` — "cahce" is not a system (cache, rate-limiter, job-processor)',
      'guides/README.md:11  `npm run bench -- tokenbucket` — "tokenbucket" is not a kata id in scripts/catalog.ts',
      'guides/README.md:14  link `figures/cache-hit-ratio.svg` — guides/figures/cache-hit-ratio.svg does not exist',
      'guides/README.md:15  figure `guides/figures/job-timeline.svg` — guides/figures/job-timeline.svg does not exist (npm run figures writes the figures)',
      'katas/lru/README.md:3  link `../../guides/nope.md` — guides/nope.md does not exist',
    ]);
  });

  it('accepts a figure that exists', () => {
    const withFigure = fixture({
      'guides/README.md': '![f](figures/a.svg) and `guides/figures/a.svg`\n',
      'guides/figures/a.svg': '<svg/>',
    });
    expect(check(withFigure)).toEqual([]);
  });

  it('ignores links outside guides/ in a kata README, external links and links in code', () => {
    const root2 = fixture({
      'guides/README.md': '[site](https://example.com) `[x](missing.md)`\n```\n[y](missing.md)\n```\n',
      'katas/lru/README.md': '[spec](../../specs/missing.spec.ts)\n',
    });
    expect(check(root2)).toEqual([]);
  });

  it('checks the test names quoted after a link to a spec against that spec', () => {
    const root3 = fixture({
      'specs/lru/l1-core.spec.ts':
        "describe('get', () => {\n  it('evicts the least recently used key when full', () => {});\n});\n",
      'guides/cache.md': [
        '# Cache',
        'See [`l1`](../specs/lru/l1-core.spec.ts) ("evicts the least recently used key",',
        '"a test that was renamed"), and [`l1`](../specs/lru/l1-core.spec.ts): "get".',
      ].join('\n'),
    });
    expect(formatProblems(check(root3))).toBe(
      'guides/cache.md:2  test name "a test that was renamed" — specs/lru/l1-core.spec.ts has no test or suite with that name',
    );
  });
});

describe('testNamesAfter', () => {
  it.each([
    { after: ' ("one", "two") and more', names: ['one', 'two'] },
    { after: ': "one".', names: ['one'] },
    { after: ', "one" and "two")', names: ['one', 'two'] },
    { after: ') ("one")', names: ['one'] },
    { after: ' and then "not a name"', names: [] },
  ])('reads $names from "$after"', ({ after, names }) => {
    expect(testNamesAfter(after)).toEqual(names);
  });
});
