// What deploy or promote will do to the automations of the deployments it writes, decided before
// anything is written: per trigger create, update (fields named), unchanged, or delete.
import { ConfigurationError, type PortalError } from '../errors/portal-error.js';
import { sameJson } from '../plan/canonical-json.js';
import { deploymentsRunBy, type ServerAutomation } from '../prefect/server-automation.js';
import { MANAGED_TAG, automationBody, automationName } from './automation-body.js';
import { referencesIn, resolveReferences, type DeploymentRef } from './deployment-references.js';
import { describeTrigger, usesMetric, type DeploymentTrigger, type TriggerSetting } from './trigger-model.js';

export type AutomationAction = 'create' | 'update' | 'unchanged' | 'delete';

export interface AutomationChange {
  action: AutomationAction;
  /** The automation's name. */
  name: string;
  /** The deployment it runs. */
  deployment: string;
  flowName: string;
  variant?: string;
  /** One short line: `after extract (Completed)`. */
  summary: string;
  /** For `update`: the fields that differ (`enabled`, `trigger`, `actions`, `description`, `tags`). */
  fields: string[];
  /** The automation on the server (update, unchanged, delete). */
  id: string | null;
  /** The trigger to write, references unresolved (create, update). */
  trigger: DeploymentTrigger | null;
  /** Reference (`extract`, `extract/eu`) -> name of the deployment it stands for. */
  references: Record<string, string>;
  /** Why an automation is deleted. */
  reason?: string;
}

export interface AutomationPlan {
  changes: AutomationChange[];
}

/** The deployment one trigger list belongs to. */
export interface TriggerTarget {
  deployment: string;
  flowName: string;
  variant?: string;
  /** Its id on the server; null when it is created in this run. */
  deploymentId: string | null;
  triggers: TriggerSetting[];
}

/** Which deployment a reference stands for in the environment being written. */
export interface ReferenceBook {
  /** The deployment a reference names, with its id (null: created in this run); undefined: none there. */
  lookup(ref: DeploymentRef): { name: string; id: string | null } | undefined;
  /** Whether the project has this flow at all (else the reference is a typo, not a missing deployment). */
  knowsFlow(flow: string): boolean;
  /** `environment "prod"`, for messages. */
  where: string;
}

export interface PlanAutomationsInput {
  targets: TriggerTarget[];
  existing: readonly ServerAutomation[];
  references: ReferenceBook;
  isCloud: boolean;
  /** Deployments this run deletes (lower-case id -> name): every automation that only runs them goes too. */
  deletedDeployments?: ReadonlyMap<string, string>;
}

const NEW_ID = '00000000-0000-0000-0000-000000000000';

/** Ids the server adds to every trigger; sets (after, expect, for_each) in any order. */
function comparableTrigger(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparableTrigger);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => key !== 'id')
    .map(([key, item]) =>
      ['after', 'expect', 'for_each'].includes(key) && Array.isArray(item)
        ? [key, [...(item as string[])].sort()]
        : [key, comparableTrigger(item)],
    );
  return Object.fromEntries(entries);
}

function comparableActions(actions: readonly Record<string, unknown>[]): unknown {
  return actions.map((action) =>
    typeof action.deployment_id === 'string'
      ? { ...action, deployment_id: action.deployment_id.toLowerCase() }
      : action,
  );
}

/** The fields of `existing` that differ from the body we would write. */
export function automationDifferences(body: Record<string, unknown>, existing: ServerAutomation): string[] {
  const fields: string[] = [];
  if (body.name !== existing.name) fields.push('name');
  if ((existing.description ?? '') !== body.description) fields.push('description');
  if (existing.enabled !== body.enabled) fields.push('enabled');
  if (!sameJson([...(existing.tags ?? [])].sort(), body.tags)) fields.push('tags');
  if (!sameJson(comparableTrigger(existing.trigger), comparableTrigger(body.trigger))) fields.push('trigger');
  if (
    !sameJson(
      comparableActions(existing.actions),
      comparableActions(body.actions as Record<string, unknown>[]),
    )
  )
    fields.push('actions');
  for (const key of ['actions_on_trigger', 'actions_on_resolve'] as const) {
    if ((existing[key] ?? []).length > 0) fields.push(key);
  }
  return fields;
}

function isManaged(automation: ServerAutomation): boolean {
  return (automation.tags ?? []).includes(MANAGED_TAG);
}

