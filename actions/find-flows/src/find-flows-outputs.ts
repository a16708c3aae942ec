// The find-flows outputs a workflow (or the CLI's --json) reads, computed once from the run:
// the flows, their names, how many, and the strategy.matrix of the deployable ones.
import type { FindFlowsRun, FlowWithDeployments } from './find-flows.js';

export interface FindFlowsOutputs {
  flows: FlowWithDeployments[];
  names: string;
  count: number;
  matrix: { include: { flow: string; entrypoint: string }[] };
}

export function findFlowsOutputs(run: FindFlowsRun): FindFlowsOutputs {
  const include = run.flows
    .filter((flow) => flow.deployable)
    .map((flow) => ({ flow: flow.name, entrypoint: flow.entrypoint }));
  return {
    flows: run.flows,
    names: run.flows.map((flow) => flow.name).join(','),
    count: run.flows.length,
    matrix: { include },
  };
}
