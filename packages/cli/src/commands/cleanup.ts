// `acme-portal cleanup`: the cleanup action's parse, run and job summary, from the command line;
// a stale-branch sweep reads the branches of the `origin` remote with git.
import { RefusedError } from '@portal-actions/core';
import { deletedOutput, runCleanup } from '../../../../actions/cleanup/src/cleanup.js';
import { cleanupSummary } from '../../../../actions/cleanup/src/cleanup-summary.js';
import { parseCleanupInputs } from '../../../../actions/cleanup/src/inputs.js';
import { GitRemoteBranches } from '../git-branches.js';
import { actionCommand } from './action-command.js';

export const cleanupCommand = actionCommand({
  name: 'cleanup',
  facts: { branch: false, commit: false },
  aliases: {},
  parse: parseCleanupInputs,
  async run(inputs, { github, env, progress }) {
    const run = await runCleanup(
      inputs,
      {
        repository: github.repository,
        workspace: github.workspace,
        branches: new GitRemoteBranches(github.workspace),
      },
      env,
      progress,
    );
    if (run.result.refused) throw new RefusedError(run.result.refused);
    const deleted = deletedOutput(run.result);
    const failed = run.result.outcomes.filter((outcome) => outcome.status === 'failed').length;
    return {
      summary: cleanupSummary(run, inputs['dry-run']),
      outputs: { deleted, count: deleted.length },
      failed,
      dryRun: inputs['dry-run'],
    };
  },
});
