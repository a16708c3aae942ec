// The promote action's work, runner-independent: config, the branch whose deployments move,
// the target environment's settings and variables, then the promoter against Prefect.
import {
  environmentOrder,
  type PrefectClientOptions,
  environmentConnection,
  PrefectPromoter,
  refuseOtherServer,
  sameServer,
  sourceConnection,
  resolveEnvironmentOverrides,
  resolveFlowSettings,
  resolveRunContext,
  type Progress,
  type PromoteResult,
} from '@portal-actions/core';
import {
  loadPortalConfig,
  readExtraEnvLayers,
  connectionForEnvironment,
  connectionInputsOf,
  maskConnection,
  openPrefectClient,
  withExtraEnv,
  type GitHubRun,
} from '@portal-actions/runner';
import type { PromoteInputs } from './inputs.js';

const SOURCE_INPUTS = {
  apiUrl: 'source-prefect-api-url',
  apiKey: 'source-prefect-api-key',
  authString: 'source-prefect-auth-string',
};

export interface PromoteRun {
  result: PromoteResult;
  project: string;
  branch: string;
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
  const { config, projectRoot } = await loadPortalConfig(inputs.config, repoRoot, env);
  const sourceEnv = inputs['source-env'];
  const targetEnv = inputs['target-env'];
  refuseOtherServer(config, targetEnv, inputs['prefect-api-url'], 'prefect-api-url');
  refuseOtherServer(config, sourceEnv, inputs['source-prefect-api-url'], 'source-prefect-api-url');
  const target = connectionForEnvironment(inputs, config, targetEnv, env);
  const { connection } = target;
  let source = sourceConnection(
    config,
    sourceEnv,
    {
      apiUrl: inputs['source-prefect-api-url'],
      apiKey: inputs['source-prefect-api-key'],
      authString: inputs['source-prefect-auth-string'],
      customHeaders: {},
    },
    env,
    SOURCE_INPUTS,
  );
  // A target the config places while the source is not placed: the source lives where every
  // unplaced environment lives, the action's own connection (PREFECT_API_URL and its key).
  if (!source && target.origin === 'config' && (inputs['prefect-api-url'] || env.PREFECT_API_URL)) {
    source = environmentConnection(config, sourceEnv, connectionInputsOf(inputs), env);
  }
  if (source) maskConnection(source);
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
  const client = openPrefectClient(connection, progress, clientOptions);
  // One client when both environments live on one server: promotion then is what it always was.
  const sourceClient =
    source && !sameServer(source.connection.apiUrl, connection.apiUrl)
      ? openPrefectClient(source.connection, progress, clientOptions)
      : client;
  if (sourceClient !== client) {
    progress.info(`Source ${sourceEnv}: ${sourceClient.apiUrl}; target ${targetEnv}: ${client.apiUrl}`);
  }
  progress.info(
    `Promoting ${context.project} (branch ${context.branch}) from ${inputs['source-env']} to ${inputs['target-env']}`,
  );
  try {
    const result = await new PrefectPromoter(client, sourceClient).promote({
      project: context.project,
      branch: context.branch,
      sourceEnv: inputs['source-env'],
      targetEnv: inputs['target-env'],
      selection: inputs.flows,
      environmentOrder: order.length > 0 ? order : null,
      targetSettingsFor: (flowName, variant) => {
        // Parameters and job variables: the source's, with only the target environment's own
        // levels laid over them. What belongs to an environment (variables, pool, queue,
        // schedules, paused, concurrency) is what a deploy to the target would set.
        const overrides = resolveEnvironmentOverrides(config, flowName, targetEnv, undefined, variant);
        const full = resolveFlowSettings(config, flowName, targetEnv, undefined, variant);
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
    return { result, project: context.project, branch: context.branch };
  } finally {
    await client.close();
    if (sourceClient !== client) await sourceClient.close();
  }
}
