// The automations part of a deploy: the triggers of the deployments in the plan, planned against
// the server's automations, and written after the deployments they run and refer to.
import type { AutomationPlan } from '../automations/automation-plan.js';
import { DeploymentAutomations, type AutomationOutcome } from '../automations/deployment-automations.js';
import { environmentReferences } from '../automations/environment-references.js';
import type { TriggerSetting } from '../automations/trigger-model.js';
import { ConfigurationError } from '../errors/portal-error.js';
import type { DeploymentOutcome } from '../model/operations.js';
import type { PlanItem } from '../plan/plan.js';
import type { PrefectApi, ServerVersion } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';

export interface TriggerPlanInput {
  items: readonly PlanItem[];
  /** The triggers the config gives a planned deployment (by name). */
  triggersOf: (item: PlanItem) => TriggerSetting[];
  /** The project's deployments already in this environment and branch. */
  existingInEnv: readonly ServerDeployment[];
  project: string;
  branch: string;
  env: string;
  /** Every flow of the repository (normalised names). */
  flows: Iterable<string>;
  server: ServerVersion;
}

const WRITTEN = new Set(['create', 'update', 'unchanged']);

/** Undefined when there is nothing to plan (no trigger, and a server without automations). */
export async function planDeploymentTriggers(
  api: PrefectApi,
  input: TriggerPlanInput,
): Promise<AutomationPlan | undefined> {
  const written = input.items.filter((item) => WRITTEN.has(item.action));
  const wanted = written.some((item) => input.triggersOf(item).length > 0);
  if (input.server.major < 3 && !input.server.isCloud) {
    if (!wanted) return undefined;
    throw new ConfigurationError(
      `Triggers are deployed as automations, which Prefect ${input.server.version} does not have; nothing was deployed.`,
      { hint: 'Upgrade the server to Prefect 3, or remove `triggers` for this environment.' },
    );
  }
  const deployments = new Map<string, string | null>(input.existingInEnv.map((each) => [each.name, each.id]));
  for (const item of written) deployments.set(item.name, item.existing?.id ?? null);
  return new DeploymentAutomations(api).plan({
    targets: written.map((item) => ({
      deployment: item.name,
      flowName: item.flowName,
      ...(item.variant !== undefined ? { variant: item.variant } : {}),
      deploymentId: item.existing?.id ?? null,
      triggers: input.triggersOf(item),
    })),
    references: environmentReferences({ ...input, deployments }),
    isCloud: input.server.isCloud,
    deletedDeployments: new Map(
      input.items
        .filter((item) => item.action === 'delete')
        .map((item) => [item.existing!.id.toLowerCase(), item.name]),
    ),
  });
}

/** Writes the planned automations once the deployments are written (a failed one's are skipped). */
export async function writeDeploymentTriggers(
  api: PrefectApi,
  plan: AutomationPlan | undefined,
  existingInEnv: readonly ServerDeployment[],
  outcomes: readonly Pick<DeploymentOutcome, 'name' | 'id' | 'status'>[],
): Promise<AutomationOutcome[]> {
  if (!plan) return [];
  const ids = new Map(existingInEnv.map((each) => [each.name, each.id]));
  for (const outcome of outcomes) {
    if (outcome.status === 'failed') ids.delete(outcome.name);
    else if (outcome.id && outcome.status !== 'deleted') ids.set(outcome.name, outcome.id);
  }
  return new DeploymentAutomations(api).apply(plan, (name) => ids.get(name));
}
