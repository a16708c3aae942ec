// The promote action's work, runner-independent: config, the branch whose deployments move,
// the target environment's settings and variables, then the promoter against Prefect.
import {
  environmentOrder,
  type PrefectClientOptions,
  type PrefectTraffic,
  environmentConnection,
  PrefectPromoter,
  refuseOtherServer,
  sameServer,
  sourceConnection,
  resolveEnvironmentOverrides,
  resolveFlowSettings,
  resolveRunContext,
  RunEvidenceGate,
  uiBaseUrl,
  type Progress,
  type PromoteResult,
  type RunEvidence,
  type SmokeRun,
} from '@portal-actions/core';
import {
  checkSmokeParameters,
  DeploymentRecord,
  deploymentRecorder,
  loadPortalConfig,
  OctokitCommitHistory,
  openGitHubApi,
  readExtraEnvLayers,
  connectionForEnvironment,
  connectionInputsOf,
  maskConnection,
  openPrefectClient,
  smokeAndSettle,
  writtenDeployment,
  withExtraEnv,
  type GitHubRun,
  type SmokeTiming,
} from '@portal-actions/runner';
import type { PromoteInputs } from './inputs.js';
import { promotionChanges, type PromotionChange } from './promotion-changes.js';

const SOURCE_INPUTS = {
  apiUrl: 'source-prefect-api-url',
  apiKey: 'source-prefect-api-key',
  authString: 'source-prefect-auth-string',
};

export interface PromoteRun {
  result: PromoteResult;
  project: string;
  branch: string;
  /** Per source deployment id: its last run and last COMPLETED run of its version. */
  evidence: Map<string, RunEvidence>;
  /** Per step (same order as result.steps): compare link and commits between. */
  changes: PromotionChange[];
  smokeRuns: SmokeRun[];
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
  smokeTiming: SmokeTiming = {},
): Promise<PromoteRun> {
  const repoRoot = github.workspace;
  checkSmokeParameters(inputs);
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
  const client = openPrefectClient(connection, progress, clientOptions, inputs.concurrency);
  // One client when both environments live on one server: promotion then is what it always was.
  const sourceClient =
    source && !sameServer(source.connection.apiUrl, connection.apiUrl)
      ? openPrefectClient(source.connection, progress, clientOptions, inputs.concurrency)
      : client;
  if (sourceClient !== client) {
    progress.info(`Source ${sourceEnv}: ${sourceClient.apiUrl}; target ${targetEnv}: ${client.apiUrl}`);
  }
  progress.info(
    `Promoting ${context.project} (branch ${context.branch}) from ${inputs['source-env']} to ${inputs['target-env']}`,
  );
  // Evidence lives where the source runs: its own server when the environments live apart.
  const gate = new RunEvidenceGate(sourceClient, {
    require: inputs['require-successful-run'],
    sourceEnv: inputs['source-env'],
    progress,
  });
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
      inspectSources: (sources) => gate.inspect(sources),
    });
    const token = inputs['github-token'];
    const changes = await promotionChanges(result.steps, {
      history:
        token && github.repository
          ? new OctokitCommitHistory(openGitHubApi(token, env), github.repository)
          : null,
      serverUrl: github.serverUrl,
      repository: github.repository,
      progress,
    });
    if (inputs['dry-run']) {
      return {
        result,
        project: context.project,
        branch: context.branch,
        evidence: gate.evidence,
        changes,
        smokeRuns: [],
        traffic: client.traffic(),
      };
    }
    const records = await recordPromotion(inputs, github, env, progress, result, client.apiUrl);
    const smokeRuns = await smokeAndSettle(
      client,
      result.steps.map((step, index) => writtenDeployment(step.item, result.outcomes[index]!)),
      {
        inputs,
        progress,
        timing: smokeTiming,
        writesOk: result.outcomes.every((outcome) => outcome.status !== 'failed'),
        records,
        success: `Promoted from ${inputs['source-env']}`,
        failure: 'Promotion or smoke runs failed',
      },
    );
    return {
      result,
      project: context.project,
      branch: context.branch,
      evidence: gate.evidence,
      changes,
      smokeRuns,
      traffic: client.traffic(),
    };
  } finally {
    await client.close();
    if (sourceClient !== client) await sourceClient.close();
  }
}

/** One GitHub deployment per commit promoted (flows usually share one), in progress until the end. */
async function recordPromotion(
  inputs: PromoteInputs,
  github: GitHubRun,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  result: PromoteResult,
  apiUrl: string,
): Promise<DeploymentRecord[]> {
  const recorder = deploymentRecorder(inputs, github.repository, env, progress);
  if (!recorder) return [];
  const byCommit = new Map<string, { name: string; flow_name: string; id: string | null }[]>();
  result.outcomes.forEach((outcome) => {
    const commit = outcome.to_commit;
    if (!commit || outcome.status === 'failed') return;
    const list = byCommit.get(commit) ?? [];
    list.push({
      name: outcome.name,
      flow_name: outcome.flow_name,
      id: outcome.id,
    });
    byCommit.set(commit, list);
  });
  const records: DeploymentRecord[] = [];
  for (const [commit, deployments] of byCommit) {
    records.push(
      await DeploymentRecord.start(
        recorder,
        {
          environment: inputs['target-env'],
          ref: commit,
          description: `Promoted ${deployments.length} Prefect deployment${deployments.length === 1 ? '' : 's'} from ${inputs['source-env']}`,
          deployments,
        },
        { environmentUrl: uiBaseUrl(apiUrl), logUrl: github.runUrl },
        progress,
      ),
    );
  }
  return records;
}

/** The `deployments` output: each outcome with its source's last run and what the promotion changes. */
export function promoteOutputRows(run: PromoteRun) {
  return run.result.outcomes.map((outcome, index) => {
    const step = run.result.steps[index]!;
    const evidence = run.evidence.get(step.source.deployment.id);
    const last = evidence?.lastRun ?? null;
    const change = run.changes[index];
    return {
      ...outcome,
      source_last_run: last
        ? { state: last.state, state_name: last.stateName, time: last.time, url: last.url }
        : null,
      source_completed_run_url: evidence?.success?.url ?? null,
      compare_url: change?.compare_url ?? null,
      commits: change?.commits ?? null,
      total_commits: change?.total_commits ?? null,
    };
  });
}
