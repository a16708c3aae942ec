// Finds and reads the configuration file of a repository: the path given, else the default
// names (ours, then acme-portal-sdk's legacy file where the SDK kept it).
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigurationError } from '../errors/portal-error.js';
import { emptyConfig, parseConfig, type Environ, type LoadedConfig } from './parse-config.js';

/** Looked for, in this order, when no path is given. */
export const DEFAULT_CONFIG_FILES = [
  '.acme-portal.yml',
  '.acme-portal.yaml',
  '.acme_portal_sdk/static_flow_deploy_config.yaml',
] as const;

export interface LoadConfigOptions {
  /** Relative to `repoRoot`, or absolute. A given path must exist. */
  path?: string;
  repoRoot: string;
  /** The runner's environment, for `${VAR}` in `env` values. */
  env: Environ;
}

/** The path as a user knows it: relative to the repository, `/`-separated. */
function labelOf(repoRoot: string, absolute: string): string {
  const inside = relative(repoRoot, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return absolute;
  return inside.split(sep).join('/');
}

async function readIfPresent(path: string, label: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ConfigurationError(`Cannot read the config file ${label}: ${code ?? String(error)}.`, {
      location: { file: label },
      hint:
        code === 'EISDIR'
          ? 'Point the `config` input at a file, not a folder.'
          : 'Check the file exists and is readable.',
      cause: error,
    });
  }
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const root = resolve(options.repoRoot);
  if (options.path !== undefined && options.path.trim() !== '') {
    const absolute = resolve(root, options.path.trim());
    const label = labelOf(root, absolute);
    const text = await readIfPresent(absolute, label);
    if (text === null) {
      throw new ConfigurationError(`The config file ${label} does not exist.`, {
        hint: `Fix the \`config\` input (relative to the repository root), or remove it to use ${DEFAULT_CONFIG_FILES[0]} when present.`,
      });
    }
    return parseConfig(text, label, options.env);
  }
  for (const name of DEFAULT_CONFIG_FILES) {
    const text = await readIfPresent(resolve(root, name), name);
    if (text !== null) return parseConfig(text, name, options.env);
  }
  return emptyConfig(DEFAULT_CONFIG_FILES[0]);
}
