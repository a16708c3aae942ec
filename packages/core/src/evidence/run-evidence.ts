// Flow-run evidence: per deployment, its last run and its last COMPLETED run of the current
// version, read with one POST /flow_runs/filter per 200 deployments (more pages only if needed).
import type { FlowRunApi, FlowRunStateType, ServerFlowRun } from '../prefect/flow-run-api.js';

/** A run as reports show it. */
export interface RunSummary {
  id: string;
  name: string;
  state: FlowRunStateType | null;
  stateName: string | null;
  /** When the run entered that state (end time for a finished run). */
  time: string | null;
  version: string | null;
  url: string;
}

export interface RunEvidence {
  deploymentId: string;
  version: string | null;
  /** The latest run that started (SCHEDULED and PENDING runs have not: they prove nothing). */
  lastRun: RunSummary | null;
  /** The latest COMPLETED run of the deployment's current version; null when there is none. */
  success: RunSummary | null;
  /** The history was longer than the pages read and no COMPLETED run of the version was among them. */
  partial: boolean;
}

/** What the reader needs of a deployment. */
export interface EvidenceSubject {
  id: string;
  version: string | null;
  /** Used only for runs that carry no deployment_version. */
  updated: string | null;
}

/** The server's largest page (PREFECT_SERVER_API_DEFAULT_LIMIT). */
export const RUNS_PER_REQUEST = 200;
const DEFAULT_MAX_PAGES = 5;

/** Runs that got as far as a worker starting them. */
const STARTED_STATES: FlowRunStateType[] = [
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'CRASHED',
  'PAUSED',
  'CANCELLING',
];

export function summariseRun(api: FlowRunApi, run: ServerFlowRun): RunSummary {
  return {
    id: run.id,
    name: run.name,
    state: run.state_type,
    stateName: run.state_name,
    time: run.end_time ?? run.state_timestamp ?? run.start_time ?? run.expected_start_time,
    version: run.deployment_version,
    url: api.flowRunUrl(run.id),
  };
}

/**
 * Whether a COMPLETED run ran the deployment's current code. Prefect copies the deployment's
 * `version` ({branch}-{commit}) onto every run it creates, so the version says exactly which code
 * ran; the deployment's `updated` time moves on any write (a schedule edit, the server marking the
 * deployment ready when a worker polls), so it is only the fallback for runs without a version.
 */
export function provesVersion(run: ServerFlowRun, subject: EvidenceSubject): boolean {
  if (run.state_type !== 'COMPLETED') return false;
  if (run.deployment_version !== null) return run.deployment_version === subject.version;
  const finished = run.end_time ?? run.state_timestamp;
  return subject.updated !== null && finished !== null && Date.parse(finished) >= Date.parse(subject.updated);
}

export async function readRunEvidence(
  api: FlowRunApi,
  subjects: readonly EvidenceSubject[],
  options: { maxPages?: number } = {},
): Promise<Map<string, RunEvidence>> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const evidence = new Map<string, RunEvidence>();
  for (const subject of subjects) {
    evidence.set(subject.id, {
      deploymentId: subject.id,
      version: subject.version,
      lastRun: null,
      success: null,
      partial: false,
    });
  }
  const byId = new Map(subjects.map((subject) => [subject.id, subject]));
  const ids = [...byId.keys()];
  for (let start = 0; start < ids.length; start += RUNS_PER_REQUEST) {
    const chunk = ids.slice(start, start + RUNS_PER_REQUEST);
    const unresolved = new Set(chunk);
    for (let page = 0; unresolved.size > 0; page += 1) {
      if (page === maxPages) {
        for (const id of unresolved) evidence.get(id)!.partial = true;
        break;
      }
      // Newest first by expected start: always set, unlike start_time (null for runs cancelled
      // before they started, which a DESC sort would put first on Postgres).
      const runs = await api.filterFlowRuns({
        flow_runs: {
          deployment_id: { any_: chunk },
          state: { type: { any_: STARTED_STATES } },
        },
        sort: 'EXPECTED_START_TIME_DESC',
        limit: RUNS_PER_REQUEST,
        offset: page * RUNS_PER_REQUEST,
      });
      for (const run of runs) {
        const entry = run.deployment_id ? evidence.get(run.deployment_id) : undefined;
        if (!entry || !unresolved.has(entry.deploymentId)) continue;
        entry.lastRun ??= summariseRun(api, run);
        if (provesVersion(run, byId.get(entry.deploymentId)!)) {
          entry.success = summariseRun(api, run);
          unresolved.delete(entry.deploymentId);
        }
      }
      if (runs.length < RUNS_PER_REQUEST) break;
    }
  }
  return evidence;
}

/** `FAILED at 2026-12-01T10:00:00Z`, `never ran`. */
export function describeLastRun(run: RunSummary | null): string {
  if (!run) return 'never ran';
  return `${run.stateName ?? run.state ?? 'unknown state'}${run.time ? ` at ${run.time}` : ''}`;
}
