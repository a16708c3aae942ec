// `acme-portal deploy`: the deploy action's parse, run and job summary, from the command line.
import { runDeploy } from '../../../../actions/deploy/src/deploy.js';
import { deploySummary } from '../../../../actions/deploy/src/deploy-summary.js';
import { parseDeployInputs } from '../../../../actions/deploy/src/inputs.js';
import { smokeSummaryLines } from '@portal-actions/runner';
import { actionCommand } from './action-command.js';
import { outcomeOutputs } from './outcome-outputs.js';

export const deployCommand = actionCommand({
  name: 'deploy',
  facts: { branch: true, commit: true },
  aliases: {
    'flows-to-deploy': 'flows',
    'branch-name': 'branch',
    'commit-hash': 'commit-sha',
    'image-uri': 'image',
    'static-flow-config-path': 'config',
  },
  parse: parseDeployInputs,
  async run(inputs, { github, env, progress }) {
    const { result, context, manifestPath, smokeRuns } = await runDeploy(inputs, github, env, progress);
    const outcome = outcomeOutputs(result.outcomes, ['created', 'updated', 'unchanged', 'deleted', 'failed']);
    return {
      // As the action: the smoke runs are an output and a summary section, and a failed one fails.
      outputs: { ...outcome.outputs, 'smoke-runs': smokeRuns },
      failed: outcome.failed + smokeRuns.filter((run) => !run.passed).length,
      summary:
        deploySummary(result, {
          env: inputs.env,
          project: context.project,
          branch: context.branch,
          commit: context.commit,
          packageVersion: context.packageVersion ?? '',
          dryRun: inputs['dry-run'],
          manifestPath,
        }) + ['', ...smokeSummaryLines(smokeRuns)].join('\n'),
    };
  },
});
