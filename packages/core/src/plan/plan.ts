// A Plan is what deploy or promote will do, decided before anything is written: per deployment
// create, update (with the fields that change), unchanged, rename (a variant deployment under
// its old name), delete (prune), or failed (refused).
import type { AutomationPlan } from '../automations/automation-plan.js';
import type { DeploymentSpec } from '../model/deployment.js';
import type { UnmanagedOfFlow } from '../model/unmanaged-deployment.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import type { FieldChange } from './deployment-diff.js';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'rename' | 'delete' | 'refuse';

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
  /**
   * Action `rename`: the deployment under its old variant name, deleted once `name` is written.
   * `existing` is then what already stands under the new name (usually null), and `changes` are
   * against it, else against the old deployment.
   */
  renameFrom?: ServerDeployment;
}

export interface Plan {
  items: PlanItem[];
  /** Said once per plan: settings the config sets that this server cannot keep. */
  warnings?: string[];
  /** Deployments of the planned flows that these actions do not manage (deploy only). */
  unmanaged?: UnmanagedOfFlow[];
  /** The automations of these deployments (their triggers); absent when none were planned. */
  automations?: AutomationPlan;
}

export function countActions(plan: Plan): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    rename: 0,
    delete: 0,
    refuse: 0,
  };
  for (const item of plan.items) counts[item.action] += 1;
  return counts;
}
