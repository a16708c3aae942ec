// Entry of the promote action: inputs -> runPromote -> outputs, job summary, failure.
import {
  currentGitHubRun,
  failStep,
  runnerProgress,
  failOnOutcomes,
  setOutcomeOutputs,
  writeJobSummary,
} from '@portal-actions/runner';
import { readPromoteInputs } from './inputs.js';
import { runPromote } from './promote.js';
import { promoteSummary } from './promote-summary.js';

async function main(): Promise<void> {
  try {
    const inputs = readPromoteInputs();
    const { result, project, branch, traffic } = await runPromote(
      inputs,
      currentGitHubRun(),
      process.env,
      runnerProgress,
    );
    setOutcomeOutputs(result.outcomes, ['created', 'updated', 'unchanged', 'failed']);
    await writeJobSummary(
      promoteSummary(result, {
        project,
        branch,
        sourceEnv: inputs['source-env'],
        targetEnv: inputs['target-env'],
        dryRun: inputs['dry-run'],
        expectedCommit: inputs['expected-commit'] || null,
        traffic,
      }),
    );
    failOnOutcomes(result.outcomes, 'promotion');
  } catch (error) {
    await failStep(error, 'Promote');
  }
}

await main();
