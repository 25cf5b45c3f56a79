/** A kata README split into its introduction and its `## Level N · …` sections. */
import { readFileSync } from 'node:fs';

export interface ReadmeParts {
  /** Everything before the first level heading. */
  readonly intro: string;
  /** Level sections in order, each from its heading up to the next level heading (or the next `## ` heading). */
  readonly levels: readonly string[];
  /** Whatever follows the last level section (follow-up questions and the like). */
  readonly outro: string;
}

export function splitReadme(text: string): ReadmeParts {
  const lines = text.split('\n');
  const levels: string[][] = [];
  const intro: string[] = [];
  const outro: string[] = [];
  let inLevels = false;
  for (const line of lines) {
    if (/^## Level \d/.test(line)) {
      inLevels = true;
      levels.push([line]);
    } else if (line.startsWith('## ') && inLevels) {
      inLevels = false;
      outro.push(line);
    } else if (inLevels) {
      levels.at(-1)?.push(line);
    } else if (levels.length === 0) {
      intro.push(line);
    } else {
      outro.push(line);
    }
  }
  return {
    intro: intro.join('\n').trim(),
    levels: levels.map((section) => section.join('\n').trim()),
    outro: outro.join('\n').trim(),
  };
}

export function readReadme(path: string): ReadmeParts {
  try {
    return splitReadme(readFileSync(path, 'utf8'));
  } catch {
    return { intro: '', levels: [], outro: '' };
  }
}

/** The README as far as the challenge has revealed it: the introduction and levels 1..`upTo`. */
export function revealed(parts: ReadmeParts, upTo: number): string {
  return [parts.intro, ...parts.levels.slice(0, upTo)].join('\n\n');
}
