// Entry of the promote action: inputs -> runPromote -> outputs, job summary, failure.
import * as core from '@actions/core';
import {
  currentGitHubRun,
  failStep,
  runnerProgress,
  setJsonListOutput,
  writeJobSummary,
} from '@portal-actions/runner';
import { readPromoteInputs } from './inputs.js';
import { runPromote } from './promote.js';
import { promoteSummary } from './promote-summary.js';

async function main(): Promise<void> {
  try {
    const inputs = readPromoteInputs();
    const { result, project, branch } = await runPromote(
      inputs,
      currentGitHubRun(),
      process.env,
      runnerProgress,
    );
    const count = (status: string) =>
      String(result.outcomes.filter((outcome) => outcome.status === status).length);
    setJsonListOutput('deployments', result.outcomes, 'The job summary lists every promotion.');
    for (const status of ['created', 'updated', 'unchanged', 'failed']) core.setOutput(status, count(status));
    await writeJobSummary(
      promoteSummary(result, {
        project,
        branch,
        sourceEnv: inputs['source-env'],
        targetEnv: inputs['target-env'],
        dryRun: inputs['dry-run'],
        expectedCommit: inputs['expected-commit'] || null,
      }),
    );
    const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
    if (failed.length > 0) {
      core.setFailed(
        `${failed.length} of ${result.outcomes.length} promotion${result.outcomes.length === 1 ? '' : 's'} failed:\n${failed
          .map((outcome) => `  - ${outcome.name}: ${outcome.error ?? 'failed'}`)
          .join('\n')}`,
      );
    }
  } catch (error) {
    await failStep(error, 'Promote');
  }
}

await main();
