// The JSON objects the fake answers with, field for field and in the order Prefect's response models use:
// flows, work pools, deployments (3.x, 2.x and Cloud variants), schedules, concurrency limits and flow runs.

import { PythonFloat } from '../http/replies.js';
import type {
  DeploymentRecord,
  FlowRecord,
  FlowRunRecord,
  JsonObject,
  ScheduleRecord,
  WorkPoolRecord,
} from '../state/records.js';
import type { ApiContext } from './api-context.js';

export function presentFlow(api: ApiContext, flow: FlowRecord): JsonObject {
  const body: JsonObject = {
    id: flow.id,
    created: api.stamp(flow.created),
    updated: api.stamp(flow.updated),
    name: flow.name,
    tags: flow.tags,
  };
  if (!api.profile.legacy) body['labels'] = flow.labels;
  return body;
}

export function presentWorkPool(api: ApiContext, pool: WorkPoolRecord): JsonObject {
  const body: JsonObject = {
    id: pool.id,
    created: api.stamp(pool.created),
    updated: api.stamp(pool.updated),
    name: pool.name,
    description: pool.description,
    type: pool.type,
    base_job_template: pool.base_job_template,
    is_paused: pool.is_paused,
    concurrency_limit: pool.concurrency_limit,
    status: pool.status,
    default_queue_id: pool.default_queue_id,
  };
  if (!api.profile.legacy) {
    body['storage_configuration'] = pool.storage_configuration;
    body['active_slots'] = pool.concurrency_limit === null ? null : 0;
  }
  return body;
}

/** Interval lengths are timedeltas in Prefect and come back as floats. */
function presentScheduleShape(schedule: JsonObject): JsonObject {
  return typeof schedule['interval'] === 'number'
    ? { ...schedule, interval: new PythonFloat(schedule['interval']) }
    : schedule;
}

export function presentSchedule(api: ApiContext, schedule: ScheduleRecord): JsonObject {
  const head = {
    id: schedule.id,
    created: api.stamp(schedule.created),
    updated: api.stamp(schedule.updated),
    deployment_id: schedule.deployment_id,
    schedule: presentScheduleShape(schedule.schedule),
    active: schedule.active,
  };
  if (api.profile.legacy) {
    return {
      ...head,
      max_active_runs: schedule.max_active_runs ?? null,
      max_scheduled_runs: schedule.max_scheduled_runs,
      catchup: schedule.catchup ?? false,
    };
  }
  const { traits } = api.profile;
  if (traits.scheduleRunLimits) {
    return {
      ...head,
      max_active_runs: null,
      max_scheduled_runs: schedule.max_scheduled_runs,
      catchup: false,
    };
  }
  // Slugs and schedule parameters came with 3.2.
  return traits.scheduleSlugs
    ? {
        ...head,
        max_scheduled_runs: schedule.max_scheduled_runs,
        parameters: schedule.parameters,
        slug: schedule.slug,
      }
    : { ...head, max_scheduled_runs: schedule.max_scheduled_runs };
}

/** Prefect lists a deployment's schedules most recently updated first. */
export function schedulesInResponseOrder(schedules: ScheduleRecord[]): ScheduleRecord[] {
  return schedules
    .map((schedule, index) => ({ schedule, index }))
    .sort((a, b) =>
      a.schedule.updated === b.schedule.updated
        ? b.index - a.index
        : a.schedule.updated < b.schedule.updated
          ? 1
          : -1,
    )
    .map(({ schedule }) => schedule);
}

function presentConcurrencyLimit(api: ApiContext, limitId: string | null): JsonObject | null {
  const limit = limitId ? api.state.concurrencyLimits.get(limitId) : undefined;
  if (!limit) return null;
  return {
    id: limit.id,
    created: api.stamp(limit.created),
    updated: api.stamp(limit.updated),
    active: limit.active,
    name: limit.name,
    limit: limit.limit,
    active_slots: limit.active_slots,
    slot_decay_per_second: new PythonFloat(0),
  };
}

/** The pool and queue a deployment's work_queue_id points at, as DeploymentResponse resolves them. */
export function deploymentQueue(api: ApiContext, deployment: DeploymentRecord) {
  const queue = deployment.work_queue_id ? api.state.workQueues.get(deployment.work_queue_id) : undefined;
  const pool = queue
    ? [...api.state.workPools.values()].find((candidate) => candidate.id === queue.work_pool_id)
    : undefined;
  return { queue, pool };
}

