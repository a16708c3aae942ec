// Entry of the deploy action: inputs -> runDeploy -> outputs, job summary, failure.
import {
  currentGitHubRun,
  failStep,
  runnerProgress,
  failOnOutcomes,
  reportSmokeRuns,
  setOutcomeOutputs,
  smokeSummaryLines,
  writeJobSummary,
} from '@portal-actions/runner';
import { runDeploy } from './deploy.js';
import { deploySummary } from './deploy-summary.js';
import { readDeployInputs } from './inputs.js';

async function main(): Promise<void> {
  try {
    const inputs = readDeployInputs();
    const { result, context, manifestPath, smokeRuns, traffic } = await runDeploy(
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
      }) + ['', ...smokeSummaryLines(smokeRuns)].join('\n'),
    );
    failOnOutcomes(result.outcomes, 'deployment');
    reportSmokeRuns(smokeRuns);
  } catch (error) {
    await failStep(error, 'Deploy');
  }
}

await main();
