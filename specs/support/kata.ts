/**
 * The one resolver through which every spec imports the code under test.
 *
 * Which folder is tested, first match wins:
 *   1. the value `npm run kata` / `npm test` provide to the run (`inject('kataImplDir')`),
 *   2. `KATA_IMPL_DIR` (absolute, or relative to the current directory),
 *   3. the learner's `katas/`.
 * The folder must be laid out like `katas/`: `<dir>/<kata-id>/index.ts`. It may live anywhere on disk.
 *
 * A module that fails to load does not take the spec file down with it: every export becomes a stand-in that
 * throws the load error when used, so each test still runs, fails, and names the learner's file.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { traceLine } from './trace.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kataImplDir: string | undefined;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The folder holding the implementations under test (absolute). */
export function implDir(): string {
  const provided = inject('kataImplDir');
  const chosen = provided ?? process.env.KATA_IMPL_DIR;
  if (chosen === undefined || chosen === '') return join(repoRoot, 'katas');
  return isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen);
}

/** The file a kata's spec tests: `<implDir>/<id>/<file>`. */
export function implFile(id: string, file = 'index.ts'): string {
  return join(implDir(), id, file);
}

/** Thrown by every export of a module that could not be loaded. */
export class KataLoadError extends Error {
  override name = 'KataLoadError';
}

/**
 * Imports `<implDir>/<id>/<file>`. Type it with the stub's module type:
 * `await loadKata<typeof import('../../katas/lru/index.ts')>('lru')`.
 */
export async function loadKata<Module extends object>(id: string, file = 'index.ts'): Promise<Module> {
  const path = implFile(id, file);
  traceLine('load', path);
  try {
    const module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Module;
    traceLine('loaded', path);
    return module;
  } catch (error) {
    traceLine('loaded', path);
    return unloadable<Module>(path, error);
  }
}

function unloadable<Module extends object>(path: string, error: unknown): Module {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const loadError = new KataLoadError(`Could not load ${path}\n  ${reason}`, { cause: error });
  // A plain function (not an arrow), so `new Export()` reaches the construct trap and throws the load error.
  function fail(): never {
    throw loadError;
  }
  const standIn: object = new Proxy(fail, {
    get: (_target, property) => (property === Symbol.toPrimitive ? () => '[unloadable]' : standIn),
    apply: fail,
    construct: fail,
  });
  return new Proxy({} as Module, { get: (_target, property) => (property === 'then' ? undefined : standIn) });
}
