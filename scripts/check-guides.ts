/**
 * `npm run check:guides` (`tsx scripts/check-guides.ts`): every link, `npm run` command, kata id and figure named by
 * README.md and guides/*.md exists; katas' READMEs link into guides/ correctly. Exits 1 with one line per problem.
 * `npm test` runs the same check through tests/guides.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { catalog } from './catalog.ts';
import { checkGuides, formatProblems } from './check-guides/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const problems = checkGuides({ root, kataIds: catalog.map((kata) => kata.id) });
if (problems.length === 0) {
  console.log('Guides: every link, command, kata id and figure resolves.');
} else {
  console.error(`Guides: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${formatProblems(problems)}`);
  process.exitCode = 1;
}
