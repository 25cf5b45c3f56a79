/** Terminal output: colours only on a TTY (or FORCE_COLOR), never with NO_COLOR. */

const useColor = (() => {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
})();

const paint =
  (open: number, close: number) =>
  (text: string): string =>
    useColor ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const bold = paint(1, 22);
export const dim = paint(2, 22);
export const red = paint(31, 39);
export const green = paint(32, 39);
export const yellow = paint(33, 39);
export const cyan = paint(36, 39);

/** `██████░░░░` for `done` out of `total`. */
export function bar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  const text = '█'.repeat(filled) + '░'.repeat(width - filled);
  return done === total && total > 0 ? green(text) : text;
}

export function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

export function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

/** Pads to `width` visible characters (ignoring colour codes). */
export function pad(text: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const visible = text.replace(/\u001b\[\d+m/g, '').length;
  return text + ' '.repeat(Math.max(0, width - visible));
}

/** Clears the terminal when there is one; otherwise separates runs with a rule. */
export function clearScreen(): string {
  return process.stdout.isTTY === true ? '\u001b[2J\u001b[3J\u001b[H' : `\n${'─'.repeat(72)}\n`;
}