function triggerProblems(
  target: TriggerTarget,
  setting: TriggerSetting,
  book: ReferenceBook,
  isCloud: boolean,
) {
  const problems: PortalError[] = [];
  const at = setting.location ? { location: setting.location } : {};
  const who = `Flow "${target.flowName}"${target.variant ? ` (variant ${target.variant})` : ''}`;
  if (!isCloud && usesMetric(setting.trigger.trigger)) {
    problems.push(
      new ConfigurationError(
        `${who} has a metric trigger, but metric triggers exist only in Prefect Cloud and this server is not Cloud; nothing was written.`,
        {
          hint: 'Remove the metric trigger for this environment (`triggers:` under environments.<env>), or use an event trigger.',
          ...at,
        },
      ),
    );
  }
  for (const ref of referencesIn(setting.trigger)) {
    if (book.lookup(ref)) continue;
    problems.push(
      new ConfigurationError(
        book.knowsFlow(ref.flow)
          ? `${who} has a trigger that refers to "${ref.text}", which has no deployment in ${book.where}; nothing was written.`
          : `${who} has a trigger that refers to "${ref.text}", which is not a flow of this project; nothing was written.`,
        {
          hint: book.knowsFlow(ref.flow)
            ? `Deploy "${ref.text}" to ${book.where} first (or in the same run), or remove the reference.`
            : 'Name a flow by its normalised name (`{deployment:extract}`, `{deployment:extract/eu}` for a variant).',
          ...at,
        },
      ),
    );
  }
  return problems;
}

/**
 * The changes that bring the automations of `targets` to their triggers. Throws the config's
 * problems (metric triggers off Cloud, unknown or undeployed references) before anything is written.
 */
export function planAutomations(input: PlanAutomationsInput): {
  plan: AutomationPlan;
  problems: PortalError[];
} {
  const { references: book } = input;
  const changes: AutomationChange[] = [];
  const problems: PortalError[] = [];
  const claimed = new Set<string>();
  for (const target of input.targets) {
    const id = target.deploymentId?.toLowerCase() ?? null;
    const runsThis = id === null ? [] : input.existing.filter((each) => deploymentsRunBy(each).includes(id));
    const base = {
      deployment: target.deployment,
      flowName: target.flowName,
      ...(target.variant !== undefined ? { variant: target.variant } : {}),
    };
    const names = new Set<string>();
    target.triggers.forEach((setting, index) => {
      const found = triggerProblems(target, setting, book, input.isCloud);
      problems.push(...found);
      const name = automationName(setting.trigger, target.deployment, index);
      if (names.has(name)) {
        problems.push(
          new ConfigurationError(`Two triggers of deployment "${target.deployment}" are named "${name}".`, {
            hint: 'Give each trigger its own `name`.',
            ...(setting.location ? { location: setting.location } : {}),
          }),
        );
      }
      names.add(name);
      if (found.length > 0) return;
      const references: Record<string, string> = {};
      // A deployment created in this run has no id yet: the automation is written once it has.
      let pending = id === null;
      const resolved = resolveReferences(setting.trigger, (ref) => {
        const deployment = book.lookup(ref)!;
        references[ref.text] = deployment.name;
        if (deployment.id === null) pending = true;
        return `prefect.deployment.${deployment.id ?? NEW_ID}`;
      });
      const body = automationBody(resolved, id ?? NEW_ID, name);
      // Ours first; one `prefect deploy` made under the same name is adopted (and tagged).
      const current =
        runsThis.find((each) => each.name === name && isManaged(each) && !claimed.has(each.id)) ??
        runsThis.find((each) => each.name === name && !claimed.has(each.id));
      const change = {
        ...base,
        name,
        summary: describeTrigger(setting.trigger),
        trigger: setting.trigger,
        references,
      };
      if (!current) {
        changes.push({ ...change, action: 'create', fields: [], id: null });
        return;
      }
      claimed.add(current.id);
      const fields = automationDifferences(body, current);
      if (pending && !fields.includes('trigger')) fields.push('trigger');
      changes.push({ ...change, action: fields.length > 0 ? 'update' : 'unchanged', fields, id: current.id });
    });
    for (const stale of runsThis.filter((each) => isManaged(each) && !claimed.has(each.id))) {
      claimed.add(stale.id);
      changes.push(deletion(stale, base, 'its trigger is no longer in the config'));
    }
  }
  for (const automation of input.existing) {
    const deleted = input.deletedDeployments;
    if (claimed.has(automation.id) || !deleted?.size) continue;
    const runs = deploymentsRunBy(automation);
    if (runs.length > 0 && runs.every((each) => deleted.has(each))) {
      const deployment = deleted.get(runs[0]!)!;
      changes.push(deletion(automation, { deployment, flowName: '' }, 'the deployment it runs is deleted'));
    }
  }
  return { plan: { changes }, problems };
}

function deletion(
  automation: ServerAutomation,
  base: Pick<AutomationChange, 'deployment' | 'flowName' | 'variant'>,
  reason: string,
): AutomationChange {
  return {
    ...base,
    action: 'delete',
    name: automation.name,
    summary: automation.name,
    fields: [],
    id: automation.id,
    trigger: null,
    references: {},
    reason,
  };
}
