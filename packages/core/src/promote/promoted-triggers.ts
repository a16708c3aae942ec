// The triggers a promotion carries: the source deployment's automations read back, or the target
// environment's own `triggers` when it sets them, with references rewritten to the target's
// deployments. A flow whose triggers name a deployment the target lacks is refused, by name.
import type { AutomationPlan } from '../automations/automation-plan.js';
import { triggersOfDeployment } from '../automations/automation-triggers.js';
import { DeploymentAutomations } from '../automations/deployment-automations.js';
import { environmentReferences } from '../automations/environment-references.js';
import { referencesIn } from '../automations/deployment-references.js';
import { usesMetric, type TriggerSetting } from '../automations/trigger-model.js';
import type { FoundDeployment } from '../find-deployments/prefect-deployment-finder.js';
import type { PrefectApi, ServerVersion } from '../prefect/prefect-api.js';
import type { PromotionStep } from './promotion-step.js';

export interface PromotedTriggersInput {
  steps: PromotionStep[];
  /** The project's deployments in the source environment (what source references stand for). */
  inSource: readonly FoundDeployment[];
  inTarget: ReadonlyMap<string, FoundDeployment>;
  project: string;
  branch: string;
  targetEnv: string;
  server: ServerVersion;
  /** The target environment's own `triggers` for a step's flow, when its levels set them. */
  targetTriggers: (step: PromotionStep) => TriggerSetting[] | undefined;
}

const refText = (found: FoundDeployment) =>
  found.details.variant ? `${found.details.flow_name}/${found.details.variant}` : found.details.flow_name;

/**
 * Plans the target's automations; refuses (in `steps`) a flow whose triggers cannot be written
 * there. Undefined on a server without automations when nothing is to be carried.
 */
export async function planPromotedTriggers(
  sourceApi: PrefectApi,
  api: PrefectApi,
  input: PromotedTriggersInput,
): Promise<AutomationPlan | undefined> {
  const { steps, server } = input;
  const onOldServer = (version: ServerVersion) => version.major < 3 && !version.isCloud;
  const sourceAutomations = onOldServer(await sourceApi.serverVersion())
    ? []
    : await new DeploymentAutomations(sourceApi).existing();
  const refOfId = new Map(input.inSource.map((found) => [found.deployment.id.toLowerCase(), refText(found)]));
  const triggersOf = new Map<PromotionStep, TriggerSetting[]>();
  for (const step of steps) {
    if (step.item.action === 'refuse') continue;
    const source = step.source.deployment;
    triggersOf.set(
      step,
      input.targetTriggers(step) ??
        triggersOfDeployment(sourceAutomations, source, (id) => refOfId.get(id)).map((trigger) => ({
          trigger,
        })),
    );
  }
  const carrying = [...triggersOf.values()].some((list) => list.length > 0);
  if (onOldServer(server) && !carrying) return undefined;

  const deployments = new Map<string, string | null>(
    [...input.inTarget.values()].map((found) => [found.details.name, found.deployment.id]),
  );
  for (const step of triggersOf.keys()) deployments.set(step.item.name, step.item.existing?.id ?? null);
  const book = environmentReferences({
    project: input.project,
    branch: input.branch,
    env: input.targetEnv,
    deployments,
    flows: input.inSource.map((found) => found.details.flow_name),
  });
  for (const [step, triggers] of triggersOf) {
    const missing = [
      ...new Set(
        triggers
          .flatMap(({ trigger }) => referencesIn(trigger))
          .filter((ref) => !book.lookup(ref))
          .map((ref) => ref.text),
      ),
    ];
    const metric = !server.isCloud && triggers.some(({ trigger }) => usesMetric(trigger.trigger));
    const automationsMissing = onOldServer(server) && triggers.length > 0;
    if (missing.length === 0 && !metric && !automationsMissing) continue;
    triggersOf.delete(step);
    step.item = {
      ...step.item,
      action: 'refuse',
      spec: null,
      changes: [],
      reason:
        missing.length > 0
          ? `Its triggers refer to ${missing.map((text) => `"${text}"`).join(', ')}, which ha${missing.length > 1 ? 've' : 's'} no deployment in "${input.targetEnv}" and ${missing.length > 1 ? 'are' : 'is'} not promoted in this run: promote ${missing.length > 1 ? 'them' : 'it'} first (or together), or set this flow's \`triggers\` for "${input.targetEnv}".`
          : metric
            ? `It has a metric trigger, which only Prefect Cloud runs; the target server is not Cloud. Set this flow's \`triggers\` for "${input.targetEnv}" without it.`
            : `It has triggers, and Prefect ${server.version} has no automations. Upgrade the target server to Prefect 3.`,
    };
  }
  return new DeploymentAutomations(api).plan({
    targets: [...triggersOf].map(([step, triggers]) => ({
      deployment: step.item.name,
      flowName: step.item.flowName,
      ...(step.item.variant !== undefined ? { variant: step.item.variant } : {}),
      deploymentId: step.item.existing?.id ?? null,
      triggers,
    })),
    references: book,
    isCloud: server.isCloud,
  });
}
