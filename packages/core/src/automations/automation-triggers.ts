// The reverse of automationBody: the triggers a deployment's automations were written from, read
// back from the server, so promote can carry what was tested to the next environment.
import { deploymentsRunBy, type ServerAutomation } from '../prefect/server-automation.js';
import { MANAGED_TAG } from './automation-body.js';
import { restoreReferences } from './deployment-references.js';
import type { DeploymentTrigger, TriggerJson } from './trigger-model.js';

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== 'id')
      .map(([key, item]) => [key, withoutIds(item)]),
  );
}

/**
 * The managed automations that run `deploymentId`, as triggers in name order, with every
 * `prefect.deployment.<id>` that `refOfId` knows turned back into `{deployment:<flow>}`.
 * A default name (`<deployment>__automation_<n>`) is dropped, so the target gets its own.
 */
export function triggersOfDeployment(
  automations: readonly ServerAutomation[],
  deployment: { id: string; name: string },
  refOfId: (id: string) => string | undefined,
): DeploymentTrigger[] {
  const id = deployment.id.toLowerCase();
  const defaultName = new RegExp(
    `^${deployment.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}__automation_\\d+$`,
  );
  return automations
    .filter((each) => (each.tags ?? []).includes(MANAGED_TAG) && deploymentsRunBy(each).includes(id))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    .map((automation) => {
      const action = automation.actions.find((each) => each.type === 'run-deployment')!;
      const trigger: DeploymentTrigger = {
        name: defaultName.test(automation.name) ? null : automation.name,
        description: automation.description ?? '',
        enabled: automation.enabled,
        parameters: (action.parameters as Record<string, unknown> | null | undefined) ?? null,
        job_variables: (action.job_variables as Record<string, unknown> | null | undefined) ?? null,
        schedule_after: typeof action.schedule_after === 'number' ? action.schedule_after : 0,
        trigger: withoutIds(automation.trigger) as TriggerJson,
      };
      return restoreReferences(trigger, refOfId);
    });
}
