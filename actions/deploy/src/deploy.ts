// The deploy action's work, runner-independent: config, run context, flows, then the
// deployer against Prefect. Tests call it directly with typed inputs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import {
  flowVariants,
  githubVersionInfo,
  type PrefectClientOptions,
  type PrefectTraffic,
  PrefectDeployer,
  refuseOtherServer,
  prefectYamlManifest,
  refuseParameterMistakes,
  selectFlows,
  SECRET_PLACEHOLDER,
  requireEnvironment,
  resolveFlowSettings,
  resolveRunContext,
  unmatchedFlows,
  type DeployResult,
  type DeploymentSpec,
  type Progress,
  type RunContext,
  type SmokeRun,
} from '@portal-actions/core';
import {
  checkSmokeParameters,
  findRepositoryFlows,
  loadPortalConfig,
  readExtraEnvLayers,
  connectionForEnvironment,
  openPrefectClient,
  withExtraEnv,
  type GitHubRun,
  type SmokeTiming,
} from '@portal-actions/runner';
import type { DeployInputs } from './inputs.js';
import { afterDeploy } from './after-deploy.js';

/** The spec with every job_variables.env value that came from a secret replaced by a marker. */
function redactSecrets(spec: DeploymentSpec, secretValues: Set<string>): DeploymentSpec {
  const env = spec.job_variables.env as Record<string, string> | undefined;
  if (!env) return spec;
  const redacted = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, secretValues.has(value) ? SECRET_PLACEHOLDER : value]),
  );
  return { ...spec, job_variables: { ...spec.job_variables, env: redacted } };
}

/** The run's version_info, as Prefect's SDK infers it in GitHub Actions. */
function versionInfoOf(github: GitHubRun, context: RunContext) {
  const info = githubVersionInfo({
    commit: context.commit,
    branch: context.branch,
    repository: github.repository,
    serverUrl: github.serverUrl,
  });
  return info ? { versionInfo: info } : {};
}

export interface DeployRun {
  result: DeployResult;
  context: RunContext;
  manifestPath: string | null;
  /** The smoke runs made after writing (none in a dry run or without `smoke-flows`). */
  smokeRuns: SmokeRun[];
  /** Requests, retries and busy answers, for the job summary. */
  traffic: PrefectTraffic;
}

export async function runDeploy(
  inputs: DeployInputs,
  github: GitHubRun,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  /** Client settings for tests and benchmarks (fast retries, say); users never set them. */
  clientOptions: Partial<PrefectClientOptions> = {},
  smokeTiming: SmokeTiming = {},
): Promise<DeployRun> {
  const repoRoot = github.workspace;
  checkSmokeParameters(inputs);
  const { config, projectRoot, secrets } = await loadPortalConfig(inputs.config, repoRoot, env);
  requireEnvironment(config, inputs.env);
  // Before anything else: a run pointed at another server than the config names stops here.
  refuseOtherServer(config, inputs.env, inputs['prefect-api-url'], 'prefect-api-url');
  const { connection } = connectionForEnvironment(inputs, config, inputs.env, env);
  const context = await resolveRunContext({
    ...github,
    inputs: {
      project: inputs['project-name'],
      branch: inputs.branch,
      commitSha: inputs['commit-sha'],
      image: inputs.image,
      packageVersion: inputs['package-version'],
    },
    config,
    repoRoot: projectRoot,
    env: inputs.env,
  });
  progress.info(
    `Deploying ${context.project} at ${context.branch}@${context.shortCommit} (package ${context.packageVersion}) to ${inputs.env}`,
  );
  const extraEnv = await readExtraEnvLayers({
    envVars: inputs['env-vars'],
    envVarsCommand: inputs['env-vars-command'],
    cwd: repoRoot,
  });
  const scan = await findRepositoryFlows({ repoRoot, projectRoot, rootInput: inputs.root, config, progress });
  for (const unmatched of unmatchedFlows(
    config,
    scan.flows.map((flow) => flow.name),
  )) {
    progress.warning(unmatched.message, unmatched.location);
  }

  // Prefect accepts parameters a flow does not take, and then every run fails: refuse them all
  // before anything is written.
  refuseParameterMistakes(config, selectFlows(scan.flows, inputs.flows), inputs.env);

  const client = openPrefectClient(connection, progress, clientOptions, inputs.concurrency);
  try {
    const result = await new PrefectDeployer(client).deploy({
      flows: scan.flows,
      selection: inputs.flows,
      env: inputs.env,
      facts: {
        project: context.project,
        branch: context.branch,
        commit: context.commit,
        packageVersion: context.packageVersion ?? '',
        ...(context.image ? { image: context.image } : {}),
        ...(inputs['work-pool'] ? { workPool: inputs['work-pool'] } : {}),
        ...versionInfoOf(github, context),
      },
      settingsFor: (flowName, variant) => {
        const settings = resolveFlowSettings(config, flowName, inputs.env, context, variant);
        return { ...settings, env: withExtraEnv(settings.env, extraEnv) };
      },
      variantsFor: (flowName) => flowVariants(config, flowName),
      dryRun: inputs['dry-run'],
      prune: inputs.prune,
      concurrency: inputs.concurrency,
      progress,
      flowPlace: (flow) => `${relative(repoRoot, flow.source_path).split(sep).join('/')}:${flow.line_number}`,
    });
    let manifestPath: string | null = null;
    if (inputs.manifest) {
      manifestPath = resolve(repoRoot, inputs.manifest);
      mkdirSync(dirname(manifestPath), { recursive: true });
      // The manifest is a file people upload and read: values that came from secrets stay out.
      const secretValues = new Set([...secrets, ...extraEnv.flatMap((layer) => Object.values(layer.vars))]);
      const specs = result.plan.items.flatMap((item) =>
        item.spec ? [redactSecrets(item.spec, secretValues)] : [],
      );
      writeFileSync(
        manifestPath,
        prefectYamlManifest(specs, {
          project: context.project,
          prefectVersion: result.server.version,
          generatedBy: `Written by acme/portal-actions deploy for ${inputs.env} at ${context.branch}@${context.shortCommit}.`,
        }),
      );
    }
    const smokeRuns = await afterDeploy(client, result, {
      inputs,
      github,
      env,
      progress,
      context,
      smokeTiming,
    });
    return { result, context, manifestPath, smokeRuns, traffic: client.traffic() };
  } finally {
    await client.close();
  }
}
