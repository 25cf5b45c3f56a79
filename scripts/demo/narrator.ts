/** How a demo talks: a heading per scene, one line of narration per step (what and why), then what happened. */
import { bold, cyan, dim } from '../lib/render.ts';

export type Write = (line: string) => void;

export class Narrator {
  readonly #write: Write;
  #scene = 0;

  constructor(write: Write) {
    this.#write = write;
  }

  /** A numbered scene: the behaviour an interviewer asks about. */
  scene(title: string): void {
    this.#scene++;
    this.#write('');
    this.#write(bold(`${this.#scene}. ${title}`));
  }

  /** What the next step does and why it matters. */
  step(narration: string): void {
    this.#write(`${cyan('▸')} ${narration}`);
  }

  /** What happened (indented under the step). */
  show(...lines: string[]): void {
    for (const line of lines) this.#write(`    ${line}`);
  }

  /** The lesson of a scene, once it is proven. */
  takeaway(text: string): void {
    this.#write(dim(`  ⇒ ${text}`));
  }

  title(text: string): void {
    this.#write(bold(text));
  }

  line(text = ''): void {
    this.#write(text);
  }
}

/** `'a'` for strings, the number as is, `[a, b]` for arrays: how values read in the narration. */
export function fmt(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(fmt).join(', ')}]`;
  if (value === undefined) return 'undefined';
  return String(value);
}
