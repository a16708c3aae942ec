// The effective settings of one flow (or one variant of it) in one environment: the config's levels
// merged (defaults < deployments[flow] < its variant < environments[env] < environments[env].deployments[flow] < its variant).
import type { TriggerSetting } from '../automations/trigger-model.js';
import { ConfigurationError, type SourceLocation } from '../errors/portal-error.js';
import type { ScheduleSpec } from '../model/deployment.js';
import { collected } from './collected-errors.js';
import { requireEnvironment } from './environments.js';
import { fillPlaceholders, type PlaceholderValues } from './placeholders.js';
import {
  configFileOf,
  layerLabel,
  locateInConfig,
  locateLayer,
  originOf,
  sameLayer,
  type LayerRef,
  type PortalConfig,
} from './portal-config.js';
import type { ConcurrencyOptions, FlowSettingsLayer, PullStep, ScheduleItem, SettingKey } from './schema.js';

export interface ScheduleSetting {
  schedule: ScheduleSpec;
  active: boolean;
  /** Absent: the deployer names it by position. */
  slug?: string;
  parameters?: Record<string, unknown>;
  max_scheduled_runs?: number;
}

/** Where a merged setting was last set. */
export interface SettingOrigin {
  /** `environments.prod.work_pool`. */
  path: string;
  location?: SourceLocation;
}

export interface FlowSettings {
  flow: string;
  environment: string;
  work_pool?: string;
  work_queue?: string;
  image?: string;
  /** Exclusive with `pull_steps`: the level that set one last wins. */
  working_directory?: string;
  pull_steps?: PullStep[];
  /** Absent: the flow's own description. */
  description?: string;
  tags: string[];
  parameters: Record<string, unknown>;
  job_variables: Record<string, unknown>;
  /** Environment variables of flow runs (job_variables.env), before inputs are laid over them. */
  env: Record<string, string>;
  schedules: ScheduleSetting[];
  /** The deployment's triggers, each with where it was written. */
  triggers: TriggerSetting[];
  paused: boolean;
  concurrency_limit?: number;
  concurrency_options?: ConcurrencyOptions;
  enforce_parameter_schema: boolean;
  /** The most specific level that exists for this flow, for errors about the settings as a whole. */
  location?: SourceLocation;
  origins: Partial<Record<SettingKey, SettingOrigin>>;
}

/** Only the environment's levels, and nothing filled in: what promote lays over the source deployment. */
export type EnvironmentOverrides = Omit<
  FlowSettings,
  'schedules' | 'triggers' | 'paused' | 'enforce_parameter_schema'
> & {
  /** Absent: keep the source's. */
  schedules?: ScheduleSetting[];
  /** Absent: keep the source's. */
  triggers?: TriggerSetting[];
  paused?: boolean;
  enforce_parameter_schema?: boolean;
};

/** The facts of the run that fill placeholders; a RunContext has them all. */
export interface RunValues {
  project: string;
  branch: string;
  commit: string;
  shortCommit: string;
  packageVersion: string | null;
}

/** The levels that exist for `flow` in `env`, least specific first. */
export function layersFor(
  config: PortalConfig,
  flow: string,
  env: string,
  scope: 'all' | 'environment',
  variant: string | undefined,
): { layer: LayerRef; settings: FlowSettingsLayer }[] {
  const environment = config.environments.find((item) => item.name === env);
  const variantOf = (settings: FlowSettingsLayer | undefined) =>
    variant === undefined ? undefined : (settings?.variants?.[variant] ?? undefined);
  const layers: { layer: LayerRef; settings: FlowSettingsLayer | undefined }[] = [
    ...(scope === 'all'
      ? [
          { layer: { level: 'defaults' } as const, settings: config.defaults },
          { layer: { level: 'flow', flow } as const, settings: config.deployments[flow] },
          ...(variant === undefined
            ? []
            : [
                {
                  layer: { level: 'flow-variant', flow, variant } as const,
                  settings: variantOf(config.deployments[flow]),
                },
              ]),
        ]
      : []),
    { layer: { level: 'environment', env }, settings: environment?.settings },
    { layer: { level: 'environment-flow', env, flow }, settings: environment?.deployments[flow] },
    ...(variant === undefined
      ? []
      : [
          {
            layer: { level: 'environment-flow-variant', env, flow, variant } as const,
            settings: variantOf(environment?.deployments[flow]),
          },
        ]),
  ];
  return layers.filter(
    (item): item is { layer: LayerRef; settings: FlowSettingsLayer } => item.settings !== undefined,
  );
}

