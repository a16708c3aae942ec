// Deployments as we find them (DeploymentDetails, the seed's field names) and as we want
// them to be (DeploymentSpec, the body we send to the orchestrator).

/** A deployment found on the server, parsed from its name and its KEY=VALUE tags. */
export interface DeploymentDetails {
  name: string;
  project_name: string;
  branch: string;
  /** Normalised (underscore) flow name. */
  flow_name: string;
  /** The config variant (VARIANT tag, else the name's fifth part); null: the flow's own deployment. */
  variant?: string | null;
  env: string;
  commit_hash: string | null;
  package_version: string | null;
  tags: string[];
  id: string;
  created_at: string | null;
  updated_at: string | null;
  flow_id: string;
  url: string;
  /** One short line per automation that runs it (`after extract (Completed)`); absent: not read. */
  triggers?: string[];
}

export type ScheduleSpec =
  | { cron: string; timezone?: string | null; day_or?: boolean }
  | { interval: number; anchor_date?: string; timezone?: string | null }
  | { rrule: string; timezone?: string | null };

export interface DeploymentScheduleSpec {
  schedule: ScheduleSpec;
  active: boolean;
  /** Stable identity across re-deploys so the server patches schedules in place. */
  slug: string;
  parameters?: Record<string, unknown>;
  max_scheduled_runs?: number | null;
}

/** Prefect's VersionInfo (3.3.6+): `type` and `version` required, anything else kept as sent. */
export type VersionInfo = { type: string; version: string } & Record<string, unknown>;

/** Everything we own about one deployment, ready to be written. */
export interface DeploymentSpec {
  /** The flow as registered on the server (normalised name). */
  flowName: string;
  name: string;
  env: string;
  /** The config variant this deployment is (`deployments.<flow>.variants.<name>`); absent: the flow's own. */
  variant?: string;
  version: string;
  /** Shown in the Prefect UI; OSS servers accept and discard it, Cloud keeps it. Absent: not sent. */
  version_info?: VersionInfo;
  /** null when the flow has neither a docstring nor a description, as Prefect's SDK sends it. */
  description: string | null;
  tags: string[];
  entrypoint: string;
  path: string | null;
  pull_steps: Record<string, unknown>[];
  job_variables: Record<string, unknown>;
  parameters: Record<string, unknown>;
  parameter_openapi_schema: Record<string, unknown>;
  /** Null: left to the server (and to whoever changed it in the UI). */
  enforce_parameter_schema: boolean | null;
  work_pool_name: string;
  /** Null: the pool's default queue. */
  work_queue_name: string | null;
  schedules: DeploymentScheduleSpec[];
  /** Null: not owned by the config, so a re-deploy keeps what is on the server. */
  paused: boolean | null;
  /** Null: not owned by the config. */
  concurrency_limit: number | null;
  concurrency_options: {
    collision_strategy: 'ENQUEUE' | 'CANCEL_NEW';
    /** Null only in the state a server answers (3.6.6+ answers null when it was not set). */
    grace_period_seconds?: number | null;
  } | null;
}
