// The target deployment of a promotion: the source deployment with its code version kept
// (image, entrypoint, pull steps, schema, version tags, version) and only what belongs to the
// target environment replaced (name, DEPLOYMENT_NAME, env vars, pool, queue, schedules, ...).
import type {
  DeploymentScheduleSpec,
  DeploymentSpec,
  ScheduleSpec,
  VersionInfo,
} from '../model/deployment.js';
import type { DeploymentSettings } from '../deploy/deployment-settings.js';
import { scheduleSlugs } from '../deploy/build-deployment-spec.js';
import { jobVariablesOf, type ServerDeployment, type ServerSchedule } from '../prefect/server-deployment.js';

/** What the config says about the target environment; `schedules` absent means "keep the source's". */
export type TargetSettings = Omit<DeploymentSettings, 'schedules'> & {
  schedules?: DeploymentSettings['schedules'];
};

function copySchedule(item: ServerSchedule, index: number): DeploymentScheduleSpec {
  // Copied as stored, server-chosen anchor and DTSTART included, so the target fires in step.
  const schedule = { ...item.schedule };
  return {
    schedule: schedule as ScheduleSpec,
    active: item.active,
    slug: item.slug ?? `portal-schedule-${index + 1}`,
    ...(item.parameters && Object.keys(item.parameters).length > 0 ? { parameters: item.parameters } : {}),
    ...(item.max_scheduled_runs ? { max_scheduled_runs: item.max_scheduled_runs } : {}),
  };
}

export function promotedSpec(input: {
  source: ServerDeployment;
  flowName: string;
  targetName: string;
  targetEnv: string;
  settings: TargetSettings;
  /** The source's config variant, carried to the target. */
  variant?: string;
}): DeploymentSpec {
  const { source, settings, targetName } = input;
  const sourceVariables = jobVariablesOf(source);
  const { env: _sourceEnv, ...inherited } = sourceVariables;
  const { env: _configEnv, image: _configImage, ...configured } = settings.job_variables;
  const jobVariables: Record<string, unknown> = {
    ...inherited,
    ...configured,
    env: { ...settings.env, DEPLOYMENT_NAME: targetName },
  };
  // The image is the code version: always the source's.
  if (sourceVariables.image !== undefined) jobVariables.image = sourceVariables.image;
  else delete jobVariables.image;

  return {
    flowName: input.flowName,
    name: targetName,
    env: input.targetEnv,
    ...(input.variant !== undefined ? { variant: input.variant } : {}),
    version: source.version ?? '',
    // Carried as the version is; an OSS source never answers with it, so nothing is sent then.
    ...(isVersionInfo(source.version_info) ? { version_info: source.version_info } : {}),
    description: source.description ?? null,
    tags: [...(source.tags ?? [])],
    entrypoint: source.entrypoint ?? '',
    path: source.path ?? null,
    pull_steps: source.pull_steps ?? [],
    job_variables: jobVariables,
    parameters: { ...(source.parameters ?? {}), ...settings.parameters },
    parameter_openapi_schema: source.parameter_openapi_schema ?? {},
    enforce_parameter_schema: source.enforce_parameter_schema ?? null,
    work_pool_name: settings.work_pool ?? source.work_pool_name ?? '',
    work_queue_name: settings.work_queue ?? source.work_queue_name ?? null,
    schedules: settings.schedules
      ? scheduleSlugs(settings.schedules)
      : (source.schedules ?? []).map(copySchedule),
    paused: settings.paused ?? source.paused ?? null,
    concurrency_limit: settings.concurrency_limit ?? source.global_concurrency_limit?.limit ?? null,
    concurrency_options:
      settings.concurrency_options ??
      (source.concurrency_options
        ? {
            collision_strategy: source.concurrency_options.collision_strategy as 'ENQUEUE' | 'CANCEL_NEW',
            ...(source.concurrency_options.grace_period_seconds
              ? { grace_period_seconds: source.concurrency_options.grace_period_seconds }
              : {}),
          }
        : null),
  };
}

function isVersionInfo(value: unknown): value is VersionInfo {
  const info = value as Partial<VersionInfo> | null | undefined;
  return typeof info?.type === 'string' && typeof info.version === 'string';
}
