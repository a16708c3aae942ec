// A deploy run as people read it, the same on the runner and in the CLI: the job summary (deploy
// table, smoke runs, drift) and the failures beyond failed deployments (smoke runs, drift).
import { driftMessage, smokeFailure } from '@portal-actions/core';
import { smokeSummaryLines } from '@portal-actions/runner';
import type { DeployRun } from './deploy.js';
import { deploySummary } from './deploy-summary.js';
import { driftSummary } from './drift-summary.js';
import type { DeployInputs } from './inputs.js';
import type { PlanReview } from './plan-review.js';

/** The statuses deploy counts in outputs of their own (`created: 3`), on the runner and in the CLI. */
export const COUNTED_STATUSES = ['created', 'updated', 'unchanged', 'renamed', 'deleted', 'failed'] as const;

export interface DeployReport {
  summary: string;
  /** Each a whole message: smoke runs that did not complete, deployments that drifted. */
  problems: string[];
}

export function deployReport(run: DeployRun, inputs: DeployInputs, review: PlanReview): DeployReport {
  const { result, context, manifestPath, smokeRuns, traffic } = run;
  const summary =
    deploySummary(result, {
      env: inputs.env,
      project: context.project,
      branch: context.branch,
      commit: context.commit,
      packageVersion: context.packageVersion ?? '',
      dryRun: inputs['dry-run'],
      manifestPath,
      traffic,
    }) +
    ['', ...smokeSummaryLines(smokeRuns)].join('\n') +
    (inputs['fail-on-drift'] ? `\n${driftSummary(review.drift, inputs.env)}` : '');
  const problems: string[] = [];
  const smoke = smokeFailure(smokeRuns);
  if (smoke) problems.push(smoke.describe());
  if (review.drift.length > 0) {
    const count = review.drift.length;
    problems.push(
      `${count} deployment${count === 1 ? '' : 's'} in ${inputs.env} drifted from the repository:\n${review.drift
        .map((drift) => `  - ${driftMessage(drift)}`)
        .join('\n')}`,
    );
  }
  return { summary, problems };
}
