// What deploy and promote do once their deployments are written: smoke-run the ones the inputs
// name, then close each GitHub deployment record, a success only when every write and run passed.
import type { FlowRunApi, PlanItem, Progress, SmokeRun } from '@portal-actions/core';
import type { DeploymentRecord } from './github-deployments.js';
import type { SmokeInputs } from './smoke-inputs.js';
import { smokeStep, type SmokeTiming, type WrittenDeployment } from './smoke-step.js';

/** A planned item and how writing it went, as a smoke run needs it. */
export function writtenDeployment(
  item: PlanItem,
  outcome: { id: string | null; status: string },
): WrittenDeployment {
  return {
    flowName: item.flowName,
    name: item.name,
    id: outcome.id,
    workPool: item.spec?.work_pool_name ?? null,
    ok: outcome.status !== 'failed',
  };
}

export async function smokeAndSettle(
  api: FlowRunApi,
  written: readonly WrittenDeployment[],
  step: {
    inputs: SmokeInputs;
    progress: Progress;
    timing: SmokeTiming;
    /** Every write of the step succeeded (deletions included). */
    writesOk: boolean;
    records: readonly DeploymentRecord[];
    /** The record's description either way. */
    success: string;
    failure: string;
  },
): Promise<SmokeRun[]> {
  const smokeRuns = await smokeStep(api, written, step.inputs, step.progress, step.timing);
  const ok = step.writesOk && smokeRuns.every((run) => run.passed);
  for (const record of step.records) await record.finish(ok, ok ? step.success : step.failure);
  return smokeRuns;
}
