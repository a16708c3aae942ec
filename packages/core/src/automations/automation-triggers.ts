// The reverse of automationBody: the triggers a deployment's automations were written from, read
// back from the server, so promote can carry what was tested to the next environment.
import { deploymentsRunBy, type ServerAutomation } from '../prefect/server-automation.js';
import { MANAGED_TAG } from './automation-body.js';
import { restoreReferences } from './deployment-references.js';
import { describeTrigger, type DeploymentTrigger, type TriggerJson } from './trigger-model.js';

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
      return withShorthand(restoreReferences(trigger, refOfId));
    });
}

/**
 * One short line per automation that runs each deployment (`after extract (Completed)`,
 * `event acme.file.landed`), references shown as the flows they name: the portal view.
 */
export function triggerLinesByDeployment(
  automations: readonly ServerAutomation[],
  refOfId: (id: string) => string | undefined,
): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const automation of [...automations].sort((a, b) =>
    a.name.localeCompare(b.name, 'en', { numeric: true }),
  )) {
    for (const id of new Set(deploymentsRunBy(automation))) {
      const trigger = restoreReferences(
        {
          name: automation.name,
          description: '',
          enabled: automation.enabled,
          parameters: null,
          job_variables: null,
          schedule_after: 0,
          trigger: withoutIds(automation.trigger) as TriggerJson,
        },
        refOfId,
      );
      lines.set(id, [...(lines.get(id) ?? []), describeTrigger(withShorthand(trigger))]);
    }
  }
  return lines;
}

/** An event trigger shaped as the `after:` shorthand makes it is shown as the shorthand. */
function withShorthand(item: DeploymentTrigger): DeploymentTrigger {
  const trigger = item.trigger as Record<string, unknown>;
  const related = trigger.match_related as Record<string, unknown> | undefined;
  const match = trigger.match as Record<string, unknown> | undefined;
  const ref = /^\{deployment:([^{}\s]+)\}$/.exec(String(related?.['prefect.resource.id'] ?? ''));
  const expect = (trigger.expect as string[] | undefined) ?? [];
  if (
    trigger.type !== 'event' ||
    !ref ||
    match?.['prefect.resource.id'] !== 'prefect.flow-run.*' ||
    related?.['prefect.resource.role'] !== 'deployment' ||
    expect.length === 0 ||
    !expect.every((event) => event.startsWith('prefect.flow-run.'))
  )
    return item;
  return { ...item, after: ref[1]! };
}
