// Request bodies for writing a DeploymentSpec: the full body of POST /deployments/, and the
// PATCH body holding only the fields that changed (PATCH never carries name, flow_id, labels).
import type { DeploymentSpec } from '../model/deployment.js';
import type { FieldChange } from '../plan/deployment-diff.js';

function scheduleBodies(spec: DeploymentSpec): Record<string, unknown>[] {
  return spec.schedules.map((item) => ({
    schedule: item.schedule,
    active: item.active,
    slug: item.slug,
    ...(item.parameters !== undefined ? { parameters: item.parameters } : {}),
    ...(item.max_scheduled_runs !== undefined && item.max_scheduled_runs !== null
      ? { max_scheduled_runs: item.max_scheduled_runs }
      : {}),
  }));
}

/** The value of one owned field in request form. */
function fieldValue(spec: DeploymentSpec, field: string): unknown {
  switch (field) {
    case 'schedules':
      return scheduleBodies(spec);
    case 'work_pool_name':
      return spec.work_pool_name;
    default:
      return (spec as unknown as Record<string, unknown>)[field];
  }
}

export function createDeploymentBody(spec: DeploymentSpec, flowId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: spec.name,
    flow_id: flowId,
    version: spec.version,
    description: spec.description,
    tags: spec.tags,
    entrypoint: spec.entrypoint,
    path: spec.path,
    pull_steps: spec.pull_steps,
    job_variables: spec.job_variables,
    parameters: spec.parameters,
    parameter_openapi_schema: spec.parameter_openapi_schema,
    work_pool_name: spec.work_pool_name,
    schedules: scheduleBodies(spec),
  };
  if (spec.path === null) delete body.path;
  if (spec.version_info !== undefined) body.version_info = spec.version_info;
  if (spec.work_queue_name !== null) body.work_queue_name = spec.work_queue_name;
  if (spec.enforce_parameter_schema !== null) body.enforce_parameter_schema = spec.enforce_parameter_schema;
  if (spec.paused !== null) body.paused = spec.paused;
  if (spec.concurrency_limit !== null) body.concurrency_limit = spec.concurrency_limit;
  if (spec.concurrency_options !== null) body.concurrency_options = spec.concurrency_options;
  return body;
}

export function updateDeploymentBody(
  spec: DeploymentSpec,
  changes: readonly FieldChange[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const change of changes) body[change.field] = fieldValue(spec, change.field);
  return body;
}
