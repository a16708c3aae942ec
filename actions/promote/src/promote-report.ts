// A promote run as people read it, the same on the runner and in the CLI: the job summary and the
// failures beyond failed promotions (smoke runs that did not complete).
import { smokeFailure } from '@portal-actions/core';
import type { PromoteInputs } from './inputs.js';
import type { PromoteRun } from './promote.js';
import { promoteSummary } from './promote-summary.js';

export interface PromoteReport {
  summary: string;
  /** Each a whole message. */
  problems: string[];
}

export function promoteReport(run: PromoteRun, inputs: PromoteInputs): PromoteReport {
  const summary = promoteSummary(run.result, {
    project: run.project,
    branch: run.branch,
    sourceEnv: inputs['source-env'],
    targetEnv: inputs['target-env'],
    dryRun: inputs['dry-run'],
    expectedCommit: inputs['expected-commit'] || null,
    evidence: run.evidence,
    changes: run.changes,
    smokeRuns: run.smokeRuns,
    traffic: run.traffic,
  });
  const smoke = smokeFailure(run.smokeRuns);
  return { summary, problems: smoke ? [smoke.describe()] : [] };
}
