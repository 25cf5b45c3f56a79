/**
 * Reads the operations to trace, in either syntax, into one list of steps:
 *
 *   short:  put 1 a; get 1; put 3 c ttl=50; tick 500        (words, numbers, 'quoted strings', name=value)
 *   replay: const cache = new LRUCache<number, string>(3);  (what a failing property test prints; pasted as is)
 *           cache.put(1, 'a');
 *           cache.get(1); // -> 'a'
 *           t += 500; // t = 500
 *
 * A replay is read with a small expression parser that accepts literals (numbers, strings, arrays, objects,
 * `undefined`, `handles[i]`), calls on the object under test and the clock statements; arrow functions are kept
 * as text and never run. Nothing is evaluated: no `eval`, no `Function`.
 */
import { type Token, TraceInputError, tokenize, where } from './tokens.ts';

/** An arrow function from a replay (a comparator, a `now`, a listener): kept as text, never called. */
export class Fn {
  constructor(readonly text: string) {}
}

/** `handles[i]` in a priority-queue replay: the handle returned by the i-th push. */
export class HandleRef {
  constructor(readonly index: number) {}
}

export type Value =
  | number
  | string
  | boolean
  | null
  | undefined
  | Fn
  | HandleRef
  | readonly Value[]
  | { readonly [key: string]: Value };

export type Step =
  | { readonly kind: 'setup'; readonly className: string; readonly args: readonly Value[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Value[]; readonly inspect: boolean };

export interface Located {
  readonly step: Step;
  /** 1-based number of the operation in the input (statements that change nothing, like declarations, count). */
  readonly number: number;
  readonly line: number;
  readonly column: number;
  /** The statement as written. */
  readonly text: string;
  /** A replay's trailing comment (`-> 'a'`, `expected undefined, got 'a'`), shown beside the traced result. */
  readonly note?: string;
}

export const isRecord = (value: Value): value is { readonly [key: string]: Value } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Fn) &&
  !(value instanceof HandleRef);

/** The replay block of a pasted failure message (the indented lines after `Replay:`), or the whole input. */
export function replayBlock(input: string): string {
  const lines = input.replaceAll('\r\n', '\n').split('\n');
  const start = lines.findIndex((line) => /Replay:\s*$/.test(line));
  if (start === -1) return input;
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') {
      if (block.length > 0) break;
      continue;
    }
    block.push(line);
  }
  return block.join('\n');
}

/** Parses either syntax: the replay one when the input has a parenthesis, the short one otherwise. */
export function parseOperations(input: string): Located[] {
  const text = replayBlock(input);
  const tokens = tokenize(text);
  const lines = text.split('\n');
  const statements = splitStatements(tokens);
  const replay = tokens.some((token) => token.text === '(' && token.kind === 'punct');
  return statements.map(({ tokens: body, comment }, index) => {
    const first = body[0] as Token;
    const last = body.at(-1) as Token;
    const source = lines[first.line - 1] ?? '';
    const sameLine = first.line === last.line;
    const written = sameLine ? source.slice(first.column - 1, last.column - 1 + lengthOf(last)) : tokensText(body);
    const located = { number: index + 1, line: first.line, column: first.column, text: written.trim() };
    try {
      const step = replay ? replayStep(body) : shortStep(body);
      return { ...located, step, ...(comment === undefined ? {} : { note: comment }) };
    } catch (error) {
      if (error instanceof TraceInputError) {
        throw new TraceInputError(
          `Operation ${located.number} (${where(located)}) \`${located.text}\`: ${error.message}`,
        );
      }
      throw error;
    }
  });
}

function lengthOf(token: Token): number {
  return token.kind === 'string' ? token.text.length + 2 : token.text.length;
}

function tokensText(tokens: readonly Token[]): string {
  return tokens.map((token) => (token.kind === 'string' ? `'${token.text}'` : token.text)).join(' ');
}

