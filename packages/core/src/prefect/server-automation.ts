// Prefect's Automation as the server answers it (GET /automations/{id}, POST /automations/filter):
// no `owner_resource` in answers; the trigger carries server-made ids. Unknown fields are kept.
import { z } from 'zod';

export const automationResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  enabled: z.boolean(),
  tags: z.array(z.string()).nullish(),
  trigger: z.record(z.string(), z.unknown()),
  actions: z.array(z.record(z.string(), z.unknown())),
  actions_on_trigger: z.array(z.record(z.string(), z.unknown())).nullish(),
  actions_on_resolve: z.array(z.record(z.string(), z.unknown())).nullish(),
});

export type ServerAutomation = z.output<typeof automationResponse>;

/** The deployments an automation runs (its `run-deployment` actions with a selected deployment). */
export function deploymentsRunBy(automation: Pick<ServerAutomation, 'actions'>): string[] {
  return automation.actions
    .filter((action) => action.type === 'run-deployment' && typeof action.deployment_id === 'string')
    .map((action) => (action.deployment_id as string).toLowerCase());
}
