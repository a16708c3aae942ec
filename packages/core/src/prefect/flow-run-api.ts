// The flow-run operations run evidence and smoke runs need, as a port beside PrefectApi:
// PrefectClient implements both; the evidence reader and the smoke runner see only this.

/** Prefect's StateType values. */
export type FlowRunStateType =
  | 'SCHEDULED'
  | 'PENDING'
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'CRASHED'
  | 'PAUSED'
  | 'CANCELLING';

/** States a run never leaves (Prefect's `StateType` terminal set). */
export const TERMINAL_STATES: readonly FlowRunStateType[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

/** The part of Prefect's FlowRunResponse we read. */
export interface ServerFlowRun {
  id: string;
  name: string;
  deployment_id: string | null;
  /** The deployment's `version` when the run was created (Prefect copies it onto the run). */
  deployment_version: string | null;
  state_type: FlowRunStateType | null;
  state_name: string | null;
  state_message: string | null;
  /** When the state was entered. */
  state_timestamp: string | null;
  expected_start_time: string | null;
  start_time: string | null;
  end_time: string | null;
  tags: string[];
  work_pool_name: string | null;
  work_queue_name: string | null;
}

/** A POST /flow_runs/filter body (one page: the caller sets `sort`, `limit`, `offset`). */
export type FlowRunFilter = Record<string, unknown>;

export interface FlowRunApi {
  /** One page of POST /flow_runs/filter. */
  filterFlowRuns(body: FlowRunFilter): Promise<ServerFlowRun[]>;
  /** POST /deployments/{id}/create_flow_run (the server merges the deployment's parameters). */
  createFlowRun(
    deploymentId: string,
    body: { parameters?: Record<string, unknown>; tags?: string[]; name?: string },
  ): Promise<ServerFlowRun>;
  /** GET /flow_runs/{id}; null when there is no such run. */
  readFlowRun(id: string): Promise<ServerFlowRun | null>;
  /** The run's page in the Prefect UI. */
  flowRunUrl(id: string): string;
}
