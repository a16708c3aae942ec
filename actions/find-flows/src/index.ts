// Entry of the find-flows action: inputs -> runFindFlows -> outputs and job summary.
import * as core from '@actions/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  currentGitHubRun,
  failStep,
  runnerProgress,
  setJsonListOutput,
  writeJobSummary,
} from '@portal-actions/runner';
import { runFindFlows } from './find-flows.js';
import { findFlowsOutputs } from './find-flows-outputs.js';
import { findFlowsSummary } from './find-flows-summary.js';
import { readFindFlowsInputs } from './inputs.js';

async function main(): Promise<void> {
  try {
    const inputs = readFindFlowsInputs();
    const run = await runFindFlows(inputs, currentGitHubRun(), process.env, runnerProgress);
    const folder = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'portal-flows-'));
    const file = join(folder, 'flows.json');
    writeFileSync(file, JSON.stringify(run.flows, null, 2));
    setJsonListOutput(
      'flows',
      run.flows,
      `The complete list is in the file named by the \`flows-file\` output.`,
    );
    core.setOutput('flows-file', file);
    const outputs = findFlowsOutputs(run);
    core.setOutput('names', outputs.names);
    core.setOutput('count', String(outputs.count));
    core.setOutput('matrix', JSON.stringify(outputs.matrix));
    await writeJobSummary(findFlowsSummary(run));
  } catch (error) {
    await failStep(error, 'find-flows');
  }
}

await main();