function toScheduleSetting(item: ScheduleItem): ScheduleSetting {
  const timezone = item.timezone !== undefined ? { timezone: item.timezone } : {};
  const schedule: ScheduleSpec =
    item.cron !== undefined
      ? { cron: item.cron, ...timezone, ...(item.day_or !== undefined ? { day_or: item.day_or } : {}) }
      : item.interval !== undefined
        ? {
            interval: item.interval,
            ...(item.anchor_date !== undefined ? { anchor_date: item.anchor_date } : {}),
            ...timezone,
          }
        : { rrule: item.rrule!, ...timezone };
  return {
    schedule,
    active: item.active ?? true,
    ...(item.slug !== undefined ? { slug: item.slug } : {}),
    ...(item.parameters !== undefined ? { parameters: item.parameters } : {}),
    ...(item.max_scheduled_runs !== undefined ? { max_scheduled_runs: item.max_scheduled_runs } : {}),
  };
}

type Merged = Omit<EnvironmentOverrides, 'flow' | 'environment' | 'origins' | 'location'>;

/** Lays one level over the merged ones: scalars replace, tags union, mappings merge by key, lists replace. */
function layOver(merged: Merged, settings: FlowSettingsLayer): SettingKey[] {
  const set: SettingKey[] = [];
  const assign = <K extends keyof Merged>(key: K & SettingKey, value: Merged[K] | null | undefined) => {
    if (value === undefined) return;
    if (value === null) delete merged[key];
    else merged[key] = value;
    set.push(key);
  };
  assign('work_pool', settings.work_pool);
  assign('work_queue', settings.work_queue);
  assign('image', settings.image);
  assign('description', settings.description);
  assign('paused', settings.paused);
  assign('concurrency_limit', settings.concurrency_limit);
  assign('concurrency_options', settings.concurrency_options);
  assign('enforce_parameter_schema', settings.enforce_parameter_schema);
  if (settings.working_directory !== undefined) {
    delete merged.pull_steps;
    assign('working_directory', settings.working_directory);
  }
  if (settings.pull_steps !== undefined) {
    delete merged.working_directory;
    assign('pull_steps', settings.pull_steps);
  }
  if (settings.schedules !== undefined)
    assign('schedules', (settings.schedules ?? []).map(toScheduleSetting));
  if (settings.triggers !== undefined)
    assign(
      'triggers',
      (settings.triggers ?? []).map((trigger) => ({ trigger })),
    );
  if (settings.tags !== undefined) assign('tags', [...new Set([...merged.tags, ...settings.tags])]);
  if (settings.parameters !== undefined)
    assign('parameters', { ...merged.parameters, ...settings.parameters });
  if (settings.job_variables !== undefined)
    assign('job_variables', { ...merged.job_variables, ...settings.job_variables });
  if (settings.env !== undefined) assign('env', { ...merged.env, ...settings.env });
  return set;
}

/** Each trigger of a list with the line it was written on, for errors about one trigger. */
function locateTriggers(config: PortalConfig, triggers: TriggerSetting[], path: readonly PropertyKey[]) {
  return triggers.map((item, index) => {
    const location = locateInConfig(config, [...path, index]);
    return location ? { ...item, location } : item;
  });
}

/**
 * `${VAR}`s the runner lacks, in the levels used here, unless a later level sets the same
 * variable (prod's `DB_URL` replaces the default one, whose variable dev alone provides).
 */
function missingVariableErrors(
  config: PortalConfig,
  layers: { layer: LayerRef; settings: FlowSettingsLayer }[],
  env: string,
): ConfigurationError[] {
  const origin = originOf(config);
  return (origin?.missing ?? [])
    .filter((item) => {
      const index = layers.findIndex(({ layer }) => sameLayer(layer, item.layer));
      return (
        index !== -1 &&
        !layers.slice(index + 1).some(({ settings }) => settings.env?.[item.key] !== undefined)
      );
    })
    .map((item) => {
      const path = [...(origin?.pathOf(item.layer, 'env') ?? []), item.key];
      const location = locateInConfig(config, path, item.token);
      return new ConfigurationError(
        `Environment variable ${item.variable} is not set on the runner; env.${item.key} in ${layerLabel(config, item.layer)} reads it (${item.token}) for environment "${env}".`,
        {
          hint: `Pass it to the step, e.g. \`env: { ${item.variable}: \${{ secrets.${item.variable} }} }\`, or remove the reference.`,
          ...(location ? { location } : {}),
        },
      );
    });
}

