// What one deploy writes: a deployment per flow, or per variant of a flow that has variants
// (`deployments.<flow>.variants`), and which of those a prune must keep.
import type { Flow } from '../model/flow.js';
import { flowSegment, type DeploymentNameParts } from '../naming/deployment-name.js';

export interface DeploymentUnit {
  flow: Flow;
  /** Absent: the flow's own deployment. */
  variant?: string;
  /** Unique per unit: the flow name, `/variant` appended. */
  key: string;
}

export type VariantsOf = (flowName: string) => readonly string[];

const none: VariantsOf = () => [];

export function deploymentUnits(flows: readonly Flow[], variantsFor: VariantsOf = none): DeploymentUnit[] {
  return flows.flatMap((flow) => {
    const variants = variantsFor(flow.name);
    if (variants.length === 0) return [{ flow, key: flow.name }];
    return variants.map((variant) => ({ flow, variant, key: `${flow.name}/${variant}` }));
  });
}

/**
 * Why a deployment found on the server is no longer wanted, or null to keep it: its flow is gone,
 * its variant was removed from the config, or the flow gained (or lost) variants.
 */
export function staleReason(
  parts: DeploymentNameParts,
  flows: readonly Flow[],
  variantsFor: VariantsOf = none,
): string | null {
  const flow = flows.find((each) => flowSegment(each.name) === parts.flow);
  if (!flow) return 'its flow no longer exists in the repository';
  const variants = variantsFor(flow.name);
  if (parts.variant === null) {
    return variants.length > 0 ? `flow ${flow.name} now deploys as variants (${variants.join(', ')})` : null;
  }
  if (variants.length === 0) return `flow ${flow.name} no longer has variants`;
  return variants.includes(parts.variant)
    ? null
    : `variant "${parts.variant}" is no longer in the config of flow ${flow.name}`;
}
