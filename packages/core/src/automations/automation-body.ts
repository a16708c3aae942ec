// The automation a deployment trigger becomes, built as Prefect 3.8.3 builds it
// (Trigger.as_automation, cli/deploy/_triggers.py), plus the tag that marks it as ours.
import type { DeploymentTrigger } from './trigger-model.js';

/**
 * Marks the automations these actions manage: the server does not answer with `owner_resource`,
 * so without it an automation made in the UI that runs the same deployment could not be told apart.
 */
export const MANAGED_TAG = 'managed-by:acme-portal';

/** Prefect's default: `<deployment name>__automation_<n>`, n counting from 1 in list order. */
export function automationName(item: DeploymentTrigger, deploymentName: string, index: number): string {
  return item.name ?? `${deploymentName}__automation_${index + 1}`;
}

/** The body of POST /automations/ (PUT takes the same without `owner_resource`). */
export function automationBody(
  item: DeploymentTrigger,
  deploymentId: string,
  name: string,
): Record<string, unknown> {
  return {
    name,
    description: item.description,
    enabled: item.enabled,
    tags: [MANAGED_TAG],
    trigger: item.trigger,
    actions: [
      {
        type: 'run-deployment',
        source: 'selected',
        deployment_id: deploymentId,
        parameters: item.parameters,
        job_variables: item.job_variables,
        schedule_after: item.schedule_after,
      },
    ],
    actions_on_trigger: [],
    actions_on_resolve: [],
    owner_resource: `prefect.deployment.${deploymentId}`,
  };
}
