/** "Did you mean …" for mistyped names: the closest candidates by edit distance, or by prefix. */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Candidates within a third of the word's length in edits (at least 2), or that start with it; closest first. */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const needle = word.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(needle, candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= limit || (needle.length > 1 && candidate.startsWith(needle)))
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
}

/** The sentence to print for an unknown name. */
export function unknownName(kind: string, word: string, candidates: readonly string[]): string {
  const close = suggest(word, candidates);
  const guess = close.length === 0 ? '' : ` Did you mean ${close.map((name) => `'${name}'`).join(' or ')}?`;
  return `Unknown ${kind} '${word}'.${guess} Known: ${candidates.join(', ')}.`;
}
