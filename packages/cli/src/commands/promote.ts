// `acme-portal promote`: the promote action's parse, run and job summary, from the command line.
import { parsePromoteInputs } from '../../../../actions/promote/src/inputs.js';
import { runPromote } from '../../../../actions/promote/src/promote.js';
import { promoteSummary } from '../../../../actions/promote/src/promote-summary.js';
import { actionCommand } from './action-command.js';
import { outcomeOutputs } from './outcome-outputs.js';

export const promoteCommand = actionCommand({
  name: 'promote',
  facts: { branch: true, commit: false },
  // In aps-prefect-deploy promote, `-env` is the environment promoted into.
  aliases: {
    env: 'target-env',
    'flows-to-deploy': 'flows',
    'branch-name': 'branch',
    'static-flow-config-path': 'config',
  },
  parse: parsePromoteInputs,
  async run(inputs, { github, env, progress }) {
    const { result, project, branch, smokeRuns } = await runPromote(inputs, github, env, progress);
    const outcome = outcomeOutputs(result.outcomes, ['created', 'updated', 'unchanged', 'failed']);
    return {
      // As the action: the smoke runs are an output and a summary section, and a failed one fails.
      outputs: { ...outcome.outputs, 'smoke-runs': smokeRuns },
      failed: outcome.failed + smokeRuns.filter((run) => !run.passed).length,
      summary: promoteSummary(result, {
        project,
        branch,
        sourceEnv: inputs['source-env'],
        targetEnv: inputs['target-env'],
        dryRun: inputs['dry-run'],
        expectedCommit: inputs['expected-commit'] || null,
        smokeRuns,
      }),
    };
  },
});
