// A prefect.yaml read the way `prefect deploy` reads it (src/prefect/cli/deploy/_config.py and
// _models.py at 3.8.3): YAML with anchors, aliases and `<<` merges; `build`, `push` and `pull`
// given as a list or one step mapping; a deployment's own action lists replacing the file's.
import { ConfigurationError, type SourceLocation } from '../../errors/portal-error.js';
import { isMapping } from '../../config/schema.js';
import { locate, parseYaml, type YamlSource } from '../../config/yaml-source.js';

export type ActionStep = Record<string, unknown>;

export interface PrefectYamlDeployment {
  /** The file as the user named it, relative to the repository root. */
  file: string;
  /** The file's folder relative to the repository root ('' for the root). */
  folder: string;
  index: number;
  /** The deployment's `name:` (null when unnamed: `prefect deploy --all` skips those). */
  name: string | null;
  /** The deployment mapping with aliases and merges resolved. */
  fields: Record<string, unknown>;
  build: { steps: ActionStep[]; path: PropertyKey[] } | null;
  push: { steps: ActionStep[]; path: PropertyKey[] } | null;
  /** null: neither the deployment nor the file says (prefect deploy then makes one up). */
  pull: { steps: ActionStep[]; path: PropertyKey[] } | null;
  /** Where a field of this deployment (a path inside it) was written; through aliases too. */
  at(path: readonly PropertyKey[]): SourceLocation;
  /** Where a path from the file's top (`['pull']`, `['deployments', 0, 'pull']`) was written. */
  fileAt(path: readonly PropertyKey[]): SourceLocation;
}

export interface PrefectYamlFile {
  file: string;
  folder: string;
  /** The file's `name:` (Prefect's project name), if any. */
  projectName: string | null;
  deployments: PrefectYamlDeployment[];
  /** Where a top-level path was written. */
  at(path: readonly PropertyKey[]): SourceLocation;
}

/** `build`/`push`/`pull` as Prefect accepts them: a list, one step mapping, an empty mapping or null. */
function actionSteps(value: unknown): ActionStep[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.filter(isMapping);
  if (isMapping(value)) return Object.keys(value).length === 0 ? [] : [value];
  return null;
}

function section(
  own: Record<string, unknown>,
  top: Record<string, unknown>,
  key: 'build' | 'push' | 'pull',
  index: number,
): { steps: ActionStep[]; path: PropertyKey[] } | null {
  // `key in own` with a null value still replaces the file's (Prefect's `deploy_config.get(key, top)`).
  if (key in own) {
    const steps = actionSteps(own[key]);
    if (key === 'pull' && steps === null) return top[key] === undefined ? null : fromTop();
    return { steps: steps ?? [], path: ['deployments', index, key] };
  }
  return fromTop();
  function fromTop() {
    const steps = actionSteps(top[key]);
    return steps === null ? null : { steps, path: [key] };
  }
}

export function readPrefectYaml(text: string, file: string): PrefectYamlFile {
  const parsed = parseYaml(text, file);
  if ('errors' in parsed) throw parsed.errors[0]!;
  const { source, data } = parsed;
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const at = (path: readonly PropertyKey[]) => locate(source, path, 'key');
  if (!isMapping(data)) {
    throw new ConfigurationError(`${file} is not a prefect.yaml: its top level is not a mapping.`, {
      location: { file, line: 1 },
      hint: 'Name the prefect.yaml file `prefect deploy --prefect-file` reads.',
    });
  }
  const list = data.deployments;
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    throw new ConfigurationError(`\`deployments\` in ${file} is not a list.`, {
      location: at(['deployments']),
      hint: 'prefect.yaml lists its deployments as `deployments: [- name: ..., entrypoint: ...]`.',
    });
  }
  const deployments = (list ?? []).map((entry: unknown, index: number) =>
    deploymentOf(source, data, entry, index, folder),
  );
  return {
    file,
    folder,
    projectName: typeof data.name === 'string' && data.name !== '' ? data.name : null,
    deployments,
    at,
  };
}

function deploymentOf(
  source: YamlSource,
  top: Record<string, unknown>,
  entry: unknown,
  index: number,
  folder: string,
): PrefectYamlDeployment {
  const fields = isMapping(entry) ? entry : {};
  return {
    file: source.file,
    folder,
    index,
    name: typeof fields.name === 'string' && fields.name !== '' ? fields.name : null,
    fields,
    build: section(fields, top, 'build', index),
    push: section(fields, top, 'push', index),
    pull: section(fields, top, 'pull', index),
    at: (path) => locate(source, ['deployments', index, ...path], 'key'),
    fileAt: (path) => locate(source, path, 'key'),
  };
}
