// Removes the deployments a cleanup plan chose, through Prefect's DELETE /deployments/{id}:
// the plan first, a ceiling on how many, a dry run, and a 404 read as "already gone".
import { runBounded } from '../concurrency/run-bounded.js';
import { describeError } from '../errors/portal-error.js';
import { listProjectDeployments } from '../find-deployments/list-project-deployments.js';
import type { Progress } from '../model/progress.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import { planCleanup, type CleanupItem, type CleanupSelection } from './cleanup-plan.js';

export interface CleanupRequest extends CleanupSelection {
  project: string;
  /** Refuse to delete more than this many (a typo in `branch` or an empty branch listing). */
  maxDeletes: number;
  dryRun: boolean;
  concurrency: number;
  progress: Progress;
}

export type CleanupStatus = 'deleted' | 'already-deleted' | 'planned' | 'failed';

export interface CleanupOutcome extends CleanupItem {
  status: CleanupStatus;
  error: string | null;
}

export interface CleanupResult {
  plan: CleanupItem[];
  outcomes: CleanupOutcome[];
  /** Why nothing was deleted although the plan holds deployments (over max-deletes); else null. */
  refused: string | null;
}

export class PrefectCleaner {
  constructor(private readonly api: PrefectApi) {}

  async cleanup(request: CleanupRequest): Promise<CleanupResult> {
    const listed = await listProjectDeployments(this.api, request.project);
    const plan = planCleanup(listed, request);
    request.progress.info(
      `${plan.length} of ${listed.length} deployments of ${request.project} chosen for deletion${request.dryRun ? ' (dry run)' : ''}`,
    );
    for (const item of plan) request.progress.info(`  - ${item.name}`);
    if (plan.length > request.maxDeletes) {
      const refused = `${plan.length} deployments would be deleted, more than max-deletes (${request.maxDeletes}); nothing was deleted. Check the plan, then set \`max-deletes: ${plan.length}\` (or more) to allow it.`;
      return { plan, outcomes: plan.map((item) => ({ ...item, status: 'planned', error: null })), refused };
    }
    if (request.dryRun) {
      return {
        plan,
        outcomes: plan.map((item) => ({ ...item, status: 'planned', error: null })),
        refused: null,
      };
    }
    const results = await runBounded(plan, request.concurrency, async (item) => {
      const existed = await this.api.deleteDeployment(item.id);
      request.progress.info(`${existed ? 'deleted' : 'already deleted'} ${item.name}`);
      return existed;
    });
    const outcomes = results.map((result, index): CleanupOutcome => {
      const item = plan[index]!;
      if (!result.ok) return { ...item, status: 'failed', error: describeError(result.error) };
      return { ...item, status: result.value ? 'deleted' : 'already-deleted', error: null };
    });
    return { plan, outcomes, refused: null };
  }
}
