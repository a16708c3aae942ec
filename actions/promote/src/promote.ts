// The promote action's work, runner-independent: config, the branch whose deployments move,
// the target environment's settings and variables, then the promoter against Prefect.
import {
  environmentOrder,
  type PrefectClientOptions,
  type PrefectTraffic,
  PrefectPromoter,
  resolveEnvironmentOverrides,
  resolveFlowSettings,
  resolveRunContext,
  type Progress,
  type PromoteResult,
} from '@portal-actions/core';
import {
  loadPortalConfig,
  readExtraEnvLayers,
  connectionFromInputs,
  openPrefectClient,
  withExtraEnv,
  type GitHubRun,
} from '@portal-actions/runner';
import type { PromoteInputs } from './inputs.js';

export interface PromoteRun {
  result: PromoteResult;
  project: string;
  branch: string;
  /** Requests, retries and busy answers, for the job summary. */
  traffic: PrefectTraffic;
}

export async function runPromote(
  inputs: PromoteInputs,
  github: GitHubRun,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  /** Client settings for tests and benchmarks (fast retries, say); users never set them. */
  clientOptions: Partial<PrefectClientOptions> = {},
): Promise<PromoteRun> {
  const repoRoot = github.workspace;
  const connection = connectionFromInputs(inputs, env);
  const { config, projectRoot } = await loadPortalConfig(inputs.config, repoRoot, env);
  // The commit of this run does not matter (the source's is promoted); only project and branch do.
  const context = await resolveRunContext({
    ...github,
    inputs: {
      project: inputs['project-name'],
      branch: inputs.branch,
    },
    config,
    repoRoot: projectRoot,
    env: inputs['target-env'],
    requirePackageVersion: false,
    requireCommit: false,
  });
  const extraEnv = await readExtraEnvLayers({
    envVars: inputs['env-vars'],
    envVarsCommand: inputs['env-vars-command'],
    cwd: repoRoot,
  });
  const order = environmentOrder(config);
  const client = openPrefectClient(connection, progress, clientOptions, inputs.concurrency);
  progress.info(
    `Promoting ${context.project} (branch ${context.branch}) from ${inputs['source-env']} to ${inputs['target-env']}`,
  );
  try {
    const result = await new PrefectPromoter(client).promote({
      project: context.project,
      branch: context.branch,
      sourceEnv: inputs['source-env'],
      targetEnv: inputs['target-env'],
      selection: inputs.flows,
      environmentOrder: order.length > 0 ? order : null,
      targetSettingsFor: (flowName) => {
        // Parameters and job variables: the source's, with only the target environment's own
        // levels laid over them. What belongs to an environment (variables, pool, queue,
        // schedules, paused, concurrency) is what a deploy to the target would set.
        const overrides = resolveEnvironmentOverrides(config, flowName, inputs['target-env']);
        const full = resolveFlowSettings(config, flowName, inputs['target-env']);
        return {
          ...overrides,
          env: withExtraEnv(full.env, extraEnv),
          ...(full.work_pool !== undefined ? { work_pool: full.work_pool } : {}),
          ...(full.work_queue !== undefined ? { work_queue: full.work_queue } : {}),
          ...(full.origins.schedules ? { schedules: full.schedules } : {}),
          paused: full.paused,
          ...(full.concurrency_limit !== undefined ? { concurrency_limit: full.concurrency_limit } : {}),
          ...(full.concurrency_options !== undefined
            ? { concurrency_options: full.concurrency_options }
            : {}),
        };
      },
      expectedCommit: inputs['expected-commit'] || null,
      allowBackwards: inputs['allow-backwards'],
      dryRun: inputs['dry-run'],
      concurrency: inputs.concurrency,
      progress,
    });
    return { result, project: context.project, branch: context.branch, traffic: client.traffic() };
  } finally {
    await client.close();
  }
}
