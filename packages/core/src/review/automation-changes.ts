// Trigger changes as people read them, in the job summary, the plan comment and the drift view:
// one line per automation that would be created, replaced in place or deleted.
import type { AutomationChange, AutomationPlan } from '../automations/automation-plan.js';
import type { DriftedDeployment } from './drifted-deployment.js';

const ACTION_TEXT: Record<AutomationChange['action'], string> = {
  create: '🆕 create',
  update: '✏️ update',
  unchanged: '✅ unchanged',
  delete: '🗑️ delete',
};

/** What changes about one automation: `enabled, trigger`, its trigger, or why it goes. */
export function automationChangeText(change: AutomationChange): string {
  switch (change.action) {
    case 'update':
      return `${change.fields.join(', ')}: ${change.summary}`;
    case 'delete':
      return `delete: ${change.reason ?? ''}`;
    default:
      return change.summary;
  }
}

export function automationActionText(change: AutomationChange): string {
  return ACTION_TEXT[change.action];
}

/** The changes that write something, deployment by deployment. */
export function changingAutomations(plan: AutomationPlan | undefined): AutomationChange[] {
  return (plan?.changes ?? [])
    .filter((change) => change.action !== 'unchanged')
    .sort((a, b) => a.deployment.localeCompare(b.deployment) || a.name.localeCompare(b.name));
}

/**
 * Drift of automations: one the config has that Prefect lacks (deleted in the UI), one edited
 * or disabled there, one the config no longer has. Shown beside the deployments' drift.
 */
export function automationDrift(plan: AutomationPlan | undefined, env: string): DriftedDeployment[] {
  return changingAutomations(plan).map((change) => {
    const base = { name: `${change.deployment} › automation ${change.name}`, flowName: change.flowName, env };
    switch (change.action) {
      case 'create':
        return {
          ...base,
          kind: 'missing',
          differences: ['automation not in Prefect (deleted in the UI?)'],
          fields: [],
        };
      case 'delete':
        return { ...base, kind: 'extra', differences: [change.reason ?? 'not in the config'], fields: [] };
      default:
        return {
          ...base,
          kind: 'changed',
          differences: change.fields.map((field) =>
            field === 'enabled'
              ? `enabled: ${String(!change.trigger!.enabled)} → ${String(change.trigger!.enabled)}`
              : `${field} edited`,
          ),
          fields: change.fields,
        };
    }
  });
}
