/** Formats values the way a learner would type them, for failure messages and replayable scripts. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.description === undefined ? 'Symbol()' : `Symbol('${value.description}')`;
  if (typeof value === 'function') return value.name === '' ? '[Function]' : `[Function ${value.name}]`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value instanceof Error) return `${value.name}(${show(value.message)})`;
  if (value instanceof Map) return `Map(${show([...value])})`;
  if (value instanceof Set) return `Set(${show([...value])})`;
  const entries = Object.entries(value as Record<string, unknown>);
  const name = Object.getPrototypeOf(value) === Object.prototype ? '' : `${value.constructor?.name ?? 'Object'} `;
  return `${name}{ ${entries.map(([key, inner]) => `${key}: ${show(inner)}`).join(', ')} }`.replace('{  }', '{}');
}
