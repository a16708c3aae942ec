// Smoke runs: after a deploy or promotion, one flow run per named deployment, tagged
// `portal-smoke`, waited for until it ends or the timeout passes; each verdict with its link.
import { describeError, PortalError } from '../errors/portal-error.js';
import type { Progress } from '../model/progress.js';
import {
  TERMINAL_STATES,
  type FlowRunApi,
  type FlowRunStateType,
  type ServerFlowRun,
} from '../prefect/flow-run-api.js';
import { DEFAULT_POLL, nextPollDelay, realClock, type PollBackoff, type SmokeClock } from './smoke-clock.js';

export const SMOKE_TAG = 'portal-smoke';
const RUNS_PER_POLL = 200;
/** A "still waiting" line at most this often when nothing changes. */
const QUIET_LINE_MS = 60_000;

export interface SmokeTarget {
  flowName: string;
  deploymentName: string;
  deploymentId: string;
  workPool: string | null;
  /** Laid over the deployment's default parameters by the server; absent: the defaults. */
  parameters?: Record<string, unknown>;
}

export interface SmokeRun {
  flow_name: string;
  deployment: string;
  deployment_id: string;
  flow_run_id: string | null;
  /** The last state seen (null when the run could not be created). */
  state: FlowRunStateType | null;
  state_name: string | null;
  url: string | null;
  /** Seconds from creation to the end (or to the timeout). */
  elapsed_seconds: number;
  passed: boolean;
  /** Why it did not pass, in words. */
  problem: string | null;
}

export interface SmokeOptions {
  timeoutMs: number;
  progress: Progress;
  clock?: SmokeClock;
  poll?: PollBackoff;
}

/** The step fails: at least one smoke run did not complete. */
export class SmokeRunError extends PortalError {}

function minutes(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const whole = Math.floor(total / 60);
  const rest = total % 60;
  return rest === 0 ? `${whole} min` : `${whole} min ${rest} s`;
}

interface Watched {
  target: SmokeTarget;
  run: ServerFlowRun | null;
  url: string | null;
  createdAt: number;
  endedAt: number | null;
  error: string | null;
}

export async function runSmoke(
  api: FlowRunApi,
  targets: readonly SmokeTarget[],
  options: SmokeOptions,
): Promise<SmokeRun[]> {
  const clock = options.clock ?? realClock;
  const poll = options.poll ?? DEFAULT_POLL;
  const { progress } = options;
  const started = clock.now();
  const watched: Watched[] = [];
  for (const target of targets) {
    const entry: Watched = {
      target,
      run: null,
      url: null,
      createdAt: clock.now(),
      endedAt: null,
      error: null,
    };
    try {
      entry.run = await api.createFlowRun(target.deploymentId, {
        tags: [SMOKE_TAG],
        ...(target.parameters ? { parameters: target.parameters } : {}),
      });
      entry.url = api.flowRunUrl(entry.run.id);
      progress.info(`Smoke run of ${target.flowName}: ${entry.run.name} created, ${entry.url}`);
    } catch (error) {
      entry.error = `could not create the flow run: ${describeError(error)}`;
      entry.endedAt = clock.now();
      progress.warning(`Smoke run of ${target.flowName} ${entry.error}`);
    }
    watched.push(entry);
  }

  const isOpen = (entry: Watched) =>
    entry.endedAt === null && entry.run !== null && !TERMINAL_STATES.includes(entry.run.state_type!);
  let wait = poll.initialMs;
  let lastLine = clock.now();
  while (watched.some(isOpen)) {
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) break;
    await clock.sleep(Math.min(wait, Math.max(0, options.timeoutMs - elapsed)));
    wait = nextPollDelay(wait, poll);
    const open = watched.filter(isOpen);
    for (let start = 0; start < open.length; start += RUNS_PER_POLL) {
      const chunk = open.slice(start, start + RUNS_PER_POLL);
      const runs = await api.filterFlowRuns({
        flow_runs: { id: { any_: chunk.map((entry) => entry.run!.id) } },
        limit: RUNS_PER_POLL,
      });
      const byId = new Map(runs.map((run) => [run.id, run]));
      for (const entry of chunk) {
        const fresh = byId.get(entry.run!.id);
        if (!fresh) continue;
        const before = entry.run!.state_name ?? entry.run!.state_type;
        const after = fresh.state_name ?? fresh.state_type;
        entry.run = fresh;
        if (before !== after) {
          lastLine = clock.now();
          progress.info(
            `Smoke run of ${entry.target.flowName}: ${before} → ${after} after ${minutes(clock.now() - entry.createdAt)}`,
          );
        }
        if (TERMINAL_STATES.includes(fresh.state_type!)) entry.endedAt = clock.now();
      }
    }
    if (clock.now() - lastLine >= QUIET_LINE_MS) {
      lastLine = clock.now();
      const still = watched.filter(isOpen);
      progress.info(
        `Waiting for ${still.length} smoke run${still.length === 1 ? '' : 's'} (${still.map((entry) => `${entry.target.flowName} ${entry.run!.state_name ?? entry.run!.state_type}`).join(', ')}) after ${minutes(clock.now() - started)} of ${minutes(options.timeoutMs)}`,
      );
    }
  }

  const end = clock.now();
  return watched.map((entry) => verdict(entry, end, options.timeoutMs));
}

function verdict(entry: Watched, end: number, timeoutMs: number): SmokeRun {
  const { target, run } = entry;
  const state = run?.state_type ?? null;
  const elapsed = Math.round(((entry.endedAt ?? end) - entry.createdAt) / 1000);
  let problem = entry.error;
  if (problem === null && state !== 'COMPLETED') {
    if (state === 'SCHEDULED' || state === 'PENDING' || state === null) {
      problem = `still ${run?.state_name ?? state ?? 'unknown'}: no worker picked it up in ${minutes(timeoutMs)}: is a worker polling work pool ${target.workPool ?? '(none)'}?`;
    } else if (TERMINAL_STATES.includes(state)) {
      problem = `ended ${run?.state_name ?? state}${run?.state_message ? `: ${run.state_message}` : ''}`;
    } else {
      problem = `still ${run?.state_name ?? state} after ${minutes(timeoutMs)} (smoke-timeout)`;
    }
  }
  return {
    flow_name: target.flowName,
    deployment: target.deploymentName,
    deployment_id: target.deploymentId,
    flow_run_id: run?.id ?? null,
    state,
    state_name: run?.state_name ?? null,
    url: entry.url,
    elapsed_seconds: elapsed,
    passed: problem === null,
    problem,
  };
}

/** The error that fails the step, listing each run that did not complete; null when all passed. */
export function smokeFailure(runs: readonly SmokeRun[]): SmokeRunError | null {
  const failed = runs.filter((run) => !run.passed);
  if (failed.length === 0) return null;
  const lines = failed.map(
    (run) => `  - ${run.flow_name} (${run.deployment}): ${run.problem}${run.url ? ` ${run.url}` : ''}`,
  );
  return new SmokeRunError(
    `${failed.length} of ${runs.length} smoke run${runs.length === 1 ? '' : 's'} did not complete:\n${lines.join('\n')}\n`,
    { hint: 'Open each run in the Prefect UI for its logs; the deployments were written.' },
  );
}
