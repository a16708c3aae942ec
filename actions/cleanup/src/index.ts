// Entry of the cleanup action: inputs -> runCleanup -> outputs, job summary, failure.
import * as core from '@actions/core';
import { RefusedError } from '@portal-actions/core';
import {
  currentGitHubRun,
  failOnOutcomes,
  failStep,
  GitHubRepositoryBranches,
  maskSecret,
  openGitHubApi,
  repositoryParams,
  runnerProgress,
  setJsonListOutput,
  writeJobSummary,
} from '@portal-actions/runner';
import { deletedOutput, runCleanup } from './cleanup.js';
import { cleanupSummary } from './cleanup-summary.js';
import { readCleanupInputs } from './inputs.js';

async function main(): Promise<void> {
  try {
    const inputs = readCleanupInputs();
    maskSecret(inputs['github-token']);
    const github = currentGitHubRun();
    const branches = inputs['github-token']
      ? new GitHubRepositoryBranches(
          openGitHubApi(inputs['github-token']),
          repositoryParams(github.repository),
        )
      : null;
    const run = await runCleanup(
      inputs,
      { repository: github.repository, workspace: github.workspace, branches },
      process.env,
      runnerProgress,
    );
    const deleted = deletedOutput(run.result);
    setJsonListOutput('deleted', deleted, 'The job summary lists every deployment.');
    core.setOutput('count', String(deleted.length));
    await writeJobSummary(cleanupSummary(run, inputs['dry-run']));
    if (run.result.refused) throw new RefusedError(run.result.refused);
    failOnOutcomes(run.result.outcomes, 'deletion');
    failOnOutcomes(run.result.automations, 'automation deletion');
  } catch (error) {
    await failStep(error, 'Cleanup');
  }
}

await main();
