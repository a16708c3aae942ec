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
  setJsonListOutput,
  setOutcomeOutputs,
  writeJobSummary,
} from '@portal-actions/runner';
import { runDeploy } from './deploy.js';
import { COUNTED_STATUSES, deployReport } from './deploy-report.js';
import { readDeployInputs } from './inputs.js';
import { reviewDeployPlan } from './plan-review.js';

async function main(): Promise<void> {
  try {
    const inputs = readDeployInputs();
    maskSecret(inputs['github-token']);
    const github = currentGitHubRun();
    const run = await runDeploy(inputs, github, process.env, runnerProgress);
    const review = await reviewDeployPlan(run, inputs, github, process.env, runnerProgress);
    const report = deployReport(run, inputs, review);
    setOutcomeOutputs(run.result.outcomes, COUNTED_STATUSES);
    setJsonListOutput('automations', run.result.automations, 'The job summary lists every automation.');
    await writeJobSummary(report.summary);
    failOnOutcomes(run.result.outcomes, 'deployment');
    failOnOutcomes(run.result.automations, 'automation');
    reportSmokeRuns(run.smokeRuns);
    if (review.drift.length > 0) {
      // An annotation on each drifted deployment, and the step fails with the count and the list.
      for (const drift of review.drift) core.error(driftMessage(drift), { title: `Drift: ${drift.name}` });
      core.setFailed(report.problems.at(-1) ?? 'Drift');
    }
  } catch (error) {
    await failStep(error, 'Deploy');
  }
}

await main();
