// Entry of the deploy action: inputs -> runDeploy -> outputs, job summary, failure.
import * as core from '@actions/core';
import { driftMessage } from '@portal-actions/core';
import {
  currentGitHubRun,
  failStep,
  maskSecret,
  runnerProgress,
  failOnOutcomes,
  reportSmokeRuns,
  setOutcomeOutputs,
  smokeSummaryLines,
  writeJobSummary,
} from '@portal-actions/runner';
import { runDeploy } from './deploy.js';
import { deploySummary } from './deploy-summary.js';
import { driftSummary } from './drift-summary.js';
import { readDeployInputs } from './inputs.js';
import { reviewDeployPlan } from './plan-review.js';

async function main(): Promise<void> {
  try {
    const inputs = readDeployInputs();
    maskSecret(inputs['github-token']);
    const github = currentGitHubRun();
    const run = await runDeploy(inputs, github, process.env, runnerProgress);
    const { result, context, manifestPath, smokeRuns, traffic } = run;
    const review = await reviewDeployPlan(run, inputs, github, process.env, runnerProgress);
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
      }) +
        ['', ...smokeSummaryLines(smokeRuns)].join('\n') +
        (inputs['fail-on-drift'] ? `\n${driftSummary(review.drift, inputs.env)}` : ''),
    );
    failOnOutcomes(result.outcomes, 'deployment');
    reportSmokeRuns(smokeRuns);
    if (review.drift.length > 0) {
      for (const drift of review.drift) core.error(driftMessage(drift), { title: `Drift: ${drift.name}` });
      core.setFailed(
        `${review.drift.length} deployment${review.drift.length === 1 ? '' : 's'} in ${inputs.env} drifted from the repository:\n${review.drift
          .map((drift) => `  - ${driftMessage(drift)}`)
          .join('\n')}`,
      );
    }
  } catch (error) {
    await failStep(error, 'Deploy');
  }
}

await main();
