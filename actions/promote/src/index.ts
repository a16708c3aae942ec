// Entry of the promote action: inputs -> runPromote -> outputs, job summary, failure.
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
import { readPromoteInputs } from './inputs.js';
import { promoteOutputRows, runPromote } from './promote.js';
import { promoteReport } from './promote-report.js';

async function main(): Promise<void> {
  try {
    const inputs = readPromoteInputs();
    maskSecret(inputs['github-token']);
    const run = await runPromote(inputs, currentGitHubRun(), process.env, runnerProgress);
    setOutcomeOutputs(promoteOutputRows(run), ['created', 'updated', 'unchanged', 'failed']);
    setJsonListOutput('automations', run.result.automations, 'The job summary lists every automation.');
    await writeJobSummary(promoteReport(run, inputs).summary);
    failOnOutcomes(run.result.outcomes, 'promotion');
    failOnOutcomes(run.result.automations, 'automation');
    reportSmokeRuns(run.smokeRuns);
  } catch (error) {
    await failStep(error, 'Promote');
  }
}

await main();
