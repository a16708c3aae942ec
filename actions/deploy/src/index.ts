// Entry of the deploy action: inputs -> runDeploy -> outputs, job summary, failure.
import {
  currentGitHubRun,
  failStep,
  runnerProgress,
  failOnOutcomes,
  setOutcomeOutputs,
  writeJobSummary,
} from '@portal-actions/runner';
import { runDeploy } from './deploy.js';
import { deploySummary } from './deploy-summary.js';
import { readDeployInputs } from './inputs.js';

async function main(): Promise<void> {
  try {
    const inputs = readDeployInputs();
    const { result, context, manifestPath, traffic } = await runDeploy(
      inputs,
      currentGitHubRun(),
      process.env,
      runnerProgress,
    );
    setOutcomeOutputs(result.outcomes, ['created', 'updated', 'unchanged', 'deleted', 'failed']);
    await writeJobSummary(
      deploySummary(result, {
        env: inputs.env,
        project: context.project,
        branch: context.branch,
        commit: context.commit,
        packageVersion: context.packageVersion ?? '',
        dryRun: inputs['dry-run'],
        manifestPath,
        traffic,
      }),
    );
    failOnOutcomes(result.outcomes, 'deployment');
  } catch (error) {
    await failStep(error, 'Deploy');
  }
}

await main();
