// The environment variables an action adds on top of the config's: the `env-vars` input and
// the output of `env-vars-command`. Every value is masked: they are often secrets.
import { mergeEnvVars, parseEnvVars, type EnvLayer } from '@portal-actions/core';
import { runEnvVarsCommand } from './env-vars-command.js';
import { maskSecret } from './secret-masking.js';

export async function readExtraEnvLayers(options: {
  envVars: string;
  envVarsCommand: string;
  cwd: string;
}): Promise<EnvLayer[]> {
  const layers: EnvLayer[] = [];
  if (options.envVars.trim() !== '') {
    layers.push({ source: 'env-vars input', vars: parseEnvVars(options.envVars, 'the env-vars input') });
  }
  if (options.envVarsCommand !== '') {
    const output = await runEnvVarsCommand(options.envVarsCommand, options.cwd);
    layers.push({ source: 'env-vars-command', vars: parseEnvVars(output, 'the output of env-vars-command') });
  }
  for (const layer of layers)
    for (const value of Object.values(layer.vars)) if (value.length > 2) maskSecret(value);
  return layers;
}

/** The config's variables with the extra layers over them (later wins). */
export function withExtraEnv(
  configEnv: Record<string, string>,
  extra: readonly EnvLayer[],
): Record<string, string> {
  return mergeEnvVars([{ source: 'config file', vars: configEnv }, ...extra]).vars;
}
