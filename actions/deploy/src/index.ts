// Entry of the deploy action: inputs -> runDeploy -> outputs, job summary, failure.
import * as core from '@actions/core';
import {
  currentGitHubRun,
  failStep,
  runnerProgress,
  setJsonListOutput,
  writeJobSummary,
} from '@portal-actions/runner';
import { runDeploy } from './deploy.js';
import { deploySummary } from './deploy-summary.js';
import { readDeployInputs } from './inputs.js';

async function main(): Promise<void> {
  try {
    const inputs = readDeployInputs();
    const { result, context, manifestPath } = await runDeploy(
      inputs,
      currentGitHubRun(),
      process.env,
      runnerProgress,
    );
    const count = (status: string) =>
      String(result.outcomes.filter((outcome) => outcome.status === status).length);
    setJsonListOutput('deployments', result.outcomes, 'The job summary lists every deployment.');
    for (const status of ['created', 'updated', 'unchanged', 'deleted', 'failed'])
      core.setOutput(status, count(status));
    await writeJobSummary(
      deploySummary(result, {
        env: inputs.env,
        project: context.project,
        branch: context.branch,
        commit: context.commit,
        packageVersion: context.packageVersion ?? '',
        dryRun: inputs['dry-run'],
        manifestPath,
      }),
    );
    const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
    if (failed.length > 0) {
      core.setFailed(
        `${failed.length} of ${result.outcomes.length} deployment${result.outcomes.length === 1 ? '' : 's'} failed:\n${failed
          .map((outcome) => `  - ${outcome.name}: ${outcome.error ?? 'failed'}`)
          .join('\n')}`,
      );
    }
  } catch (error) {
    await failStep(error, 'Deploy');
  }
}

await main();
