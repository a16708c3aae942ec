// Removes the deployments a cleanup plan chose, through Prefect's DELETE /deployments/{id}, on
// every server the environments live on: all listed first, one ceiling, a dry run, 404 = gone.
import { runBounded } from '../concurrency/run-bounded.js';
import { describeError } from '../errors/portal-error.js';
import { servedBy, type EnvironmentServer } from '../find-deployments/deployments-by-environment.js';
import type { Progress } from '../model/progress.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import { DeploymentAutomations, type AutomationOutcome } from '../automations/deployment-automations.js';
import { planCleanup, type CleanupItem, type CleanupSelection } from './cleanup-plan.js';
import { listEveryServer } from './server-listings.js';

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
    // credentials throws here, so no server is left half-cleaned behind an error.
    const listings = await listEveryServer(this.servers, request.project);
    const belongs = servedBy(this.servers);
    const chosen: Array<{ item: CleanupDeletion; api: PrefectApi }> = [];
    for (const { server, api, listed } of listings) {
      const plan = planCleanup(listed, request).filter((item) => belongs(server, item.env));
      request.progress.info(
        `${plan.length} of ${listed.length} deployments of ${request.project} on ${server.label} chosen for deletion${request.dryRun ? ' (dry run)' : ''}`,
      );
      for (const item of plan) {
        request.progress.info(`  - ${item.name}`);
        chosen.push({ item: { ...item, server: server.label }, api });
      }
    }
    chosen.sort(
      (a, b) => a.item.name.localeCompare(b.item.name) || a.item.server.localeCompare(b.item.server),
    );
    const plan = chosen.map(({ item }) => item);
    const servers = listings.map(({ server }) => server.label);
    const planned = () => plan.map((item): CleanupOutcome => ({ ...item, status: 'planned', error: null }));
    if (plan.length > request.maxDeletes) {
      const across = servers.length > 1 ? ` across ${servers.length} servers` : '';
      const refused = `${plan.length} deployments would be deleted${across}, more than max-deletes (${request.maxDeletes}); nothing was deleted. Check the plan, then set \`max-deletes: ${plan.length}\` (or more) to allow it.`;
      return { plan, outcomes: planned(), automations: [], refused, servers };
    }
    const automations = () => this.#automations(listings, chosen, request.dryRun);
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
    listings: Awaited<ReturnType<typeof listEveryServer>>,
    chosen: readonly { item: CleanupDeletion; api: PrefectApi }[],
    dryRun: boolean,
  ): Promise<CleanupAutomationOutcome[]> {
    const outcomes: CleanupAutomationOutcome[] = [];
    for (const { server, api } of listings) {
      const deleted = new Map(
        chosen.filter((each) => each.api === api).map(({ item }) => [item.id, item.name]),
      );
      const version = deleted.size > 0 ? await api.serverVersion() : null;
      if (!version || (version.major < 3 && !version.isCloud)) continue;
      for (const outcome of await new DeploymentAutomations(api).removeFor(deleted, dryRun))
        outcomes.push({ ...outcome, server: server.label });
    }
    return outcomes;
  }
}
