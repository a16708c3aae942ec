// What the fake Prefect server stores: flows, work pools and queues, deployments with their schedules,
// deployment concurrency limits and flow runs, with Prefect's own field names so tests can inspect them.

export type JsonObject = Record<string, unknown>;

export interface FlowRecord {
  id: string;
  created: string;
  updated: string;
  name: string;
  tags: string[];
  labels: JsonObject;
}

export interface WorkPoolRecord {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string | null;
  type: string;
  base_job_template: JsonObject;
  is_paused: boolean;
  concurrency_limit: number | null;
  status: 'READY' | 'NOT_READY' | 'PAUSED' | null;
  default_queue_id: string;
  storage_configuration: JsonObject;
}

export interface WorkQueueRecord {
  id: string;
  created: string;
  updated: string;
  name: string;
  work_pool_id: string;
}

/** A schedule as stored; `schedule` is already normalised (cron / interval / rrule shape). */
export interface ScheduleRecord {
  id: string;
  created: string;
  updated: string;
  deployment_id: string;
  schedule: JsonObject;
  active: boolean;
  max_scheduled_runs: number | null;
  parameters: JsonObject;
  slug: string | null;
  /** Prefect 2.x only. */
  max_active_runs?: number | null;
  catchup?: boolean;
}

export interface DeploymentRecord {
  id: string;
  created: string;
  updated: string;
  name: string;
  flow_id: string;
  version: string | null;
  description: string | null;
  paused: boolean;
  schedules: ScheduleRecord[];
  /** The global concurrency limit backing `concurrency_limit` (named `deployment:{id}`) or one given by id. */
  concurrency_limit_id: string | null;
  concurrency_options: JsonObject | null;
  job_variables: JsonObject;
  parameters: JsonObject;
  tags: string[];
  labels: JsonObject;
  work_queue_id: string | null;
  /** The stored column; responses show the queue's name when the deployment has a queue. */
  work_queue_name: string | null;
  last_polled: string | null;
  parameter_openapi_schema: JsonObject | null;
  path: string | null;
  pull_steps: JsonObject[] | null;
  entrypoint: string | null;
  storage_document_id: string | null;
  infrastructure_document_id: string | null;
  status: 'READY' | 'NOT_READY';
  enforce_parameter_schema: boolean;
  /** Prefect Cloud only: a new id on every write, and the version_info sent. */
  version_id?: string;
  version_info?: JsonObject | null;
  /** Prefect 2.x only. */
  is_schedule_active?: boolean;
  manifest_path?: string | null;
}

export interface ConcurrencyLimitRecord {
  id: string;
  created: string;
  updated: string;
  active: boolean;
  name: string;
  limit: number;
  active_slots: number;
}

export interface FlowRunRecord {
  id: string;
  created: string;
  updated: string;
  name: string;
  flow_id: string;
  deployment_id: string;
  deployment_version: string | null;
  work_queue_id: string | null;
  work_queue_name: string | null;
  work_pool_name: string | null;
  parameters: JsonObject;
  tags: string[];
  labels: JsonObject;
  job_variables: JsonObject;
  idempotency_key: string | null;
  state_type: string;
  state_name: string;
  state_id: string;
  state_message: string | null;
  /** When the current state was entered. */
  state_timestamp: string;
  expected_start_time: string;
  start_time: string | null;
  end_time: string | null;
}

/** An automation as stored: the server's Automation model with defaults filled, plus who owns it. */
export interface AutomationRecord {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: JsonObject;
  actions: JsonObject[];
  actions_on_trigger: JsonObject[];
  actions_on_resolve: JsonObject[];
  /** `prefect.deployment.<id>` when created with `owner_resource`; never answered. */
  owner_resource: string | null;
}

/** Everything the fake server knows; maps are live and may be read (or seeded) by tests. */
export interface FakePrefectState {
  flows: Map<string, FlowRecord>;
  deployments: Map<string, DeploymentRecord>;
  /** Keyed by pool name, as Prefect's routes address pools. */
  workPools: Map<string, WorkPoolRecord>;
  workQueues: Map<string, WorkQueueRecord>;
  concurrencyLimits: Map<string, ConcurrencyLimitRecord>;
  flowRuns: Map<string, FlowRunRecord>;
  automations: Map<string, AutomationRecord>;
}

export function emptyState(): FakePrefectState {
  return {
    flows: new Map(),
    deployments: new Map(),
    workPools: new Map(),
    workQueues: new Map(),
    concurrencyLimits: new Map(),
    flowRuns: new Map(),
    automations: new Map(),
  };
}
