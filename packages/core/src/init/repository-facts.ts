// What `acme-portal init` reads from a repository to write a working config: the project name
// (pyproject.toml), the Dockerfile's WORKDIR, and the names of its existing workflows.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** `[project].name` or Poetry's `[tool.poetry].name` from `folder/pyproject.toml`, else null. */
export async function pyprojectName(folder: string): Promise<string | null> {
  const text = await readText(join(folder, 'pyproject.toml'));
  if (text === null) return null;
  try {
    const data = parseToml(text) as { project?: { name?: unknown }; tool?: { poetry?: { name?: unknown } } };
    const name = data.project?.name ?? data.tool?.poetry?.name;
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
  } catch {
    return null;
  }
}

/**
 * The last `WORKDIR` of `folder/Dockerfile` (the final stage's, where the code runs), with
 * `${VAR}`/`$VAR` filled from the Dockerfile's own `ARG`/`ENV` defaults; null without one.
 */
export function lastWorkdir(dockerfile: string): string | null {
  const values = new Map<string, string>();
  let workdir: string | null = null;
  const expand = (text: string) =>
    text.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (token, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
        const value = values.get((braced ?? bare)!);
        return value ?? fallback ?? token;
      },
    );
  const logical = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of logical) {
    const line = raw.trim();
    const match = /^(ARG|ENV|WORKDIR)\s+(.+)$/i.exec(line);
    if (!match) continue;
    const [, instruction, rest] = match as unknown as [string, string, string];
    if (instruction.toUpperCase() === 'WORKDIR') {
      const dir = expand(rest.trim().replace(/^["']|["']$/g, ''));
      workdir = dir.startsWith('/') || workdir === null ? dir : `${workdir.replace(/\/$/, '')}/${dir}`;
      continue;
    }
    for (const pair of rest.match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|\S*)/g) ?? []) {
      const at = pair.indexOf('=');
      values.set(pair.slice(0, at), expand(pair.slice(at + 1).replace(/^["']|["']$/g, '')));
    }
    const spaced = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(rest);
    if (instruction.toUpperCase() === 'ENV' && spaced && !rest.includes('='))
      values.set(spaced[1]!, expand(spaced[2]!.trim()));
  }
  return workdir;
}

export async function dockerfileWorkdir(folder: string): Promise<string | null> {
  const text = await readText(join(folder, 'Dockerfile'));
  return text === null ? null : lastWorkdir(text);
}

export interface ExistingWorkflow {
  /** File name in .github/workflows. */
  file: string;
  /** Its `name:` (GitHub's default: the file's path). */
  name: string;
}

export async function existingWorkflows(repoRoot: string): Promise<ExistingWorkflow[]> {
  const folder = join(repoRoot, '.github', 'workflows');
  let files: string[];
  try {
    files = (await readdir(folder)).filter((file) => /\.ya?ml$/.test(file)).sort();
  } catch {
    return [];
  }
  const found: ExistingWorkflow[] = [];
  for (const file of files) {
    const text = (await readText(join(folder, file))) ?? '';
    let name: unknown;
    try {
      name = (parseYaml(text) as { name?: unknown } | null)?.name;
    } catch {
      name = undefined;
    }
    found.push({
      file,
      name: typeof name === 'string' && name.trim() !== '' ? name.trim() : `.github/workflows/${file}`,
    });
  }
  return found;
}

/** The repository's name for a project name: `owner/name` -> `name`, else the folder's name. */
export function repositoryShortName(repository: string, repoRoot: string): string {
  return repository.includes('/') ? repository.split('/').pop()! : basename(repoRoot);
}
