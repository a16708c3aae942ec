// The part of Prefect's DeploymentResponse that planning and promotion read. Servers add
// fields over time (Cloud adds more): everything else is ignored, never rejected.

export interface ServerSchedule {
  id: string;
  schedule: Record<string, unknown>;
  active: boolean;
  slug?: string | null;
  parameters?: Record<string, unknown>;
  max_scheduled_runs?: number | null;
}

export interface ServerDeployment {
  id: string;
  name: string;
  flow_id: string;
  created?: string | null;
  updated?: string | null;
  version?: string | null;
  /** Only Cloud answers with it (null when never set); OSS servers discard it and leave the key out. */
  version_info?: Record<string, unknown> | null;
  description?: string | null;
  tags?: string[];
  labels?: Record<string, unknown> | null;
  entrypoint?: string | null;
  path?: string | null;
  pull_steps?: Record<string, unknown>[] | null;
  job_variables?: Record<string, unknown> | null;
  /** 2.x servers answer with infra_overrides instead of job_variables. */
  infra_overrides?: Record<string, unknown> | null;
  parameters?: Record<string, unknown>;
  parameter_openapi_schema?: Record<string, unknown> | null;
  enforce_parameter_schema?: boolean;
  work_pool_name?: string | null;
  work_queue_name?: string | null;
  paused?: boolean;
  schedules?: ServerSchedule[];
  global_concurrency_limit?: { limit: number } | null;
  concurrency_options?: { collision_strategy: string; grace_period_seconds?: number | null } | null;
}

export function jobVariablesOf(deployment: ServerDeployment): Record<string, unknown> {
  return deployment.job_variables ?? deployment.infra_overrides ?? {};
}
