// Entry of the promote action: inputs -> runPromote -> outputs, job summary, failure.
import {
  currentGitHubRun,
  failStep,
  maskSecret,
  runnerProgress,
  failOnOutcomes,
  reportSmokeRuns,
  setOutcomeOutputs,
  writeJobSummary,
} from '@portal-actions/runner';
import { readPromoteInputs } from './inputs.js';
import { promoteOutputRows, runPromote } from './promote.js';
import { promoteSummary } from './promote-summary.js';

async function main(): Promise<void> {
  try {
    const inputs = readPromoteInputs();
    maskSecret(inputs['github-token']);
    const run = await runPromote(inputs, currentGitHubRun(), process.env, runnerProgress);
    const { result, project, branch, traffic } = run;
    setOutcomeOutputs(promoteOutputRows(run), ['created', 'updated', 'unchanged', 'failed']);
    await writeJobSummary(
      promoteSummary(result, {
        project,
        branch,
        sourceEnv: inputs['source-env'],
        targetEnv: inputs['target-env'],
        dryRun: inputs['dry-run'],
        expectedCommit: inputs['expected-commit'] || null,
        evidence: run.evidence,
        changes: run.changes,
        smokeRuns: run.smokeRuns,
        traffic,
      }),
    );
    failOnOutcomes(result.outcomes, 'promotion');
    reportSmokeRuns(run.smokeRuns);
  } catch (error) {
    await failStep(error, 'Promote');
  }
}

await main();