export function presentDeployment(api: ApiContext, deployment: DeploymentRecord): JsonObject {
  const { queue, pool } = deploymentQueue(api, deployment);
  const schedules = schedulesInResponseOrder(deployment.schedules).map((schedule) =>
    presentSchedule(api, schedule),
  );
  const identity = {
    id: deployment.id,
    created: api.stamp(deployment.created),
    updated: api.stamp(deployment.updated),
    name: deployment.name,
    version: deployment.version,
    description: deployment.description,
    flow_id: deployment.flow_id,
  };
  const placement = {
    work_queue_name: queue ? queue.name : deployment.work_queue_name,
  };
  const source = {
    last_polled: api.stamp(deployment.last_polled),
    parameter_openapi_schema: deployment.parameter_openapi_schema,
    path: deployment.path,
    pull_steps: deployment.pull_steps,
    entrypoint: deployment.entrypoint,
  };
  const tail = {
    storage_document_id: deployment.storage_document_id,
    infrastructure_document_id: deployment.infrastructure_document_id,
    created_by: null,
    updated_by: null,
    work_pool_name: pool?.name ?? null,
    status: deployment.status,
    enforce_parameter_schema: deployment.enforce_parameter_schema,
  };
  if (api.profile.legacy) {
    const first = schedulesInResponseOrder(deployment.schedules)[0];
    return {
      ...identity,
      schedule: first ? presentScheduleShape(first.schedule) : null,
      is_schedule_active: deployment.is_schedule_active ?? true,
      paused: deployment.paused,
      schedules,
      infra_overrides: deployment.job_variables,
      parameters: deployment.parameters,
      tags: deployment.tags,
      ...placement,
      ...source,
      manifest_path: deployment.manifest_path ?? null,
      ...tail,
    };
  }
  const body: JsonObject = {
    ...identity,
    paused: deployment.paused,
    schedules,
    concurrency_limit: null,
    global_concurrency_limit: presentConcurrencyLimit(api, deployment.concurrency_limit_id),
    concurrency_options: deployment.concurrency_options,
    job_variables: deployment.job_variables,
    parameters: deployment.parameters,
    tags: deployment.tags,
    labels: deployment.labels,
    ...placement,
    work_queue_id: deployment.work_queue_id,
    ...source,
    ...tail,
  };
  if (!api.profile.traits.labels) delete body['labels'];
  if (!api.profile.traits.workQueueId) delete body['work_queue_id'];
  if (api.profile.cloud) {
    Object.assign(body, {
      version_id: deployment.version_id ?? null,
      version_info: deployment.version_info ?? null,
      branch: null,
      base: null,
      root: null,
    });
  }
  return body;
}

export function presentFlowRun(api: ApiContext, run: FlowRunRecord): JsonObject {
  const created = api.stamp(run.created);
  return {
    id: run.id,
    created,
    updated: api.stamp(run.updated),
    name: run.name,
    flow_id: run.flow_id,
    state_id: run.state_id,
    deployment_id: run.deployment_id,
    deployment_version: run.deployment_version,
    work_queue_id: run.work_queue_id,
    work_queue_name: run.work_queue_name,
    flow_version: null,
    parameters: run.parameters,
    idempotency_key: run.idempotency_key,
    context: {},
    empirical_policy: {
      max_retries: 0,
      retry_delay_seconds: new PythonFloat(0),
      retries: null,
      retry_delay: null,
      pause_keys: [],
      resuming: false,
      retry_type: null,
    },
    tags: run.tags,
    labels: run.labels,
    parent_task_run_id: null,
    state_type: run.state_type,
    state_name: run.state_name,
    run_count: run.start_time === null ? 0 : 1,
    expected_start_time: api.stamp(run.expected_start_time),
    next_scheduled_start_time: run.state_type === 'SCHEDULED' ? api.stamp(run.expected_start_time) : null,
    start_time: api.stamp(run.start_time),
    end_time: api.stamp(run.end_time),
    total_run_time: new PythonFloat(runSeconds(run)),
    estimated_run_time: new PythonFloat(0),
    estimated_start_time_delta: new PythonFloat(0),
    auto_scheduled: false,
    infrastructure_document_id: null,
    infrastructure_pid: null,
    created_by: null,
    work_pool_id: null,
    work_pool_name: run.work_pool_name,
    state: {
      id: run.state_id,
      type: run.state_type,
      name: run.state_name,
      timestamp: api.stamp(run.state_timestamp),
      message: run.state_message,
      data: null,
      state_details: {
        flow_run_id: run.id,
        ...(run.state_type === 'SCHEDULED' ? { scheduled_time: api.stamp(run.expected_start_time) } : {}),
      },
    },
    job_variables: run.job_variables,
  };
}

/** Seconds the run has been RUNNING, as Prefect's total_run_time counts it. */
function runSeconds(run: FlowRunRecord): number {
  if (run.start_time === null) return 0;
  const end = run.end_time ?? run.state_timestamp;
  return Math.max(0, (Date.parse(end) - Date.parse(run.start_time)) / 1000);
}
