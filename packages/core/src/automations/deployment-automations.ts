// The automations room's door: deploy, promote and cleanup plan and write the automations of
// their deployments through this, reading what exists with one paginated listing per run.
import { collected } from '../config/collected-errors.js';
import { describeError, type ConfigurationError } from '../errors/portal-error.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerAutomation } from '../prefect/server-automation.js';
import { automationBody } from './automation-body.js';
import {
  planAutomations,
  type AutomationChange,
  type AutomationPlan,
  type PlanAutomationsInput,
} from './automation-plan.js';
import { resolveReferences } from './deployment-references.js';

export interface AutomationOutcome {
  name: string;
  /** The deployment the automation runs. */
  deployment: string;
  status: 'created' | 'updated' | 'unchanged' | 'deleted' | 'planned' | 'failed';
  id: string | null;
  error: string | null;
}

export class DeploymentAutomations {
  #existing: Promise<ServerAutomation[]> | null = null;

  constructor(private readonly api: PrefectApi) {}

  /** Every automation on the server, listed once for this run. */
  existing(): Promise<ServerAutomation[]> {
    this.#existing ??= this.api.listAutomations();
    return this.#existing;
  }

  /** The changes for `targets`; the config's problems are thrown together, before anything is written. */
  async plan(
    input: Omit<PlanAutomationsInput, 'existing'>,
    configFile = 'the config file',
  ): Promise<AutomationPlan> {
    const { plan, problems } = planAutomations({ ...input, existing: await this.existing() });
    if (problems.length > 0) throw collected(problems as ConfigurationError[], configFile);
    return plan;
  }

  /**
   * Deletes every automation that only runs deployments being deleted (`deployments`: id -> name):
   * the server keeps them when a deployment goes, pointing at nothing. `dryRun`: only listed.
   */
  async removeFor(deployments: ReadonlyMap<string, string>, dryRun: boolean): Promise<AutomationOutcome[]> {
    const lowered = new Map([...deployments].map(([id, name]) => [id.toLowerCase(), name]));
    const plan = await this.plan({
      targets: [],
      references: { where: '', knowsFlow: () => false, lookup: () => undefined },
      isCloud: false,
      deletedDeployments: lowered,
    });
    return dryRun ? this.planned(plan) : this.apply(plan, () => undefined);
  }

  /** What a dry run reports. */
  planned(plan: AutomationPlan): AutomationOutcome[] {
    return plan.changes.map((change) =>
      outcome(change, change.action === 'unchanged' ? 'unchanged' : 'planned', change.id),
    );
  }

  /**
   * Writes the changes once the deployments are written: `idOf` gives each deployment's id by
   * name (new ones included); an automation whose deployment failed is not written.
   */
  async apply(
    plan: AutomationPlan,
    idOf: (deployment: string) => string | undefined,
  ): Promise<AutomationOutcome[]> {
    const order: AutomationChange['action'][] = ['delete', 'update', 'create', 'unchanged'];
    const changes = [...plan.changes].sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action));
    const outcomes: AutomationOutcome[] = [];
    for (const change of changes) {
      try {
        outcomes.push(await this.#write(change, idOf));
      } catch (error) {
        outcomes.push(outcome(change, 'failed', change.id, describeError(error)));
      }
    }
    return outcomes;
  }

  async #write(
    change: AutomationChange,
    idOf: (deployment: string) => string | undefined,
  ): Promise<AutomationOutcome> {
    switch (change.action) {
      case 'unchanged':
        return outcome(change, 'unchanged', change.id);
      case 'delete':
        await this.api.deleteAutomation(change.id!);
        return outcome(change, 'deleted', change.id);
      default: {
        const deploymentId = idOf(change.deployment);
        const missing = [change.deployment, ...Object.values(change.references)].filter(
          (name) => !idOf(name),
        );
        if (deploymentId === undefined || missing.length > 0) {
          return outcome(
            change,
            'failed',
            change.id,
            `not written: deployment ${missing.map((name) => `"${name}"`).join(', ')} was not written in this run`,
          );
        }
        const resolved = resolveReferences(
          change.trigger!,
          (ref) => `prefect.deployment.${idOf(change.references[ref.text]!)!}`,
        );
        const body = automationBody(resolved, deploymentId, change.name);
        if (change.action === 'update') {
          await this.api.replaceAutomation(change.id!, body);
          return outcome(change, 'updated', change.id);
        }
        return outcome(change, 'created', await this.api.createAutomation(body));
      }
    }
  }
}

function outcome(
  change: AutomationChange,
  status: AutomationOutcome['status'],
  id: string | null,
  error: string | null = null,
): AutomationOutcome {
  return { name: change.name, deployment: change.deployment, status, id, error };
}
