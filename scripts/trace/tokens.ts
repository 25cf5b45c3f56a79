/**
 * The tokenizer shared by both input syntaxes of `npm run trace`: the short one (`put 1 a; get 1; tick 500`) and
 * the replay scripts printed by failing property tests (`cache.put(1, 'a'); // -> …`). Nothing is evaluated.
 */

export type TokenKind = 'number' | 'string' | 'word' | 'punct' | 'comment' | 'newline';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written (strings: their value, without quotes or escapes). */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export class TraceInputError extends Error {
  override name = 'TraceInputError';
}

const punctuation = ['...', '=>', '+=', '-=', '>=', '<=', '===', '!==', '==', '!=', '&&', '||'];
const singles = '()[]{},;.:=<>+-*/!?&|#';

export function where(token: { line: number; column: number }): string {
  return `line ${token.line}, column ${token.column}`;
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const push = (kind: TokenKind, text: string, start: number) =>
    tokens.push({ kind, text, line, column: start - lineStart + 1 });
  while (i < input.length) {
    const char = input[i] as string;
    const start = i;
    if (char === '\n') {
      push('newline', '\n', start);
      i++;
      line++;
      lineStart = i;
    } else if (/\s/.test(char)) i++;
    else if (input.startsWith('//', i)) {
      const end = input.indexOf('\n', i);
      const stop = end === -1 ? input.length : end;
      push('comment', input.slice(i + 2, stop).trim(), start);
      i = stop;
    } else if (char === "'" || char === '"' || char === '`') {
      let value = '';
      i++;
      while (i < input.length && input[i] !== char) {
        if (input[i] === '\n') break;
        if (input[i] === '\\' && i + 1 < input.length) {
          const next = input[i + 1] as string;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else value += input[i++];
      }
      if (input[i] !== char) {
        throw new TraceInputError(`Unterminated string starting at ${where({ line, column: start - lineStart + 1 })}`);
      }
      i++;
      push('string', value, start);
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(input[i + 1] ?? ''))) {
      const match = /^(?:0x[0-9a-f]+|[0-9][0-9_]*(?:\.[0-9_]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+)/i.exec(input.slice(i));
      const text = match?.[0] ?? char;
      push('number', text.replaceAll('_', ''), start);
      i += text.length;
    } else if (/[A-Za-z_$]/.test(char)) {
      const text = /^[A-Za-z_$][\w$]*/.exec(input.slice(i))?.[0] ?? char;
      push('word', text, start);
      i += text.length;
    } else {
      const long = punctuation.find((p) => input.startsWith(p, i));
      if (long !== undefined) {
        push('punct', long, start);
        i += long.length;
      } else if (singles.includes(char)) {
        push('punct', char, start);
        i++;
      } else {
        throw new TraceInputError(
          `Unexpected character '${char}' at ${where({ line, column: start - lineStart + 1 })}`,
        );
      }
    }
  }
  return tokens;
}
