// The files `init --from` names: paths or globs relative to the repository root, each told to be
// a prefect.yaml or acme-portal-sdk's static config.
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { ConfigurationError } from '../errors/portal-error.js';
import { isLegacyShape } from '../config/legacy-format.js';
import { isMapping } from '../config/schema.js';

export interface ImportSource {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  text: string;
  kind: 'prefect.yaml' | 'acme-portal-sdk';
}

const SKIPPED_FOLDERS = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
]);

async function allFiles(root: string, folder = ''): Promise<string[]> {
  const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) files.push(...(await allFiles(root, path)));
    } else if (entry.isFile()) files.push(path);
  }
  return files;
}

function kindOf(path: string, text: string): ImportSource['kind'] {
  if (posix.basename(path) === 'static_flow_deploy_config.yaml') return 'acme-portal-sdk';
  try {
    const data: unknown = parse(text);
    if (isMapping(data) && !('deployments' in data) && isLegacyShape(data)) return 'acme-portal-sdk';
  } catch {
    // A syntax error is reported, at its line, by the reader of the prefect.yaml.
  }
  return 'prefect.yaml';
}

export async function readImportSources(repoRoot: string, given: readonly string[]): Promise<ImportSource[]> {
  const root = resolve(repoRoot);
  const paths: string[] = [];
  let listing: Promise<string[]> | null = null;
  for (const raw of given.map((each) => each.trim()).filter(Boolean)) {
    if (/[*?[\]{}]/.test(raw)) {
      listing ??= allFiles(root);
      const matcher = picomatch(raw.replace(/^\.\//, ''), { dot: true });
      const matches = (await listing).filter((path) => matcher(path)).sort();
      if (matches.length === 0) {
        throw new ConfigurationError(`--from ${raw} matches no file in the repository.`, {
          hint: 'Globs are relative to the repository root, e.g. --from "pipelines/*/prefect.yaml".',
        });
      }
      paths.push(...matches);
      continue;
    }
    const inside = relative(root, resolve(root, raw)).split(sep).join('/');
    if (inside.startsWith('..')) {
      throw new ConfigurationError(`--from ${raw} is outside the repository.`, {
        hint: 'Name a file inside the repository, relative to its root.',
      });
    }
    paths.push(inside);
  }
  const sources: ImportSource[] = [];
  for (const path of [...new Set(paths)]) {
    let text: string;
    try {
      text = await readFile(join(root, path), 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
        {
          hint: 'Name an existing prefect.yaml or .acme_portal_sdk/static_flow_deploy_config.yaml, relative to the repository root.',
        },
      );
    }
    sources.push({ path, text, kind: kindOf(path, text) });
  }
  return sources;
}
