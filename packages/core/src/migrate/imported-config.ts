// The `.acme-portal.yml` one project's old deployments become: deployments grouped per flow
// (environments or variants), settings common to every flow hoisted into `defaults` (and those
// common to every flow in one environment into that environment), each old deployment's new names.
import { sameJson } from '../plan/canonical-json.js';
import { deploymentName } from '../naming/deployment-name.js';
import { SETTING_KEYS } from '../config/schema.js';
import type { Flow } from '../model/flow.js';
import type { SourceLocation } from '../errors/portal-error.js';
import { groupDeployments, type DeploymentGroup } from './deployment-groups.js';
import { promotionOrder } from './environment-words.js';
import type { CarriedField, DroppedField, ImportedSettings } from './prefect-yaml/deployment-settings.js';

export interface ImportedDeployment {
  /** Where it was declared. */
  origin: SourceLocation;
  /** The flow's name in Prefect (`etl-daily`), for `flow/name` references. */
  oldFlowName: string;
  /** The deployment's name in Prefect. */
  oldName: string;
  flow: Flow;
  /** How its entrypoint was matched, when worth saying (both folders matched, ...). */
  entrypointNote: string | null;
  settings: ImportedSettings;
  carried: CarriedField[];
  dropped: DroppedField[];
}

export interface ProjectImportInput {
  project: string;
  /** Environments to use when no old deployment names any (`--envs`, default dev, prod). */
  fallbackEnvironments: readonly string[];
  /** `--envs` when given: used as written when it holds every environment the names found. */
  requestedEnvironments: readonly string[] | null;
  deployments: readonly ImportedDeployment[];
  /** Branch the report names new deployments under. */
  branch: string;
  flows: { root: string; exclude: string[] };
}

export interface NewName {
  env: string;
  name: string;
}

export interface FlowImport {
  flow: Flow;
  group: DeploymentGroup;
  members: ImportedDeployment[];
  /** Per member (same order), the new deployment names per environment. */
  newNames: NewName[][];
}

export interface ProjectImport {
  config: Record<string, unknown>;
  environments: string[];
  /** Where the environments came from. */
  environmentSource: 'deployment names' | 'work pools' | 'fallback';
  flows: FlowImport[];
  /** Keys hoisted into `defaults` and into `environments.<env>`. */
  hoisted: { defaults: string[]; perEnvironment: Record<string, string[]> };
}

/** Keys worth a `defaults` entry even for one flow: where and how every deployment runs. */
const INFRASTRUCTURE_KEYS = new Set(['work_pool', 'work_queue', 'image', 'working_directory', 'pull_steps']);
const HOISTABLE = new Set<string>(SETTING_KEYS);

function flowLevelSettings(group: DeploymentGroup): ImportedSettings {
  return group.kind === 'single' ? group.settings : group.common;
}

function byFlow(deployments: readonly ImportedDeployment[]): Map<string, ImportedDeployment[]> {
  const flows = new Map<string, ImportedDeployment[]>();
  for (const deployment of deployments) {
    const list = flows.get(deployment.flow.name) ?? [];
    list.push(deployment);
    flows.set(deployment.flow.name, list);
  }
  return flows;
}

/** Moves the keys every one of `levels` holds with one value out of them; returns that common part. */
function hoist(levels: ImportedSettings[], allowed: (key: string) => boolean): ImportedSettings {
  if (levels.length === 0) return {};
  const common: ImportedSettings = {};
  for (const [key, value] of Object.entries(levels[0]!)) {
    if (!allowed(key)) continue;
    if (levels.every((level) => key in level && sameJson(level[key], value))) common[key] = value;
  }
  // working_directory and pull_steps are one setting: never hoist one and leave the other.
  for (const level of levels) for (const key of Object.keys(common)) delete level[key];
  return common;
}

