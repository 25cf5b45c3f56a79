/**
 * The guide checker: every link, command and figure the guides name must exist, so a reader who follows them
 * top to bottom never meets a dead end.
 *
 * Checked files: README.md and guides/*.md in full; katas/<id>/README.md for their links into guides/.
 * - A relative link (`[text](path)`, `![alt](path)`, `[label]: path`, `<img src="path">`) resolves to a file or
 *   folder, and its `#anchor`, if any, to a heading of the target (GitHub's slugs) or of the same file.
 * - Every `npm run <script>` names a script of package.json.
 * - Every kata id given to `npm run kata|challenge|hint|reset|trace|variant|bench` is in the catalog, and every system
 *   given to `npm run demo` is one of the three.
 * - A test name quoted right after a link to a spec file (`[spec](../specs/lru/l1-core.spec.ts) ("evicts …")`)
 *   occurs in that file, so a guide never cites a test that was renamed.
 * - Every figure path mentioned (`guides/figures/<name>.svg`, linked or in code) exists;
 *   a linked one is reported once, as a link.
 * Fenced code blocks are skipped for links (they are code) but read for commands and figures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The systems `npm run demo <system>` accepts. */
export const DEMO_SYSTEMS: readonly string[] = ['cache', 'rate-limiter', 'job-processor'];

/** Commands whose first argument is a kata id. */
const KATA_COMMANDS = ['kata', 'challenge', 'hint', 'reset', 'trace', 'variant'] as const;

export interface Problem {
  /** Relative to the root, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly what: string;
  readonly why: string;
}

export interface CheckOptions {
  /** The repository root. */
  readonly root: string;
  /** The catalog's kata ids. */
  readonly kataIds: readonly string[];
  /** package.json's scripts; default: read from `<root>/package.json`. */
  readonly scripts?: readonly string[];
}

/** GitHub's heading anchor: lower case, punctuation dropped (except `-` and `_`), spaces to `-`. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The text a heading shows: links reduced to their text, code and emphasis marks dropped. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/\s+#+\s*$/, '');
}

interface Line {
  readonly number: number;
  readonly text: string;
  readonly inFence: boolean;
}

function linesOf(markdown: string): Line[] {
  const out: Line[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      out.push({ number: index + 1, text, inFence: true });
      return;
    }
    out.push({ number: index + 1, text, inFence: fence !== undefined });
  });
  return out;
}

/** The anchors of a markdown file: its headings' slugs (duplicates numbered as GitHub does) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of linesOf(markdown)) {
    if (line.inFence) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line.text)?.[1];
    if (heading !== undefined) {
      const slug = githubSlug(headingText(heading));
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] as string);
  }
  return anchors;
}

/** [start, end) of each inline code span of a line. */
function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const pattern = /(`+)[\s\S]*?\1/g;
  for (const match of text.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

const inSpan = (spans: readonly [number, number][], at: number) => spans.some(([s, e]) => at >= s && at < e);

interface Link {
  readonly target: string;
  readonly line: number;
  /** The text after the link: the rest of its line and the next two, joined by spaces. */
  readonly after: string;
}

function linksOf(lines: readonly Line[]): Link[] {
  const links: Link[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.inFence) continue;
    const spans = codeSpans(line.text);
    const patterns = [
      /!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
      /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/g,
      /<img\s[^>]*src="([^"]+)"/g,
    ];
    for (const pattern of patterns) {
      for (const match of line.text.matchAll(pattern)) {
        if (inSpan(spans, match.index)) continue;
        const following = lines.slice(index + 1, index + 3).map((next) => next.text.trim());
        const after = [line.text.slice(match.index + match[0].length), ...following].join(' ').replace(/\s+/g, ' ');
        links.push({ target: match[1] as string, line: line.number, after });
      }
    }
  }
  return links;
}

/**
 * The test or suite names quoted right after a link to a spec, as the guides cite them:
 * `[spec](path) ("name", "other name")`, `[spec](path): "name"` or `([spec](path), "name")`.
 */
export function testNamesAfter(after: string): string[] {
  const quoted = /^\)?(?::|,)? ?\(?("[^"]+"(?:,? (?:and )?"[^"]+")*)/.exec(after)?.[1];
  return quoted === undefined ? [] : [...quoted.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** The markdown files to check, relative to the root, and whether each is checked in full. */
function filesToCheck(root: string): { file: string; full: boolean }[] {
  const files: { file: string; full: boolean }[] = [];
  if (existsSync(join(root, 'README.md'))) files.push({ file: 'README.md', full: true });
  const guides = join(root, 'guides');
  if (existsSync(guides)) {
    for (const name of readdirSync(guides).sort()) {
      if (name.endsWith('.md')) files.push({ file: `guides/${name}`, full: true });
    }
  }
  const katas = join(root, 'katas');
  if (existsSync(katas)) {
    for (const name of readdirSync(katas).sort()) {
      if (existsSync(join(katas, name, 'README.md'))) files.push({ file: `katas/${name}/README.md`, full: false });
    }
  }
  return files;
}

function readScripts(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return Object.keys(manifest.scripts ?? {});
}

/** Only a word shaped like an id is taken as one: not a placeholder (`<id>`), an option or punctuation. */
const placeholder = (token: string) => !/^[a-z][a-z0-9-]*$/.test(token);

export function checkGuides(options: CheckOptions): Problem[] {
  const root = resolve(options.root);
  const scripts = new Set(options.scripts ?? readScripts(root));
  const kataIds = new Set(options.kataIds);
  const problems: Problem[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsFor = (absolute: string) => {
    let anchors = anchorCache.get(absolute);
    if (anchors === undefined) {
      anchors = anchorsOf(readFileSync(absolute, 'utf8'));
      anchorCache.set(absolute, anchors);
    }
    return anchors;
  };

  for (const { file, full } of filesToCheck(root)) {
    const absoluteFile = join(root, file);
    const lines = linesOf(readFileSync(absoluteFile, 'utf8'));
    const found: Problem[] = [];
    const report = (line: number, what: string, why: string) => found.push({ file, line, what, why });

    for (const { target, line, after } of linksOf(lines)) {
      if (isExternal(target)) continue;
      const hash = target.indexOf('#');
      const pathPart = hash === -1 ? target : target.slice(0, hash);
      const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      let decoded: string;
      try {
        decoded = decodeURIComponent(pathPart);
      } catch {
        report(line, `link \`${target}\``, 'its path is not valid percent-encoding');
        continue;
      }
      const absolute = pathPart === '' ? absoluteFile : resolve(dirname(absoluteFile), decoded);
      const fromRoot = toPosix(relative(root, absolute));
      if (!full && !(fromRoot === 'guides' || fromRoot.startsWith('guides/'))) continue;
      if (fromRoot.startsWith('..')) {
        report(line, `link \`${target}\``, 'it points outside the repository');
        continue;
      }
      if (!existsSync(absolute)) {
        report(line, `link \`${target}\``, `${fromRoot} does not exist`);
        continue;
      }
      if (absolute.endsWith('.spec.ts') && statSync(absolute).isFile()) {
        const source = readFileSync(absolute, 'utf8').replace(/\s+/g, ' ');
        for (const name of testNamesAfter(after)) {
          if (!source.includes(name)) {
            report(line, `test name "${name}"`, `${fromRoot} has no test or suite with that name`);
          }
        }
      }
      if (anchor !== undefined && anchor !== '') {
        if (!statSync(absolute).isFile() || !absolute.endsWith('.md')) {
          report(line, `link \`${target}\``, `#${anchor} points into ${fromRoot}, which is not a markdown file`);
        } else if (!anchorsFor(absolute).has(anchor)) {
          report(line, `link \`${target}\``, `${fromRoot} has no heading whose anchor is #${anchor}`);
        }
      }
    }

    if (full) checkCommandsAndFigures({ lines, absoluteFile, root, scripts, kataIds, report });
    // Stable: problems on one line keep the order of the checks.
    problems.push(...found.sort((a, b) => a.line - b.line));
  }
  return problems;
}

