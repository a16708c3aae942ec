// `acme-portal find-flows`: the find-flows action's parse, run and job summary, from the command line.
import { runFindFlows } from '../../../../actions/find-flows/src/find-flows.js';
import { findFlowsOutputs } from '../../../../actions/find-flows/src/find-flows-outputs.js';
import { findFlowsSummary } from '../../../../actions/find-flows/src/find-flows-summary.js';
import { parseFindFlowsInputs } from '../../../../actions/find-flows/src/inputs.js';
import { actionCommand } from './action-command.js';

export const findFlowsCommand = actionCommand({
  name: 'find-flows',
  // The branch only narrows `with-deployments` (default: every branch); git is not asked.
  facts: { branch: false, commit: false },
  aliases: {},
  omittedOutputs: {
    'flows-file': 'stdout holds the complete list: there is no 1 MB output cap to work around',
  },
  parse: parseFindFlowsInputs,
  async run(inputs, { github, env, progress }) {
    const run = await runFindFlows(inputs, github, env, progress);
    return { summary: findFlowsSummary(run), outputs: { ...findFlowsOutputs(run) }, failed: 0 };
  },
});