function fillRunValues(settings: FlowSettings, run: RunValues): void {
  const values: PlaceholderValues = {
    project: run.project,
    branch: run.branch,
    commit: run.commit,
    short_commit: run.shortCommit,
    env: settings.environment,
    package_version: run.packageVersion,
  };
  const where = (key: SettingKey) => {
    const location = settings.origins[key]?.location;
    return location ? { location } : {};
  };
  if (settings.image !== undefined) {
    settings.image = fillPlaceholders(settings.image, values, `image (${settings.origins.image?.path})`, {
      imageTag: true,
      ...where('image'),
    });
  }
  if (settings.working_directory !== undefined) {
    settings.working_directory = fillPlaceholders(
      settings.working_directory,
      values,
      `working_directory (${settings.origins.working_directory?.path})`,
      where('working_directory'),
    );
  }
  if (settings.pull_steps !== undefined) {
    const fill = (value: unknown): unknown => {
      if (typeof value === 'string') {
        return fillPlaceholders(
          value,
          values,
          `pull_steps (${settings.origins.pull_steps?.path})`,
          where('pull_steps'),
        );
      }
      if (Array.isArray(value)) return value.map(fill);
      if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
      }
      return value;
    };
    settings.pull_steps = settings.pull_steps.map((step) => fill(step) as PullStep);
  }
}

function merge(
  config: PortalConfig,
  flow: string,
  env: string,
  scope: 'all' | 'environment',
  variant: string | undefined,
): EnvironmentOverrides {
  requireEnvironment(config, env);
  const layers = layersFor(config, flow, env, scope, variant);
  const errors = missingVariableErrors(config, layers, env);
  if (errors.length > 0) throw collected(errors, configFileOf(config));

  const merged: Merged = { tags: [], parameters: {}, job_variables: {}, env: {} };
  const origins: FlowSettings['origins'] = {};
  for (const { layer, settings } of layers) {
    for (const key of layOver(merged, settings)) {
      const path = originOf(config)?.pathOf(layer, key);
      if (key === 'triggers' && path) merged.triggers = locateTriggers(config, merged.triggers!, path);
      const location = locateLayer(config, layer, key);
      origins[key] = {
        path: path ? path.map(String).join('.') : `${layerLabel(config, layer)} (legacy default)`,
        ...(location ? { location } : {}),
      };
    }
  }
  const mostSpecific = layers.at(-1);
  const location = mostSpecific ? locateLayer(config, mostSpecific.layer) : undefined;
  return { flow, environment: env, ...merged, origins, ...(location ? { location } : {}) };
}

/**
 * The settings `flow` deploys with in environment `env`. With `run`, placeholders in `image`,
 * `working_directory` and `pull_steps` are filled. Throws for an unknown environment and for
 * `${VAR}`s these levels read that the runner did not provide.
 */
export function resolveFlowSettings(
  config: PortalConfig,
  flow: string,
  env: string,
  run?: RunValues,
  /** One of the flow's `variants`; absent: the flow's own settings. */
  variant?: string,
): FlowSettings {
  const merged = merge(config, flow, env, 'all', variant);
  const settings: FlowSettings = {
    ...merged,
    schedules: merged.schedules ?? [],
    triggers: merged.triggers ?? [],
    // Explicit, so removing `paused: true` from the file un-pauses on the next deploy (the
    // server keeps omitted fields).
    paused: merged.paused ?? false,
    enforce_parameter_schema: merged.enforce_parameter_schema ?? true,
  };
  if (run) fillRunValues(settings, run);
  return settings;
}

/**
 * Only what the environment's own levels say about `flow` (environments[env] and
 * environments[env].deployments[flow]), with absent keys left absent: what promote changes
 * on a copy of the source deployment. Placeholders are filled when `run` is given.
 */
export function resolveEnvironmentOverrides(
  config: PortalConfig,
  flow: string,
  env: string,
  run?: RunValues,
  variant?: string,
): EnvironmentOverrides {
  const overrides = merge(config, flow, env, 'environment', variant);
  if (run) fillRunValues(overrides as FlowSettings, run);
  return overrides;
}
