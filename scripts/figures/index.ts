/** Every figure of the guides, built in memory, and the check that the committed files match. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheHitRatioFigure } from './cache.ts';
import { jobTimelineFigure } from './job-timeline.ts';
import type { Figure } from './markdown.ts';
import { rateLimiterFigure } from './rate-limiters.ts';

export const FIGURES_DIR = join('guides', 'figures');

/** Built one after the other: the job timeline swaps the global timers while it runs. */
export async function buildFigures(): Promise<Figure[]> {
  return [await cacheHitRatioFigure(), await rateLimiterFigure(), await jobTimelineFigure()];
}

/** The files a figure writes, relative to the repository root, with their contents. */
export function filesOf(figure: Figure): { path: string; text: string }[] {
  return [
    { path: join(FIGURES_DIR, `${figure.name}.svg`), text: figure.svg },
    { path: join(FIGURES_DIR, `${figure.name}.md`), text: figure.markdown },
  ];
}

export interface StaleFile {
  readonly path: string;
  readonly problem: 'missing' | 'differs';
}

/** The committed files (under `root`) that are missing or differ from what the figures produce now. */
export function staleFiles(root: string, figures: readonly Figure[]): StaleFile[] {
  return figures.flatMap(filesOf).flatMap(({ path, text }): StaleFile[] => {
    const file = join(root, path);
    if (!existsSync(file)) return [{ path, problem: 'missing' }];
    return readFileSync(file, 'utf8') === text ? [] : [{ path, problem: 'differs' }];
  });
}
