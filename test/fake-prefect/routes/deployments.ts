// Prefect's deployment routes: upsert, PATCH, reads by id and by flow/deployment name, delete, the
// filter/count/paginate listings, and creating a flow run from a deployment.

import type { RequestContext, Router } from '../http/router.js';
import { detail, json, noContent, type Reply } from '../http/replies.js';
import { newRunName, newTimeOrderedId } from '../state/ids.js';
import type { DeploymentRecord, FlowRunRecord, JsonObject } from '../state/records.js';
import { describeViolation, findSchemaViolation } from '../validation/parameter-schema-check.js';
import type { ApiContext } from './api-context.js';
import { deleteDeployment, patchDeployment, upsertDeployment } from './deployment-writes.js';
import { deploymentMatches, sortRecords, type FilterBody } from './filters.js';
import { findFlowByName } from './flows.js';
import { deploymentQueue, presentDeployment, presentFlowRun } from './responses.js';
import { addScheduleRoutes } from './schedules.js';
import { queueInPool } from './work-pools.js';

export function addDeploymentRoutes(router: Router, api: ApiContext): void {
  router.add('POST', '/deployments/', (request) => createDeployment(api, request));
  router.add('PATCH', '/deployments/{id:uuid}', (request) => updateDeployment(api, request));
  router.add('GET', '/deployments/name/{flow_name}/{deployment_name}', (request) => readByName(api, request));
  router.add('GET', '/deployments/{id:uuid}', (request) =>
    presentOr404(api, api.state.deployments.get(request.params['id'] ?? '')),
  );
  router.add('POST', '/deployments/filter', (request) => filterDeployments(api, request));
  if (!api.profile.legacy)
    router.add('POST', '/deployments/paginate', (request) => paginateDeployments(api, request));
  router.add('POST', '/deployments/count', (request) => countDeployments(api, request));
  router.add('DELETE', '/deployments/{id:uuid}', (request) => removeDeployment(api, request));
  router.add('POST', '/deployments/{id:uuid}/create_flow_run', (request) => createFlowRun(api, request));
  addScheduleRoutes(router, api);
}

function presentOr404(api: ApiContext, deployment: DeploymentRecord | undefined): Reply {
  if (!deployment) throw detail(404, 'Deployment not found');
  return json(200, presentDeployment(api, deployment));
}

function createDeployment(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /deployments/', { required: true }) as JsonObject;
  const { deployment, created } = upsertDeployment(api, body);
  return json(created ? 201 : 200, presentDeployment(api, deployment));
}

function updateDeployment(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'PATCH /deployments/{id}', { required: true }) as JsonObject;
  patchDeployment(api, request.params['id'] ?? '', body);
  return noContent();
}

function readByName(api: ApiContext, request: RequestContext): Reply {
  const flow = findFlowByName(api, request.params['flow_name']);
  const deployment = flow
    ? [...api.state.deployments.values()].find(
        (candidate) => candidate.flow_id === flow.id && candidate.name === request.params['deployment_name'],
      )
    : undefined;
  return presentOr404(api, deployment);
}

function removeDeployment(api: ApiContext, request: RequestContext): Reply {
  if (!deleteDeployment(api, request.params['id'] ?? '')) throw detail(404, 'Deployment not found');
  return noContent();
}

function matching(api: ApiContext, body: FilterBody & JsonObject): DeploymentRecord[] {
  const found = [...api.state.deployments.values()].filter((deployment) =>
    deploymentMatches(api, deployment, body),
  );
  return sortRecords(found, body['sort']);
}

function filterDeployments(api: ApiContext, request: RequestContext): Reply {
  const limit = api.limit(request);
  const body = api.body(request, 'POST /deployments/filter', { required: false }) as FilterBody & JsonObject;
  const offset = (body['offset'] as number | undefined) ?? 0;
  return json(
    200,
    matching(api, body)
      .slice(offset, offset + limit)
      .map((deployment) => presentDeployment(api, deployment)),
  );
}