export function buildProjectImport(input: ProjectImportInput): ProjectImport {
  const grouped = [...byFlow(input.deployments)].map(([, members]) => ({
    flow: members[0]!.flow,
    members,
    group: groupDeployments(
      members.map((member) => ({
        oldName: member.oldName,
        workPool: typeof member.settings.work_pool === 'string' ? member.settings.work_pool : null,
        settings: member.settings,
      })),
    ),
  }));
  grouped.sort((a, b) => a.flow.name.localeCompare(b.flow.name));
  const found = grouped.flatMap(({ group }) =>
    group.kind === 'environments' ? [...group.perEnvironment.keys()] : [],
  );
  const requested = input.requestedEnvironments;
  const environments =
    requested && found.every((env) => requested.includes(env))
      ? [...requested]
      : found.length > 0
        ? promotionOrder(found)
        : [...input.fallbackEnvironments];
  const environmentSource =
    found.length === 0
      ? 'fallback'
      : grouped.some(({ group }) => group.kind === 'environments' && group.by === 'name')
        ? 'deployment names'
        : 'work pools';

  // Per flow: its own level, its per-environment levels, its variants.
  const flowLevels = grouped.map(({ group }) => ({ ...flowLevelSettings(group) }));
  const envLevels = grouped.map(({ group }) =>
    group.kind === 'environments'
      ? new Map([...group.perEnvironment].map(([env, own]) => [env, { ...own.settings }]))
      : new Map<string, ImportedSettings>(),
  );

  const defaults = hoist(
    flowLevels,
    (key) => HOISTABLE.has(key) && (grouped.length > 1 || INFRASTRUCTURE_KEYS.has(key)),
  );
  const environmentsSection: Record<string, Record<string, unknown>> = {};
  const perEnvironment: Record<string, string[]> = {};
  for (const env of environments) {
    const levels = envLevels.map((levels) => levels.get(env));
    // Only when every flow has its own settings there: otherwise the others would change too.
    const common = levels.every((level) => level !== undefined)
      ? hoist(levels as ImportedSettings[], (key) => HOISTABLE.has(key))
      : {};
    environmentsSection[env] = { ...common };
    if (Object.keys(common).length > 0) perEnvironment[env] = Object.keys(common);
  }

  const deployments: Record<string, Record<string, unknown>> = {};
  grouped.forEach(({ flow, group }, index) => {
    const own: Record<string, unknown> = { ...flowLevels[index] };
    if (group.kind === 'variants') {
      own.variants = Object.fromEntries(
        [...group.perVariant].map(([name, variant]) => [name, variant.settings]),
      );
    }
    deployments[flow.name] = own;
    for (const [env, settings] of envLevels[index]!) {
      if (Object.keys(settings).length === 0) continue;
      const section = environmentsSection[env]!;
      const perFlow = (section.deployments ?? {}) as Record<string, unknown>;
      perFlow[flow.name] = settings;
      section.deployments = perFlow;
    }
  });

  const flows: FlowImport[] = grouped.map(({ flow, members, group }) => ({
    flow,
    group,
    members,
    newNames: members.map((_, memberIndex) => {
      const name = (env: string, variant: string | null) =>
        deploymentName({ project: input.project, branch: input.branch, flow: flow.name, variant, env });
      if (group.kind === 'variants') {
        const variant = [...group.perVariant].find(([, each]) => each.member === memberIndex)![0];
        return environments.map((env) => ({ env, name: name(env, variant) }));
      }
      if (group.kind === 'environments') {
        const env = [...group.perEnvironment].find(([, each]) => each.member === memberIndex)![0];
        return [{ env, name: name(env, null) }];
      }
      return environments.map((env) => ({ env, name: name(env, null) }));
    }),
  }));

  const config: Record<string, unknown> = { project: input.project, flows: flowsSection(input.flows) };
  if (Object.keys(defaults).length > 0) config.defaults = defaults;
  config.deployments = deployments;
  config.environments = Object.fromEntries(
    environments.map((env) => [
      env,
      Object.keys(environmentsSection[env]!).length > 0 ? environmentsSection[env] : null,
    ]),
  );
  return {
    config,
    environments,
    environmentSource,
    flows,
    hoisted: { defaults: Object.keys(defaults), perEnvironment },
  };
}

function flowsSection(flows: { root: string; exclude: string[] }): Record<string, unknown> {
  return flows.exclude.length > 0 ? { root: flows.root, exclude: flows.exclude } : { root: flows.root };
}
