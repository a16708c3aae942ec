// A Plan is what deploy or promote will do, decided before anything is written: per deployment
// create, update (with the fields that change), unchanged, delete (prune), or failed (refused).
import type { AutomationPlan } from '../automations/automation-plan.js';
import type { DeploymentSpec } from '../model/deployment.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import type { FieldChange } from './deployment-diff.js';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete' | 'refuse';

export interface PlanItem {
  action: PlanAction;
  /** Deployment name. */
  name: string;
  flowName: string;
  /** The config variant of the flow; absent: the flow's own deployment. */
  variant?: string;
  env: string;
  spec: DeploymentSpec | null;
  existing: ServerDeployment | null;
  changes: FieldChange[];
  /** Why the item is refused (action `refuse`). */
  reason: string | null;
}

export interface Plan {
  items: PlanItem[];
  /** The automations of these deployments (their triggers); absent when none were planned. */
  automations?: AutomationPlan;
}

export function countActions(plan: Plan): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, delete: 0, refuse: 0 };
  for (const item of plan.items) counts[item.action] += 1;
  return counts;
}
