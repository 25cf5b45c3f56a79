/**
 * npm run shipped           rewrites scripts/shipped.json: the blob ids of the committed stubs and of the specs
 * npm run shipped -- --check  exits 1 when the file is out of date (npm test runs this check)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { computeShipped, shippedPath } from './lib/shipped.ts';

const text = `${JSON.stringify(computeShipped(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(shippedPath, 'utf8');
  } catch {
    // Missing: out of date.
  }
  if (current !== text) {
    process.stderr.write('scripts/shipped.json is out of date: run `npm run shipped` and commit it.\n');
    process.exit(1);
  }
} else {
  writeFileSync(shippedPath, text);
  process.stdout.write(`Wrote ${shippedPath}\n`);
}
