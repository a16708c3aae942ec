// Lists the Python files under a scan root the way a person would expect: skipping virtualenvs,
// caches, VCS folders, what .gitignore files ignore and the user's exclude globs; never looping.
import type { Dirent } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ScanWarning } from '../model/flow.js';

/**
 * Folders never scanned: version control, virtualenvs, caches and installed packages. `build/`
 * and `dist/` are not on the list (a package may be called `build`); the standard Python
 * .gitignore ignores them, and `exclude` can too.
 */
const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.eggs',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  '__pycache__',
  'node_modules',
  'site-packages',
]);

export interface PythonFileEntry {
  absolute: string;
  /** Relative to the scan root, `/` separators. */
  relativeToRoot: string;
}

export interface SourceTreeOptions {
  /** Absolute scan root. */
  root: string;
  /** Absolute repository root (contains root): its .gitignore files above root still apply. */
  repoRoot: string;
  /** Globs relative to root, matched against files and folders. */
  exclude: string[];
}

/** One folder's .gitignore, matching paths relative to that folder. */
interface IgnoreFile {
  base: string;
  rules: Ignore;
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function readIgnoreFile(file: string, base: string): Promise<IgnoreFile | undefined> {
  try {
    return { base, rules: ignore().add(await readFile(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** Git's rule: the deepest .gitignore that has an opinion about a path decides. */
function isIgnored(ignoreFiles: readonly IgnoreFile[], absolute: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const file of ignoreFiles) {
    const relative = toPosix(path.relative(file.base, absolute));
    if (relative === '' || relative.startsWith('..')) continue;
    const verdict = file.rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

export async function listPythonFiles(
  options: SourceTreeOptions,
  warn: (warning: ScanWarning) => void,
): Promise<PythonFileEntry[]> {
  // `./legacy` and `legacy` mean the same folder to a user; picomatch only knows the second.
  const patterns = options.exclude.map((pattern) => pattern.replace(/^\.\//, '')).filter(Boolean);
  const isExcluded = patterns.length > 0 ? picomatch(patterns, { dot: true }) : (): boolean => false;
  const rootReal = await realpath(options.root);
  const files: PythonFileEntry[] = [];

  // Ignore files between the repository root and the scan root apply too.
  const inherited: IgnoreFile[] = [];
  const infoExclude = await readIgnoreFile(
    path.join(options.repoRoot, '.git', 'info', 'exclude'),
    options.repoRoot,
  );
  if (infoExclude) inherited.push(infoExclude);
  if (isWithin(options.repoRoot, options.root)) {
    let directory = options.repoRoot;
    for (const step of path.relative(options.repoRoot, options.root).split(path.sep).filter(Boolean)) {
      const file = await readIgnoreFile(path.join(directory, '.gitignore'), directory);
      if (file) inherited.push(file);
      directory = path.join(directory, step);
    }
  }

  const relativeOf = (absolute: string): string => toPosix(path.relative(options.root, absolute));

  const visit = async (directory: string, realChain: string[], ignoreFiles: IgnoreFile[]): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      warn({ file: relativeOf(directory) || '.', message: `Could not read this folder: ${describe(error)}` });
      return;
    }
    const isRoot = realChain.length === 1;
    if (!isRoot && entries.some((entry) => entry.name === 'pyvenv.cfg' || entry.name === 'conda-meta'))
      return;
    let rules = ignoreFiles;
    if (entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
      const file = await readIgnoreFile(path.join(directory, '.gitignore'), directory);
      if (file) rules = [...ignoreFiles, file];
    }
    entries.sort((a, b) => compareText(a.name, b.name));
    const subdirectories: { absolute: string; real: string }[] = [];
    for (const entry of entries) {
      const absolute = path.join(directory, entry.name);
      const relative = relativeOf(absolute);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = path.join(realChain[realChain.length - 1]!, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(absolute);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          real = await realpath(absolute);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') warn({ file: relative, message: 'Symbolic link loop; skipped.' });
          else if (entry.name.endsWith('.py'))
            warn({ file: relative, message: `Broken symbolic link; skipped (${code}).` });
          continue;
        }
        if (isDirectory && realChain.some((ancestor) => isWithin(real, ancestor))) {
          warn({ file: relative, message: `Symbolic link loop: it points back to ${real}; skipped.` });
          continue;
        }
        // A link to something inside the scan root is scanned once, through its real path.
        if (isWithin(rootReal, real)) continue;
      }
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || entry.name.endsWith('.egg-info')) continue;
        if (isExcluded(relative) || isExcluded(`${relative}/`)) continue;
        if (isIgnored(rules, absolute, true)) continue;
        subdirectories.push({ absolute, real });
      } else if (isFile && entry.name.endsWith('.py')) {
        if (isExcluded(relative) || isIgnored(rules, absolute, false)) continue;
        files.push({ absolute, relativeToRoot: relative });
      }
    }
    await Promise.all(
      subdirectories.map((subdirectory) =>
        visit(subdirectory.absolute, [...realChain, subdirectory.real], rules),
      ),
    );
  };

  await visit(options.root, [rootReal], inherited);
  return files.sort((a, b) => compareText(a.relativeToRoot, b.relativeToRoot));
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