/** Statements end at `;` (both syntaxes) or at a line end (short syntax, and replay lines without `;`). */
function splitStatements(tokens: readonly Token[]): { tokens: Token[]; comment?: string }[] {
  const statements: { tokens: Token[]; comment?: string; line: number }[] = [];
  let current: Token[] = [];
  let depth = 0;
  let lastEnded: { tokens: Token[]; comment?: string; line: number } | undefined;
  const end = () => {
    if (current.length > 0) {
      lastEnded = { tokens: current, line: (current.at(-1) as Token).line };
      statements.push(lastEnded);
    }
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'comment') {
      // A comment after a statement, on its line, is that statement's note.
      if (current.length === 0 && lastEnded !== undefined && lastEnded.line === token.line) {
        lastEnded.comment = token.text;
      } else if (current.length > 0) {
        end();
        if (lastEnded !== undefined) lastEnded.comment = token.text;
      }
      continue;
    }
    if (token.kind === 'punct' && '([{'.includes(token.text)) depth++;
    if (token.kind === 'punct' && ')]}'.includes(token.text)) depth--;
    if ((token.text === ';' && token.kind === 'punct') || (token.kind === 'newline' && depth <= 0)) end();
    else if (token.kind !== 'newline') current.push(token);
  }
  end();
  return statements.map(({ tokens: body, comment }) =>
    comment === undefined ? { tokens: body } : { tokens: body, comment },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The short syntax: `word arg* name=value*`

function shortStep(tokens: readonly Token[]): Step {
  const [head, ...rest] = tokens;
  if (head === undefined || head.kind !== 'word') {
    throw new TraceInputError(`expected an operation name, got '${head?.text ?? ''}'`);
  }
  const args: Value[] = [];
  const options: Record<string, Value> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as Token;
    const next = rest[i + 1];
    if (token.kind === 'word' && next?.text === '=') {
      const value = rest[i + 2];
      if (value === undefined) throw new TraceInputError(`expected a value after '${token.text}='`);
      const negative = value.text === '-' && rest[i + 3]?.kind === 'number';
      options[token.text] = negative ? -Number(rest[i + 3]?.text) : shortValue(value);
      i += negative ? 3 : 2;
    } else if (token.text === '-' && next?.kind === 'number') {
      args.push(-Number(next.text));
      i++;
    } else args.push(shortValue(token));
  }
  if (Object.keys(options).length > 0) args.push(options);
  if (head.text === 'new' || head.text === 'from') {
    return { kind: 'setup', className: head.text, args };
  }
  return { kind: 'call', name: head.text, args, inspect: false };
}

function shortValue(token: Token): Value {
  if (token.kind === 'number') return Number(token.text);
  if (token.kind === 'string') return token.text;
  if (token.kind === 'word') {
    if (token.text === 'undefined') return undefined;
    if (token.text === 'Infinity') return Number.POSITIVE_INFINITY;
    return token.text;
  }
  throw new TraceInputError(`unexpected '${token.text}' (values are numbers, words or 'quoted strings')`);
}

// ---------------------------------------------------------------------------------------------------------------
// The replay syntax: a tiny subset of TypeScript, parsed, never evaluated.

type Expr =
  | { readonly k: 'value'; readonly value: Value }
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'member'; readonly object: Expr; readonly name: string }
  | { readonly k: 'index'; readonly object: Expr; readonly index: Expr }
  | { readonly k: 'call'; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly k: 'array'; readonly items: readonly Expr[] }
  | { readonly k: 'object'; readonly props: ReadonlyArray<readonly [string, Expr]> }
  | { readonly k: 'spread'; readonly inner: Expr }
  | { readonly k: 'neg'; readonly inner: Expr };

