// `acme-portal deploy`: the deploy action's parse, run and job summary, from the command line.
import { runDeploy } from '../../../../actions/deploy/src/deploy.js';
import { deploySummary } from '../../../../actions/deploy/src/deploy-summary.js';
import { parseDeployInputs } from '../../../../actions/deploy/src/inputs.js';
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
    const outcomes = outcomeOutputs(result.outcomes, [
      'created',
      'updated',
      'unchanged',
      'deleted',
      'failed',
    ]);
    return {
      summary: deploySummary(result, {
        env: inputs.env,
        project: context.project,
        branch: context.branch,
        commit: context.commit,
        packageVersion: context.packageVersion ?? '',
        dryRun: inputs['dry-run'],
        manifestPath,
      }),
      // The action's `smoke-runs` output too (the manifest lists it); a failed smoke run does not yet set the exit code.
      outputs: { ...outcomes.outputs, 'smoke-runs': smokeRuns },
      failed: outcomes.failed,
    };
  },
});
