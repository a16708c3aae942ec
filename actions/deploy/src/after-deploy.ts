// What deploy does once the deployer returned: the GitHub deployment record (in progress), the
// smoke runs, then the record's final status. Nothing here runs in a dry run.
import {
  uiBaseUrl,
  type DeployResult,
  type PrefectClient,
  type Progress,
  type RunContext,
  type SmokeRun,
} from '@portal-actions/core';
import {
  DeploymentRecord,
  deploymentRecorder,
  smokeAndSettle,
  writtenDeployment,
  type GitHubRun,
  type SmokeTiming,
} from '@portal-actions/runner';
import type { DeployInputs } from './inputs.js';

export async function afterDeploy(
  client: PrefectClient,
  result: DeployResult,
  run: {
    inputs: DeployInputs;
    github: GitHubRun;
    env: NodeJS.ProcessEnv;
    progress: Progress;
    context: RunContext;
    smokeTiming: SmokeTiming;
  },
): Promise<SmokeRun[]> {
  const { inputs, github, env, progress, context } = run;
  if (inputs['dry-run']) {
    if (inputs['smoke-flows'] !== 'none') progress.info('Dry run: no smoke runs.');
    return [];
  }
  const live = result.plan.items
    .map((item, index) => ({ item, outcome: result.outcomes[index]! }))
    .filter(({ item }) => item.action !== 'delete');
  const recorder = deploymentRecorder(inputs, github.repository, env, progress);
  const record = recorder
    ? await DeploymentRecord.start(
        recorder,
        {
          environment: inputs.env,
          ref: context.commit,
          description: `Deployed ${live.length} Prefect deployment${live.length === 1 ? '' : 's'} (${context.branch}@${context.shortCommit})`,
          deployments: live.map(({ outcome }) => ({
            name: outcome.name,
            flow_name: outcome.flow_name,
            id: outcome.id,
          })),
        },
        { environmentUrl: uiBaseUrl(client.apiUrl), logUrl: github.runUrl },
        progress,
      )
    : null;
  return smokeAndSettle(
    client,
    live.map(({ item, outcome }) => writtenDeployment(item, outcome)),
    {
      inputs,
      progress,
      timing: run.smokeTiming,
      writesOk: result.outcomes.every((outcome) => outcome.status !== 'failed'),
      records: record ? [record] : [],
      success: 'Deployed',
      failure: 'Deployment or smoke runs failed',
    },
  );
}
