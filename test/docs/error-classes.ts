// The kinds of error a user can meet: every exported class in the packages and actions that
// extends Error (directly or through PortalError and its kinds), found by reading the source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ErrorClass {
  name: string;
  base: string;
  file: string;
}

const CLASS = /^export\s+class\s+(\w+)\s+extends\s+(\w+)/gm;

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (!['node_modules', 'dist', 'test'].includes(name)) files.push(...sourceFiles(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** Exported classes of `sources` (path → text) whose chain of `extends` reaches `Error`. */
export function errorClassesIn(sources: ReadonlyMap<string, string>): ErrorClass[] {
  const classes: ErrorClass[] = [];
  for (const [file, text] of sources) {
    for (const match of text.matchAll(CLASS)) classes.push({ name: match[1]!, base: match[2]!, file });
  }
  const errors = new Set(['Error']);
  for (let grew = true; grew;) {
    grew = false;
    for (const each of classes) {
      if (errors.has(each.base) && !errors.has(each.name)) {
        errors.add(each.name);
        grew = true;
      }
    }
  }
  return classes.filter((each) => errors.has(each.name)).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every error class of packages/*\/src and actions/*\/src. */
export function projectErrorClasses(root: string): ErrorClass[] {
  const sources = new Map<string, string>();
  for (const group of ['packages', 'actions']) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, 'src');
      let files: string[] = [];
      try {
        files = sourceFiles(src);
      } catch {
        continue;
      }
      for (const file of files) sources.set(relative(root, file), readFileSync(file, 'utf8'));
    }
  }
  return errorClassesIn(sources);
}
