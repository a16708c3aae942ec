// `acme-portal promote`: the promote action's parse, run and job summary, from the command line.
import { parsePromoteInputs } from '../../../../actions/promote/src/inputs.js';
import { promoteOutputRows, runPromote } from '../../../../actions/promote/src/promote.js';
import { promoteReport } from '../../../../actions/promote/src/promote-report.js';
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
    const run = await runPromote(inputs, github, env, progress);
    const report = promoteReport(run, inputs);
    const counts = outcomeOutputs(promoteOutputRows(run), ['created', 'updated', 'unchanged', 'failed']);
    return {
      summary: report.summary,
      outputs: { ...counts.outputs, automations: run.result.automations, 'smoke-runs': run.smokeRuns },
      failed: counts.failed + run.result.automations.filter((each) => each.status === 'failed').length,
      problems: report.problems,
      dryRun: inputs['dry-run'],
    };
  },
});
