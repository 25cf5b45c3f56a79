/** A binary heap stored in an array, drawn as an outline: index i's children are 2i + 1 (first) and 2i + 2. */
export function heapTree(labels: readonly string[]): string[] {
  const lines: string[] = [];
  const visit = (index: number, prefix: string, connector: string, childPrefix: string) => {
    const label = labels[index];
    if (label === undefined) return;
    lines.push(`${prefix}${connector}[${index}] ${label}`);
    const children = [2 * index + 1, 2 * index + 2].filter((child) => child < labels.length);
    children.forEach((child, n) => {
      const last = n === children.length - 1;
      visit(child, prefix + childPrefix, last ? '└─ ' : '├─ ', last ? '   ' : '│  ');
    });
  };
  visit(0, '', '', '');
  return lines;
}
