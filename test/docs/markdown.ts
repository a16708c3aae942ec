// The manual read as GitHub renders it: its pages, their fenced code blocks, links and heading
// anchors, for the tests that keep every example valid and every link alive.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const repositoryRoot = join(import.meta.dirname, '..', '..');

export interface Page {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

/** The pages a user reads: the README, every page of docs/ and the templates' README. */
export function manualPages(root = repositoryRoot): Page[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs, 'action-templates/README.md'].map((file) => ({
    file,
    text: readFileSync(join(root, file), 'utf8'),
  }));
}

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** First word of the info string (`yaml`, `sh`), '' when none. */
  language: string;
  /** The words after the language: markers such as `partial` or `other`. */
  markers: string[];
  body: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*(.*)$/;

export function codeBlocks(page: Page): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = page.text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !lines[end]!.trim().startsWith(fence)) {
      body.push(lines[end]!.startsWith(indent) ? lines[end]!.slice(indent.length) : lines[end]!);
      end += 1;
    }
    const [language = '', ...markers] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ file: page.file, line: index + 1, language, markers, body: body.join('\n') });
    index = end;
  }
  return blocks;
}

/**
 * The lines outside fenced blocks (the others left empty, so indexes are line numbers), inline
 * code blanked unless `keepInlineCode`: where links and headings live.
 */
export function prose(text: string, keepInlineCode = false): string[] {
  const lines = text.split('\n');
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const open = FENCE.exec(line);
    if (fence === null && open) fence = open[2]!;
    else if (fence !== null && line.trim().startsWith(fence)) fence = null;
    else if (fence === null) {
      kept.push(keepInlineCode ? line : line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)));
      continue;
    }
    kept.push('');
  }
  return kept;
}

export interface Link {
  file: string;
  line: number;
  target: string;
}

const INLINE_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_LINK = /^\s*\[[^\]]+\]:\s*(\S+)/;

/** Links to places in this repository (no scheme): `docs/x.md`, `x.md#anchor`, `#anchor`. */
export function localLinks(page: Page): Link[] {
  const links: Link[] = [];
  prose(page.text).forEach((line, index) => {
    const targets = [...line.matchAll(INLINE_LINK)].map((match) => match[1]!);
    const reference = REFERENCE_LINK.exec(line);
    if (reference) targets.push(reference[1]!);
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ file: page.file, line: index + 1, target });
    }
  });
  return links;
}

/** The anchor GitHub gives a heading (github-slugger's rule), before de-duplication. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a page: its headings (duplicates get -1, -2, as on GitHub) and `<a id>`s. */
export function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  let fence: string | null = null;
  for (const line of lines) {
    const open = FENCE.exec(line);
    if (fence === null && open) {
      fence = open[2]!;
      continue;
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]!);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      found.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(match[1]!);
  }
  return found;
}

/** A link's target relative to the repository root: `docs/cli.md#gitlab-ci`. */
export function resolveTarget(link: Link, root = repositoryRoot): { path: string; anchor: string | null } {
  const [path = '', anchor] = link.target.split('#', 2);
  const from = join(root, link.file, '..');
  const absolute = path === '' ? join(root, link.file) : join(from, decodeURI(path));
  return { path: relative(root, absolute).split('\\').join('/'), anchor: anchor ?? null };
}