interface TextContext {
  readonly lines: readonly Line[];
  readonly absoluteFile: string;
  readonly root: string;
  readonly scripts: ReadonlySet<string>;
  readonly kataIds: ReadonlySet<string>;
  readonly report: (line: number, what: string, why: string) => void;
}

/** `npm run` commands with their kata ids, and figure paths, anywhere in the text (code blocks included). */
function checkCommandsAndFigures(context: TextContext): void {
  const { lines, absoluteFile, root, scripts, kataIds, report } = context;
  for (const { text, number } of lines) {
    for (const match of text.matchAll(/npm run ([A-Za-z][\w:.-]*)((?:[ \t]+[^\s`|]+)*)/g)) {
      const script = match[1] as string;
      if (!scripts.has(script)) {
        report(number, `\`npm run ${script}\``, `package.json has no script "${script}"`);
        continue;
      }
      const args = (match[2] ?? '').trim().split(/\s+/).filter(Boolean);
      const first = args[0]?.replace(/[.,;:)`'"]+$/, '');
      if ((KATA_COMMANDS as readonly string[]).includes(script)) {
        if (first !== undefined && !placeholder(first) && !kataIds.has(first)) {
          report(number, `\`npm run ${script} ${first}\``, `"${first}" is not a kata id in scripts/catalog.ts`);
        }
      } else if (script === 'demo') {
        if (first !== undefined && !placeholder(first) && !DEMO_SYSTEMS.includes(first)) {
          report(number, `\`npm run demo ${first}\``, `"${first}" is not a system (${DEMO_SYSTEMS.join(', ')})`);
        }
      } else if (script === 'bench' && args[0] === '--') {
        for (const arg of args.slice(1)) {
          const id = arg.replace(/[.,;:)`'"]+$/, '');
          if (placeholder(id) || id === '') break;
          if (!kataIds.has(id)) {
            report(number, `\`npm run bench -- ${id}\``, `"${id}" is not a kata id in scripts/catalog.ts`);
          }
        }
      }
    }
    for (const match of text.matchAll(/(?:^|[^\w/.(-])((?:\.\.\/|\.\/)*(?:guides\/)?figures\/[\w.-]+\.svg)/g)) {
      const mention = match[1] as string;
      const absolute = mention.startsWith('guides/') ? join(root, mention) : resolve(dirname(absoluteFile), mention);
      const fromRoot = toPosix(relative(root, absolute));
      if (!existsSync(absolute)) {
        report(number, `figure \`${mention}\``, `${fromRoot} does not exist (npm run figures writes the figures)`);
      }
    }
  }
}

/** One line per problem: `file:line  what — why`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}  ${p.what} — ${p.why}`).join('\n');
}
