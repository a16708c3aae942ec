// Drift: what runs in Prefect no longer matches what the repository would deploy. A view over a
// dry-run plan: every deployment the plan would create (deleted by hand), change or delete.
import type { Plan, PlanItem } from '../plan/plan.js';
import { automationDrift } from './automation-changes.js';
import type { DriftedDeployment } from './drifted-deployment.js';

export type { DriftedDeployment } from './drifted-deployment.js';
import { describeItemChanges } from './describe-change.js';

function driftOf(item: PlanItem): DriftedDeployment | null {
  const base = { name: item.name, flowName: item.flowName, env: item.env };
  switch (item.action) {
    case 'create':
      return { ...base, kind: 'missing', differences: ['not in Prefect (deleted by hand?)'], fields: [] };
    case 'update':
      return {
        ...base,
        kind: 'changed',
        differences: describeItemChanges(item),
        fields: item.changes.map((change) => change.field),
      };
    case 'delete':
      return { ...base, kind: 'extra', differences: [item.reason ?? 'not in the repository'], fields: [] };
    case 'rename':
      return {
        ...base,
        kind: 'changed',
        differences: [
          `still under its old variant name ${item.renameFrom!.name}`,
          ...describeItemChanges(item),
        ],
        fields: ['name', ...item.changes.map((change) => change.field)],
      };
    default:
      return null;
  }
}

export function findDrift(plan: Plan): DriftedDeployment[] {
  const deployments = plan.items.flatMap((item) => {
    const drift = driftOf(item);
    return drift ? [drift] : [];
  });
  return [...deployments, ...automationDrift(plan.automations, plan.items[0]?.env ?? '')];
}

export function driftMessage(drift: DriftedDeployment): string {
  return `${drift.name}: ${drift.differences.join('; ')}`;
}
