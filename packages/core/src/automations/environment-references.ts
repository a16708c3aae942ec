// The deployments `{deployment:<flow>}` can stand for in one environment: those of the project
// and branch already there, and those the same run creates.
import { tentativeDeploymentName } from '../naming/deployment-name.js';
import type { ReferenceBook } from './automation-plan.js';

export interface EnvironmentDeployments {
  project: string;
  branch: string;
  env: string;
  /** Deployment name -> id; null for one this run creates. */
  deployments: ReadonlyMap<string, string | null>;
  /** Every flow of the project (normalised names), deployed or not. */
  flows: Iterable<string>;
}

export function environmentReferences(input: EnvironmentDeployments): ReferenceBook {
  const flows = new Set(input.flows);
  return {
    where: `environment "${input.env}"`,
    knowsFlow: (flow) => flows.has(flow),
    lookup(ref) {
      const name = tentativeDeploymentName({
        project: input.project,
        branch: input.branch,
        flow: ref.flow,
        env: input.env,
        variant: ref.variant ?? null,
      });
      const id = input.deployments.get(name);
      return id === undefined ? undefined : { name, id };
    },
  };
}
