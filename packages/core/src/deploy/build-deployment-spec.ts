// Builds the deployment one flow gets in one environment, by the seed's rules: name pattern,
// DEPLOYMENT_NAME, version tags, `{branch}-{commit}` version, and the config's settings.
import { ConfigurationError } from '../errors/portal-error.js';
import type { DeploymentScheduleSpec, DeploymentSpec } from '../model/deployment.js';
import type { Flow } from '../model/flow.js';
import { deploymentName } from '../naming/deployment-name.js';
import type { DeploymentSettings } from './deployment-settings.js';
import type { RunFacts } from './run-facts.js';

export const VERSION_TAG_KEYS = ['PROJECT_NAME', 'BRANCH_NAME', 'COMMIT_HASH', 'PACKAGE_VERSION'] as const;
/** `VARIANT=<name>` marks the deployment of one config variant of a flow. */
export const VARIANT_TAG_KEY = 'VARIANT';

export function versionTags(
  facts: Pick<RunFacts, 'project' | 'branch' | 'commit' | 'packageVersion'>,
): string[] {
  return [
    `PROJECT_NAME=${facts.project}`,
    `BRANCH_NAME=${facts.branch}`,
    `COMMIT_HASH=${facts.commit}`,
    `PACKAGE_VERSION=${facts.packageVersion}`,
  ];
}

/** Tags from the config, minus any that would shadow our version tags. */
export function userTags(tags: readonly string[]): string[] {
  return tags.filter(
    (tag) => ![...VERSION_TAG_KEYS, VARIANT_TAG_KEY].some((key) => tag.startsWith(`${key}=`)),
  );
}

/** Slugs keep schedule identity across re-deploys, so the server patches them in place. */
export function scheduleSlugs(schedules: DeploymentSettings['schedules']): DeploymentScheduleSpec[] {
  return schedules.map((item, index) => ({
    schedule: item.schedule,
    active: item.active,
    slug: item.slug ?? `portal-schedule-${index + 1}`,
    ...(item.parameters !== undefined ? { parameters: item.parameters } : {}),
    ...(item.max_scheduled_runs !== undefined ? { max_scheduled_runs: item.max_scheduled_runs } : {}),
  }));
}

export function pullStepsFor(settings: DeploymentSettings): {
  path: string | null;
  pull_steps: Record<string, unknown>[];
} {
  if (settings.working_directory !== undefined && settings.pull_steps !== undefined) {
    throw new ConfigurationError(
      '`working_directory` and `pull_steps` are both set; they are two ways to say the same thing.',
      {
        hint: 'Keep one of them.',
        ...(settings.location ? { location: settings.location } : {}),
      },
    );
  }
  if (settings.working_directory !== undefined) {
    return {
      path: null,
      pull_steps: [
        { 'prefect.deployments.steps.set_working_directory': { directory: settings.working_directory } },
      ],
    };
  }
  if (settings.pull_steps !== undefined) return { path: null, pull_steps: settings.pull_steps };
  // What Prefect's flow.deploy(image=…, build=False, push=False) sends: code is already in the
  // image's working directory, and the entrypoint is relative to it.
  return { path: '.', pull_steps: [] };
}

export interface BuildSpecInput {
  flow: Flow;
  env: string;
  settings: DeploymentSettings;
  facts: RunFacts;
  /** False when the work pool's job template has no `image` variable (a process pool). */
  poolTakesImage: boolean;
  /** The config variant this deployment is; absent: the flow's own deployment. */
  variant?: string;
}

export function buildDeploymentSpec({
  flow,
  env,
  settings,
  facts,
  poolTakesImage,
  variant,
}: BuildSpecInput): DeploymentSpec {
  const name = deploymentName({
    project: facts.project,
    branch: facts.branch,
    flow: flow.name,
    env,
    ...(variant !== undefined ? { variant } : {}),
  });
  const workPool = facts.workPool ?? settings.work_pool;
  if (!workPool) {
    throw new ConfigurationError(`No work pool for flow "${flow.name}" in environment "${env}".`, {
      hint: "Set `defaults.work_pool` (or the environment's `work_pool`) in the config file, or the `work-pool` input.",
    });
  }
  const image = facts.image ?? settings.image;
  const jobVariables: Record<string, unknown> = { ...settings.job_variables };
  const configuredEnv =
    typeof jobVariables.env === 'object' && jobVariables.env !== null
      ? (jobVariables.env as Record<string, string>)
      : {};
  jobVariables.env = { ...configuredEnv, ...settings.env, DEPLOYMENT_NAME: name };
  if (image !== undefined && image !== '') {
    if (!poolTakesImage) {
      throw new ConfigurationError(
        `An image (${image}) is set for flow "${flow.name}", but work pool "${workPool}" has no \`image\` job variable (a process pool runs flows on the worker's own machine).`,
        { hint: 'Remove `image` for this environment, or deploy to a Docker, Kubernetes or ECS work pool.' },
      );
    }
    jobVariables.image = image;
  }
  const { path, pull_steps } = pullStepsFor(settings);
  const tags = [
    ...versionTags(facts),
    ...(variant !== undefined ? [`${VARIANT_TAG_KEY}=${variant}`] : []),
    ...userTags(settings.tags),
  ];
  return {
    flowName: flow.name,
    name,
    env,
    ...(variant !== undefined ? { variant } : {}),
    version: `${facts.branch}-${facts.commit}`,
    ...(facts.versionInfo ? { version_info: facts.versionInfo } : {}),
    // The scanner gives "" for a flow without docstring or description=; Prefect's SDK sends None.
    description: settings.description ?? (flow.description === '' ? null : flow.description),
    tags: [...new Set(tags)],
    entrypoint: flow.entrypoint,
    path,
    pull_steps,
    job_variables: jobVariables,
    parameters: settings.parameters,
    parameter_openapi_schema: flow.parameters as unknown as Record<string, unknown>,
    enforce_parameter_schema: settings.enforce_parameter_schema ?? null,
    work_pool_name: workPool,
    work_queue_name: settings.work_queue ?? null,
    schedules: scheduleSlugs(settings.schedules),
    paused: settings.paused ?? null,
    concurrency_limit: settings.concurrency_limit ?? null,
    concurrency_options: settings.concurrency_options ?? null,
  };
}
