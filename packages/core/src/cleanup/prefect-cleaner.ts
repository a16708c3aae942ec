// Removes the deployments a cleanup plan chose, through Prefect's DELETE /deployments/{id}, on
// every server the environments live on: all listed first, one ceiling, a dry run, 404 = gone.
import { runBounded } from '../concurrency/run-bounded.js';
import { describeError } from '../errors/portal-error.js';
import { servedBy, type EnvironmentServer } from '../find-deployments/deployments-by-environment.js';
import type { Progress } from '../model/progress.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import { DeploymentAutomations, type AutomationOutcome } from '../automations/deployment-automations.js';
import { planCleanup, type BranchTarget, type CleanupItem, type CleanupSelection } from './cleanup-plan.js';
import {
  findNamedDeployments,
  parseDeploymentReferences,
  refuseManagedNames,
  refuseUnknownNames,
} from './named-deployments.js';
import { listEveryServer, readEveryServer } from './server-listings.js';

export interface CleanupRequest extends CleanupSelection {
  project: string;
  /** Refuse to delete more than this many, across every server (a typo in `branch` or an empty branch listing). */
  maxDeletes: number;
  dryRun: boolean;
  concurrency: number;
  progress: Progress;
}

export type CleanupStatus = 'deleted' | 'already-deleted' | 'planned' | 'failed';

/** A chosen deployment and the server (its API URL) it is deleted on. */
export interface CleanupDeletion extends CleanupItem {
  server: string;
}

export interface CleanupOutcome extends CleanupDeletion {
  status: CleanupStatus;
  error: string | null;
}

/** An automation deleted with the deployment it ran, on `server`. */
export interface CleanupAutomationOutcome extends AutomationOutcome {
  server: string;
}

export interface CleanupResult {
  plan: CleanupDeletion[];
  outcomes: CleanupOutcome[];
  /** The automations that ran the deleted deployments (the server itself leaves them behind). */
  automations: CleanupAutomationOutcome[];
  /** Why nothing was deleted although the plan holds deployments (over max-deletes); else null. */
  refused: string | null;
  /** The servers listed, in order. */
  servers: string[];
}

export class PrefectCleaner {
  /** `servers`: where the environments live (one, when they all share the action's connection). */
  constructor(private readonly servers: readonly EnvironmentServer[]) {}

  async cleanup(request: CleanupRequest): Promise<CleanupResult> {
    // Every server is listed before anything is deleted anywhere: one that is down or refuses the
    // credentials throws there, so no server is left half-cleaned behind an error.
    const { target } = request;
    const { chosen, servers } =
      target.kind === 'deployments'
        ? await this.chooseNamed(request, target.deployments)
        : await this.chooseByBranch(request, target);
    chosen.sort(
      (a, b) => a.item.name.localeCompare(b.item.name) || a.item.server.localeCompare(b.item.server),
    );
    const plan = chosen.map(({ item }) => item);
    const planned = () => plan.map((item): CleanupOutcome => ({ ...item, status: 'planned', error: null }));
    if (plan.length > request.maxDeletes) {
      const across = servers.length > 1 ? ` across ${servers.length} servers` : '';
      const refused = `${plan.length} deployments would be deleted${across}, more than max-deletes (${request.maxDeletes}); nothing was deleted. Check the plan, then set \`max-deletes: ${plan.length}\` (or more) to allow it.`;
      return { plan, outcomes: planned(), automations: [], refused, servers };
    }
    const automations = () => this.#automations(chosen, request.dryRun);
    if (request.dryRun)
      return { plan, outcomes: planned(), automations: await automations(), refused: null, servers };
    const results = await runBounded(chosen, request.concurrency, async ({ item, api }) => {
      const existed = await api.deleteDeployment(item.id);
      request.progress.info(`${existed ? 'deleted' : 'already deleted'} ${item.name} on ${item.server}`);
      return existed;
    });
    const outcomes = results.map((result, index): CleanupOutcome => {
      const item = plan[index]!;
      if (!result.ok) return { ...item, status: 'failed', error: describeError(result.error) };
      return { ...item, status: result.value ? 'deleted' : 'already-deleted', error: null };
    });
    return { plan, outcomes, automations: await automations(), refused: null, servers };
  }

  /** Per server, the automations left running only deployments this cleanup deletes. */
  async #automations(
    chosen: readonly { item: CleanupDeletion; api: PrefectApi }[],
    dryRun: boolean,
  ): Promise<CleanupAutomationOutcome[]> {
    const byServer = new Map<PrefectApi, { label: string; deleted: Map<string, string> }>();
    for (const { item, api } of chosen) {
      const entry = byServer.get(api) ?? { label: item.server, deleted: new Map<string, string>() };
      entry.deleted.set(item.id, item.name);
      byServer.set(api, entry);
    }
    const outcomes: CleanupAutomationOutcome[] = [];
    for (const [api, { label, deleted }] of byServer) {
      const version = await api.serverVersion();
      if (version.major < 3 && !version.isCloud) continue;
      for (const outcome of await new DeploymentAutomations(api).removeFor(deleted, dryRun))
        outcomes.push({ ...outcome, server: label });
    }
    return outcomes;
  }

  private async chooseByBranch(request: CleanupRequest, target: BranchTarget): Promise<Chosen> {
    const listings = await listEveryServer(this.servers, request.project);
    const belongs = servedBy(this.servers);
    const chosen: Chosen['chosen'] = [];
    for (const { server, api, listed } of listings) {
      const plan = planCleanup(listed, { ...request, target }).filter((item) => belongs(server, item.env!));
      request.progress.info(
        `${plan.length} of ${listed.length} deployments of ${request.project} on ${server.label} chosen for deletion${request.dryRun ? ' (dry run)' : ''}`,
      );
      for (const item of plan) {
        request.progress.info(`  - ${item.name}`);
        chosen.push({ item: { ...item, server: server.label }, api });
      }
    }
    return { chosen, servers: listings.map(({ server }) => server.label) };
  }

  /** Exactly the named deployments, on every server they are found on; refusals before any deletion. */
  private async chooseNamed(request: CleanupRequest, names: readonly string[]): Promise<Chosen> {
    const references = parseDeploymentReferences(names);
    refuseManagedNames(references, request.project);
    const listings = await readEveryServer(this.servers, (api) => findNamedDeployments(api, references));
    const servers = listings.map(({ server }) => server.label);
    refuseUnknownNames(
      references,
      listings.map(({ value }) => value),
      servers,
    );
    const chosen: Chosen['chosen'] = [];
    for (const { server, api, value } of listings) {
      request.progress.info(
        `${value.found.length} of ${references.length} named deployments found on ${server.label}${request.dryRun ? ' (dry run)' : ''}`,
      );
      for (const { reference, deployment } of value.found) {
        request.progress.info(`  - ${reference.fullName}`);
        chosen.push({
          item: {
            name: reference.fullName,
            id: deployment.id,
            branch: null,
            env: null,
            flow: reference.flow,
            server: server.label,
          },
          api,
        });
      }
    }
    return { chosen, servers };
  }
}

interface Chosen {
  chosen: Array<{ item: CleanupDeletion; api: PrefectApi }>;
  /** The servers listed, in order. */
  servers: string[];
}
