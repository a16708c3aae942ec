// Loads the config file for an action: the `config` input's path (its default name means
// "use it when present"), `${VAR}` values masked before anything is printed. The folder holding
// the config file is the project folder: entrypoints and pyproject.toml are relative to it.
import { dirname, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILES, loadConfig, type LoadedConfig } from '@portal-actions/core';
import { maskSecret } from './secret-masking.js';

export interface PortalProject extends LoadedConfig {
  /** Absolute folder the flows run from: the config file's folder, else the repository root. */
  projectRoot: string;
}

export async function loadPortalConfig(
  configInput: string,
  workspace: string,
  env: NodeJS.ProcessEnv,
): Promise<PortalProject> {
  const explicit = configInput !== '' && configInput !== DEFAULT_CONFIG_FILES[0];
  const loaded = await loadConfig({ ...(explicit ? { path: configInput } : {}), repoRoot: workspace, env });
  for (const secret of loaded.secrets) if (secret) maskSecret(secret);
  const projectRoot = loaded.source.exists ? dirname(resolve(workspace, loaded.source.file)) : workspace;
  return Object.assign(loaded, { projectRoot });
}