class Cursor {
  #i = 0;
  constructor(readonly tokens: readonly Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.#i + offset];
  }
  next(): Token {
    const token = this.tokens[this.#i++];
    if (token === undefined) throw new TraceInputError('the statement ends too early');
    return token;
  }
  is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== 'string' && token.text === text;
  }
  expect(text: string): Token {
    const token = this.peek();
    if (token === undefined || token.kind === 'string' || token.text !== text) {
      throw new TraceInputError(`expected '${text}', got ${token === undefined ? 'the end' : `'${token.text}'`}`);
    }
    return this.next();
  }
  get done(): boolean {
    return this.#i >= this.tokens.length;
  }
  get rest(): readonly Token[] {
    return this.tokens.slice(this.#i);
  }
}

const declarations = new Set(['const', 'let', 'var']);

function replayStep(tokens: readonly Token[]): Step {
  const c = new Cursor(tokens);
  // Clock statements: `let t = 0`, `t += 5`, `t -= 5`, `t = 5`.
  if (c.is('let') && c.is('t', 1) && c.is('=', 2)) {
    c.next();
    c.next();
    c.next();
    return { kind: 'call', name: 'clock', args: [literal(expression(c))], inspect: false };
  }
  if (c.is('t') && (c.is('+=', 1) || c.is('-=', 1) || c.is('=', 1))) {
    c.next();
    const op = c.next().text;
    const amount = literal(expression(c));
    if (typeof amount !== 'number') throw new TraceInputError('the clock moves by a number of milliseconds');
    return {
      kind: 'call',
      name: op === '=' ? 'clock' : 'tick',
      args: [op === '-=' ? -amount : amount],
      inspect: false,
    };
  }
  if (declarations.has(c.peek()?.text ?? '')) {
    c.next();
    c.next(); // the name
    if (c.is(':')) while (!c.done && !c.is('=')) c.next(); // a type annotation
    c.expect('=');
    const value = expression(c);
    if (value.k === 'array' && value.items.length === 0) return ignored; // `const events: unknown[] = [];`
    return setupOf(value);
  }
  const expr = expression(c);
  return callOf(expr, c);
}

const ignored: Step = { kind: 'call', name: '', args: [], inspect: true };

function setupOf(expr: Expr): Step {
  // `new LRUCache<…>(3, {…})` parses as a call on the ref `new LRUCache`; `PriorityQueue.from([…], cmp)` as a call.
  if (expr.k === 'call' && expr.callee.k === 'ref' && expr.callee.name.startsWith('new ')) {
    return { kind: 'setup', className: expr.callee.name.slice(4), args: expr.args.map(literal) };
  }
  if (
    expr.k === 'call' &&
    expr.callee.k === 'member' &&
    expr.callee.name === 'from' &&
    expr.callee.object.k === 'ref'
  ) {
    return { kind: 'setup', className: `${expr.callee.object.name}.from`, args: expr.args.map(literal) };
  }
  throw new TraceInputError('expected `new <Class>(…)` or `<Class>.from(…)`');
}

/** Side-effect-free reads: shown, never required to change anything. */
const reads = new Set(['size', 'trackedKeys', 'keys', 'values', 'entries', 'stats', 'capacity', 'limit', 'windowMs']);

function callOf(expr: Expr, c: Cursor): Step {
  let inner = expr;
  // `[...cache.keys()]` and `({ ...limiter.tryAcquire('a') })`
  if (inner.k === 'array' && inner.items.length === 1 && inner.items[0]?.k === 'spread') inner = inner.items[0].inner;
  if (inner.k === 'object' && inner.props.length === 1 && inner.props[0]?.[0] === '...') inner = inner.props[0][1];
  // `handles.push(queue.push(item))`
  if (isCallOn(inner, 'handles', 'push') && inner.k === 'call' && inner.args[0] !== undefined) inner = inner.args[0];
  // `events.splice(0)`, `expired.splice(0).sort(…)`: the trace shows listener calls after every step anyway.
  if (rootName(inner) === 'events' || rootName(inner) === 'expired') return ignored;
  // `Array.from({ length: queue.size }, () => queue.pop())`: pop everything.
  if (isCallOn(inner, 'Array', 'from')) return { kind: 'call', name: 'drain', args: [], inspect: false };
  const trailing = !c.done;
  if (inner.k === 'call' && inner.callee.k === 'member' && inner.callee.object.k === 'ref') {
    const name = inner.callee.name;
    if (trailing && !reads.has(name)) throw new TraceInputError(`unexpected '${c.peek()?.text}' after the call`);
    return { kind: 'call', name, args: inner.args.map(literal), inspect: reads.has(name) };
  }
  if (inner.k === 'call' && inner.callee.k === 'ref') {
    // A fast-check command as printed in a counterexample: `put(1, 'a')`, `advance(5)`.
    return { kind: 'call', name: inner.callee.name, args: inner.args.map(literal), inspect: false };
  }
  if (inner.k === 'member' && inner.object.k === 'ref') {
    // `cache.size`, `limiter.trackedKeys >= 1 && …`: a read; what follows it is the replay's own check.
    return { kind: 'call', name: inner.name, args: [], inspect: true };
  }
  throw new TraceInputError('expected a call such as `cache.get(1)` or a clock step such as `t += 5`');
}

function isCallOn(expr: Expr, object: string, method: string): boolean {
  return (
    expr.k === 'call' &&
    expr.callee.k === 'member' &&
    expr.callee.name === method &&
    expr.callee.object.k === 'ref' &&
    expr.callee.object.name === object
  );
}

function rootName(expr: Expr): string | undefined {
  if (expr.k === 'ref') return expr.name;
  if (expr.k === 'member' || expr.k === 'index') return rootName(expr.object);
  if (expr.k === 'call') return rootName(expr.callee);
  return undefined;
}

function expression(c: Cursor): Expr {
  if (c.is('-')) {
    c.next();
    return { k: 'neg', inner: expression(c) };
  }
  if (c.is('...')) {
    c.next();
    return { k: 'spread', inner: expression(c) };
  }
  let expr = primary(c);
  for (;;) {
    if (c.is('.')) {
      c.next();
      const name = c.next();
      if (name.kind !== 'word') throw new TraceInputError(`expected a property name after '.', got '${name.text}'`);
      expr = { k: 'member', object: expr, name: name.text };
    } else if (c.is('[')) {
      c.next();
      const index = expression(c);
      c.expect(']');
      expr = { k: 'index', object: expr, index };
    } else if (c.is('(')) {
      c.next();
      expr = { k: 'call', callee: expr, args: list(c, ')') };
    } else return expr;
  }
}

function list(c: Cursor, close: string): Expr[] {
  const items: Expr[] = [];
  while (!c.is(close)) {
    items.push(expression(c));
    if (!c.is(close)) c.expect(',');
  }
  c.expect(close);
  return items;
}

function primary(c: Cursor): Expr {
  const token = c.peek();
  if (token === undefined) throw new TraceInputError('the statement ends too early');
  if (token.kind === 'number') return { k: 'value', value: Number(c.next().text) };
  if (token.kind === 'string') return { k: 'value', value: c.next().text };
  if (arrowAhead(c)) return { k: 'value', value: arrow(c) };
  if (c.is('[')) {
    c.next();
    return { k: 'array', items: list(c, ']') };
  }
  if (c.is('{')) {
    c.next();
    const props: [string, Expr][] = [];
    while (!c.is('}')) {
      if (c.is('...')) {
        c.next();
        props.push(['...', expression(c)]);
      } else {
        const key = c.next();
        if (key.kind !== 'word' && key.kind !== 'string' && key.kind !== 'number') {
          throw new TraceInputError(`expected a property name, got '${key.text}'`);
        }
        if (c.is(':')) {
          c.next();
          props.push([key.text, expression(c)]);
        } else props.push([key.text, { k: 'ref', name: key.text }]);
      }
      if (!c.is('}')) c.expect(',');
    }
    c.expect('}');
    return { k: 'object', props };
  }
  if (c.is('(')) {
    c.next();
    const inner = expression(c);
    c.expect(')');
    return inner;
  }
  if (token.kind === 'word') {
    c.next();
    if (token.text === 'new') {
      const name = c.next();
      if (c.is('<')) skipGenerics(c);
      return { k: 'ref', name: `new ${name.text}` };
    }
    return { k: 'ref', name: token.text };
  }
  throw new TraceInputError(`unexpected '${token.text}'`);
}

function skipGenerics(c: Cursor): void {
  let depth = 0;
  do {
    const token = c.next();
    if (token.text === '<') depth++;
    if (token.text === '>') depth--;
  } while (depth > 0);
}

/** `x => …`, `() => …`, `(a, b) => …`. */
function arrowAhead(c: Cursor): boolean {
  if (c.peek()?.kind === 'word' && c.is('=>', 1)) return true;
  if (!c.is('(')) return false;
  let depth = 0;
  for (let i = 0; ; i++) {
    const token = c.peek(i);
    if (token === undefined) return false;
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (depth === 0) return c.is('=>', i + 1);
  }
}

/** Skips an arrow function, keeping its text: up to a `,` `)` `]` `}` that closes nothing inside it. */
function arrow(c: Cursor): Fn {
  const parts: string[] = [];
  let depth = 0;
  while (!c.done) {
    const token = c.peek() as Token;
    if (depth === 0 && [',', ')', ']', '}'].includes(token.text) && token.kind === 'punct' && parts.includes('=>'))
      break;
    if ('([{'.includes(token.text) && token.kind === 'punct') depth++;
    if (')]}'.includes(token.text) && token.kind === 'punct') depth--;
    parts.push(token.kind === 'string' ? `'${token.text}'` : token.text);
    c.next();
  }
  return new Fn(parts.join(' '));
}

const constants: Record<string, Value> = {
  undefined: undefined,
  null: null,
  true: true,
  false: false,
  Infinity: Number.POSITIVE_INFINITY,
  NaN: Number.NaN,
};

/** The value a literal expression denotes; anything that would need running code is refused. */
function literal(expr: Expr): Value {
  switch (expr.k) {
    case 'value':
      return expr.value;
    case 'neg': {
      const inner = literal(expr.inner);
      if (typeof inner !== 'number') throw new TraceInputError('only numbers can be negated');
      return -inner;
    }
    case 'array':
      return expr.items.map(literal);
    case 'object':
      return Object.fromEntries(expr.props.map(([key, value]) => [key, literal(value)]));
    case 'ref':
      if (Object.hasOwn(constants, expr.name)) return constants[expr.name];
      if (expr.name === 't') return new Fn('t');
      throw new TraceInputError(`'${expr.name}' is not a value the trace can read (use a literal)`);
    case 'index':
      if (expr.object.k === 'ref' && expr.object.name === 'handles') {
        const index = literal(expr.index);
        if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0) return new HandleRef(index);
      }
      throw new TraceInputError('only `handles[<number>]` can be indexed');
    case 'call':
      throw new TraceInputError('a call inside the arguments is never run: write the value itself');
    default:
      throw new TraceInputError('expected a literal value (number, string, array, object, undefined)');
  }
}