function paginateDeployments(api: ApiContext, request: RequestContext): Reply {
  const limit = api.limit(request);
  const body = api.body(request, 'POST /deployments/paginate', { required: false }) as FilterBody &
    JsonObject;
  const page = (body['page'] as number | undefined) ?? 1;
  const all = matching(api, body);
  const offset = (page - 1) * limit;
  return json(200, {
    results: all.slice(offset, offset + limit).map((deployment) => presentDeployment(api, deployment)),
    count: all.length,
    limit,
    pages: limit > 0 ? Math.ceil(all.length / limit) : 0,
    page,
  });
}

function countDeployments(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /deployments/count', { required: false }) as FilterBody & JsonObject;
  return json(200, matching(api, body).length);
}

/** POST /deployments/{id}/create_flow_run: a SCHEDULED run with the deployment's parameters, tags and queue. */
function createFlowRun(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /deployments/{id}/create_flow_run', { required: true }) as JsonObject;
  const deployment = api.state.deployments.get(request.params['id'] ?? '');
  if (!deployment) throw detail(404, 'Deployment not found');
  const parameters = { ...deployment.parameters, ...((body['parameters'] as JsonObject | undefined) ?? {}) };
  const enforce =
    (body['enforce_parameter_schema'] as boolean | null | undefined) ?? deployment.enforce_parameter_schema;
  if (enforce) {
    if (
      typeof deployment.parameter_openapi_schema !== 'object' ||
      deployment.parameter_openapi_schema === null
    ) {
      throw detail(
        409,
        'Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and ' +
          'the deployment does not have a valid parameter schema.',
      );
    }
    const violation = findSchemaViolation(parameters, deployment.parameter_openapi_schema, {
      ignoreRequired: false,
    });
    if (violation) throw detail(409, `Error creating flow run: ${describeViolation(violation)}`);
  }
  const idempotencyKey = (body['idempotency_key'] as string | null | undefined) ?? null;
  const repeated =
    idempotencyKey === null
      ? undefined
      : [...api.state.flowRuns.values()].find(
          (run) => run.flow_id === deployment.flow_id && run.idempotency_key === idempotencyKey,
        );
  if (repeated) return json(200, presentFlowRun(api, repeated));

  const { queue, pool } = deploymentQueue(api, deployment);
  let runQueue = queue;
  const queueName = body['work_queue_name'];
  if (typeof queueName === 'string' && queueName !== '') {
    if (!pool) {
      throw detail(
        400,
        `Cannot create flow run in work queue ${queueName} because deployment ${deployment.id} is not associated ` +
          'with a work pool. Please remove work_pool_name and try again.',
      );
    }
    runQueue = queueInPool(api, pool, queueName);
  }
  const state = body['state'] as JsonObject | null | undefined;
  const stateType = (state?.['type'] as string | undefined) ?? 'SCHEDULED';
  const now = api.clock.now();
  const run: FlowRunRecord = {
    id: newTimeOrderedId(),
    created: now,
    updated: now,
    name: (body['name'] as string | undefined) || newRunName(),
    flow_id: deployment.flow_id,
    deployment_id: deployment.id,
    deployment_version: deployment.version,
    work_queue_id: runQueue?.id ?? null,
    work_queue_name: runQueue?.name ?? deployment.work_queue_name,
    work_pool_name: pool?.name ?? null,
    parameters,
    tags: [...new Set([...deployment.tags, ...((body['tags'] as string[] | undefined) ?? [])])],
    labels: {
      ...deployment.labels,
      'prefect.flow.id': deployment.flow_id,
      'prefect.deployment.id': deployment.id,
      ...((body['labels'] as JsonObject | null | undefined) ?? {}),
    },
    job_variables: (body['job_variables'] as JsonObject | null | undefined) ?? {},
    idempotency_key: idempotencyKey,
    state_type: stateType,
    state_name: (state?.['name'] as string | undefined) ?? titleCase(stateType),
    state_id: newTimeOrderedId(),
    state_message: (state?.['message'] as string | null | undefined) ?? null,
    state_timestamp: now,
    expected_start_time: now,
    start_time: null,
    end_time: null,
  };
  api.state.flowRuns.set(run.id, run);
  api.worker.created(run);
  return json(201, presentFlowRun(api, run));
}

export function titleCase(stateType: string): string {
  return stateType.charAt(0) + stateType.slice(1).toLowerCase();
}
