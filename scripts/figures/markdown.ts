/** A GitHub-flavoured markdown table; numbers are formatted by the caller, so the text is exactly what is quoted. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** What one figure produces: the SVG, the numbers behind it, and the lines `npm run figures` prints. */
export interface Figure {
  /** The file name without extension: `guides/figures/<name>.svg` and `<name>.md`. */
  readonly name: string;
  readonly svg: string;
  readonly markdown: string;
  readonly summary: readonly string[];
}
