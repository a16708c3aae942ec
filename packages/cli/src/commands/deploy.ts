// `acme-portal deploy`: the deploy action's parse, run, review (drift) and job summary, from the
// command line.
import { runDeploy } from '../../../../actions/deploy/src/deploy.js';
import { COUNTED_STATUSES, deployReport } from '../../../../actions/deploy/src/deploy-report.js';
import { parseDeployInputs } from '../../../../actions/deploy/src/inputs.js';
import { reviewDeployPlan } from '../../../../actions/deploy/src/plan-review.js';
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
    const run = await runDeploy(inputs, github, env, progress);
    // No pull request outside GitHub, so no comment: the review here is the drift check.
    const review = await reviewDeployPlan(run, inputs, github, env, progress);
    const report = deployReport(run, inputs, review);
    const counts = outcomeOutputs(run.result.outcomes, COUNTED_STATUSES);
    return {
      summary: report.summary,
      outputs: { ...counts.outputs, automations: run.result.automations, 'smoke-runs': run.smokeRuns },
      failed: counts.failed + run.result.automations.filter((each) => each.status === 'failed').length,
      problems: report.problems,
      dryRun: inputs['dry-run'],
    };
  },
});
