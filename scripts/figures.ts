/**
 * npm run figures            regenerate the guides' figures (guides/figures/*.svg and the *.md tables behind them)
 * npm run figures -- --check exit 1 naming every committed figure that is missing or differs from a fresh run
 *
 * Every figure comes from a real run of the reference solutions (solutions/<id>) with seeded traces and injected
 * clocks, rendered by Vega-Lite to SVG without a browser, so two runs give the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFigures, FIGURES_DIR, filesOf, staleFiles } from './figures/index.ts';

/** Where guides/figures lives; FIGURES_ROOT moves it (the tests check a copy). */
const root = process.env.FIGURES_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const usage = 'Usage: npm run figures [-- --check]';

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.map((arg) => `'${arg}'`).join(', ')}. ${usage}`);
    return 2;
  }
  const started = performance.now();
  const figures = await buildFigures();
  const elapsed = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (args.includes('--check')) {
    const stale = staleFiles(root, figures);
    if (stale.length === 0) {
      console.log(`Figures are current: ${figures.length} figures in ${FIGURES_DIR}/ match a fresh run (${elapsed}).`);
      return 0;
    }
    for (const { path, problem } of stale)
      console.error(`${path}: ${problem === 'missing' ? 'missing' : 'differs from a fresh run'}`);
    console.error(`${stale.length} figure file(s) out of date: run \`npm run figures\` and commit ${FIGURES_DIR}/.`);
    return 1;
  }
  for (const figure of figures) {
    for (const { path, text } of filesOf(figure)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    console.log(`${join(FIGURES_DIR, figure.name)}.svg (+ .md)`);
    for (const line of figure.summary) console.log(`  ${line}`);
  }
  console.log(`Wrote ${figures.length * 2} files in ${elapsed}.`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
