// Smoke runs as deploy and promote do them after writing: picks the written deployments the
// inputs name, runs them (core's runSmoke), and reports them in the summary and the outputs.
import * as core from '@actions/core';
import {
  runSmoke,
  smokeFailure,
  type FlowRunApi,
  type PollBackoff,
  type Progress,
  type SmokeClock,
  type SmokeRun,
} from '@portal-actions/core';
import { code, escapeCell, link, markdownTable } from './markdown-table.js';
import type { SmokeInputs } from './smoke-inputs.js';

/** A deployment the step wrote (or found up to date) and could smoke-run. */
export interface WrittenDeployment {
  flowName: string;
  name: string;
  id: string | null;
  workPool: string | null;
  /** False when writing it failed: it is not run. */
  ok: boolean;
}

/** For tests: a scripted clock and poll interval instead of the real ones. */
export interface SmokeTiming {
  clock?: SmokeClock;
  poll?: PollBackoff;
}

export async function smokeStep(
  api: FlowRunApi,
  written: readonly WrittenDeployment[],
  inputs: SmokeInputs,
  progress: Progress,
  timing: SmokeTiming = {},
): Promise<SmokeRun[]> {
  const selection = inputs['smoke-flows'];
  if (selection === 'none') return [];
  const chosen =
    selection === 'all'
      ? written.filter((each) => each.ok)
      : written.filter((each) => selection.includes(each.flowName));
  const missing =
    selection === 'all' ? [] : selection.filter((flow) => !written.some((each) => each.flowName === flow));
  const runnable = chosen.filter((each) => each.ok && each.id !== null);
  progress.info(
    `Smoke-running ${runnable.length} deployment${runnable.length === 1 ? '' : 's'} (waiting up to ${Math.round(inputs['smoke-timeout'] / 1000)} s)`,
  );
  const runs = await runSmoke(
    api,
    runnable.map((each) => ({
      flowName: each.flowName,
      deploymentName: each.name,
      deploymentId: each.id!,
      workPool: each.workPool,
      ...(inputs['smoke-parameters'][each.flowName]
        ? { parameters: inputs['smoke-parameters'][each.flowName] }
        : {}),
    })),
    {
      timeoutMs: inputs['smoke-timeout'],
      progress,
      ...(timing.clock ? { clock: timing.clock } : {}),
      ...(timing.poll ? { poll: timing.poll } : {}),
    },
  );
  const notRun = [
    ...chosen
      .filter((each) => !runnable.includes(each))
      .map((each) => [each, 'its deployment was not written'] as const),
    ...missing.map(
      (flow) =>
        [{ flowName: flow, name: '', id: null }, 'this step wrote no deployment of that flow'] as const,
    ),
  ];
  return [
    ...runs,
    ...notRun.map(([each, problem]) => ({
      flow_name: each.flowName,
      deployment: each.name,
      deployment_id: each.id ?? '',
      flow_run_id: null,
      state: null,
      state_name: null,
      url: null,
      elapsed_seconds: 0,
      passed: false,
      problem: `not run: ${problem}`,
    })),
  ];
}

const STATE_ICON: Record<string, string> = { COMPLETED: '✅', FAILED: '❌', CRASHED: '💥', CANCELLED: '🚫' };

/** The job summary's smoke-run section (no lines when nothing ran). */
export function smokeSummaryLines(runs: readonly SmokeRun[]): string[] {
  if (runs.length === 0) return [];
  const rows = runs.map((run) => [
    code(run.flow_name),
    link(code(run.flow_run_id ? run.flow_run_id.slice(0, 8) : '—'), run.url),
    `${run.state ? (STATE_ICON[run.state] ?? '⏳') : '❌'} ${escapeCell(run.state_name ?? run.state ?? 'not run')}`,
    `${run.elapsed_seconds} s`,
    escapeCell(run.problem ?? ''),
  ]);
  return [
    `### Smoke runs (${runs.filter((run) => run.passed).length} of ${runs.length} completed)`,
    '',
    markdownTable(['flow', 'flow run', 'state', 'time', 'problem'], rows),
    '',
  ];
}

/** The `smoke-runs` output and, when a run did not complete, the step's failure. */
export function reportSmokeRuns(runs: readonly SmokeRun[]): void {
  core.setOutput('smoke-runs', JSON.stringify(runs));
  const failure = smokeFailure(runs);
  if (failure) core.setFailed(failure.describe());
}
