// How POST /deployments/ (an upsert on flow_id + name) and PATCH /deployments/{id} change a deployment:
// the checks they make before writing anything, which fields they keep, and what happens to schedules and limits.

import { DATA_INTEGRITY_CONFLICT, detail, internalServerError } from '../http/replies.js';
import { newId } from '../state/ids.js';
import type { DeploymentRecord, JsonObject, WorkPoolRecord } from '../state/records.js';
import { findSchemaViolation, describeViolation, pythonRepr } from '../validation/parameter-schema-check.js';
import type { ApiContext } from './api-context.js';
import { hasDuplicateSlug, newScheduleRecord, patchScheduleRecord, type ScheduleItem } from './schedules.js';
import { queueInPool, queueWithoutPool, requirePool } from './work-pools.js';
import { storedConcurrencyOptions } from '../versions/version-traits.js';

/** A validated DeploymentCreate or DeploymentUpdate body; keys absent were not sent. */
export type DeploymentBody = JsonObject;

const BLOCK_MISSING = (kind: string, id: unknown) =>
  `Error creating deployment. Could not find ${kind} with id: ${String(id)}. This usually occurs when applying a ` +
  'deployment specification that was built against a different Prefect database / workspace.';

function isNonEmptyObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

/** Job variables checked against the pool's `variables` schema (required keys ignored), as Prefect does. */
function jobVariablesViolation(pool: WorkPoolRecord, jobVariables: unknown) {
  const variables = pool.base_job_template['variables'];
  return variables ? findSchemaViolation(jobVariables, variables) : undefined;
}

/**
 * The queue a write points the deployment at (undefined leaves it): a pool's named or default queue, or a
 * queue named without a pool. Only PATCH clears the queue when `work_pool_name` is sent as null.
 */
function resolveQueue(
  api: ApiContext,
  body: DeploymentBody,
  clearOnNullPool: boolean,
): string | null | undefined {
  const poolName = body['work_pool_name'];
  const queueName = body['work_queue_name'];
  if (typeof poolName === 'string' && poolName !== '') {
    const pool = requirePool(api, poolName);
    return typeof queueName === 'string' && queueName !== ''
      ? queueInPool(api, pool, queueName).id
      : pool.default_queue_id;
  }
  if (clearOnNullPool && 'work_pool_name' in body && poolName === null) return null;
  if (typeof queueName === 'string' && queueName !== '') return queueWithoutPool(api, queueName).id;
  return undefined;
}

function jobVariablesOf(api: ApiContext, body: DeploymentBody): unknown {
  return api.profile.legacy ? (body['job_variables'] ?? body['infra_overrides']) : body['job_variables'];
}

/** The schedules a 2.x body gives through its legacy single `schedule` field. */
function legacySchedules(body: DeploymentBody): ScheduleItem[] | undefined {
  if (Array.isArray(body['schedules']) && body['schedules'].length > 0)
    return body['schedules'] as ScheduleItem[];
  if (body['schedule'])
    return [{ schedule: body['schedule'] as JsonObject, active: body['is_schedule_active'] ?? true }];
  return body['schedules'] as ScheduleItem[] | undefined;
}

/**
 * POST /deployments/: checks the pool, job variables, limit and blocks before writing; then upserts on
 * (flow_id, name). Answers the record and whether it was created.
 */
export function upsertDeployment(
  api: ApiContext,
  body: DeploymentBody,
): { deployment: DeploymentRecord; created: boolean } {
  const { state } = api;
  const poolName = body['work_pool_name'];
  const jobVariables = jobVariablesOf(api, body);
  if (typeof poolName === 'string' && poolName !== '') {
    const pool = requirePool(api, poolName);
    const violation = isNonEmptyObject(jobVariables) ? jobVariablesViolation(pool, jobVariables) : undefined;
    if (violation) throw detail(422, `Error creating deployment: ${describeViolation(violation)}`);
  }
  const limitId = body['global_concurrency_limit_id'];
  if (typeof limitId === 'string' && !state.concurrencyLimits.has(limitId))
    throw detail(404, 'Concurrency limit not found');
  const schedules =
    (api.profile.legacy ? legacySchedules(body) : (body['schedules'] as ScheduleItem[] | undefined)) ?? [];
  if (body['infrastructure_document_id'])
    throw detail(409, BLOCK_MISSING('infrastructure block', body['infrastructure_document_id']));
  if (body['storage_document_id'])
    throw detail(409, BLOCK_MISSING('storage block', body['storage_document_id']));
  const flow = state.flows.get(String(body['flow_id']));
  if (!flow || hasDuplicateSlug(schedules.map((item) => item.slug)))
    throw detail(409, DATA_INTEGRITY_CONFLICT);
  const workQueueId = resolveQueue(api, body, false);

  const existing = [...state.deployments.values()].find(
    (candidate) => candidate.flow_id === flow.id && candidate.name === body['name'],
  );
  const now = api.clock.now();
  // Prefect 3.0.4+ writes only the keys sent; 2.x rebuilt the whole row.
  const deployment = existing && !api.profile.legacy ? existing : freshDeployment(api, existing, body, now);
  writeSentFields(api, deployment, body);
  deployment.parameters = (body['parameters'] as JsonObject | undefined) ?? {};
  if (!api.profile.legacy) {
    deployment.labels = {
      ...flow.labels,
      'prefect.flow.id': flow.id,
      ...((body['labels'] as JsonObject | null) ?? {}),
    };
  }
  if (isNonEmptyObject(jobVariables)) deployment.job_variables = jobVariables;
  if (workQueueId !== undefined) deployment.work_queue_id = workQueueId;
  if ('global_concurrency_limit_id' in body)
    deployment.concurrency_limit_id = (limitId as string | null) ?? null;
  deployment.updated = now;
  if (api.profile.cloud) stampCloudVersion(deployment, body);
  deployment.schedules = schedules.map((item) =>
    newScheduleRecord(api, deployment.id, item, { keepMaxScheduledRuns: false }),
  );
  state.deployments.set(deployment.id, deployment);
  if ('concurrency_limit' in body)
    setDeploymentConcurrencyLimit(api, deployment, (body['concurrency_limit'] as number | null) ?? null);
  return { deployment, created: !existing };
}

function freshDeployment(
  api: ApiContext,
  existing: DeploymentRecord | undefined,
  body: DeploymentBody,
  now: string,
): DeploymentRecord {
  const record: DeploymentRecord = {
    id: existing?.id ?? newId(),
    created: existing?.created ?? now,
    updated: now,
    name: String(body['name']),
    flow_id: String(body['flow_id']),
    version: null,
    description: null,
    paused: false,
    schedules: [],
    concurrency_limit_id: null,
    concurrency_options: null,
    job_variables: {},
    parameters: {},
    tags: [],
    labels: {},
    work_queue_id: null,
    work_queue_name: null,
    last_polled: null,
    parameter_openapi_schema: {},
    path: null,
    pull_steps: null,
    entrypoint: null,
    storage_document_id: null,
    infrastructure_document_id: null,
    status: 'NOT_READY',
    enforce_parameter_schema: !api.profile.legacy,
  };
  if (api.profile.legacy) {
    record.is_schedule_active = true;
    record.manifest_path = null;
  }
  return record;
}

/** Columns written exactly as sent when their key is present. */
const PLAIN_FIELDS = [
  'version',
  'description',
  'paused',
  'tags',
  'work_queue_name',
  'parameter_openapi_schema',
  'path',
  'pull_steps',
  'entrypoint',
  'enforce_parameter_schema',
  'is_schedule_active',
  'manifest_path',
] as const;

function writeSentFields(api: ApiContext, deployment: DeploymentRecord, body: DeploymentBody): void {
  const target = deployment as unknown as JsonObject;
  for (const field of PLAIN_FIELDS) {
    // The column is NOT NULL: a PATCH sending null leaves it as it was.
    if (field === 'enforce_parameter_schema' && body[field] === null) continue;
    if (field in body) target[field] = body[field];
  }
  if ('concurrency_options' in body) {
    deployment.concurrency_options = storedConcurrencyOptions(
      (body['concurrency_options'] as JsonObject | null) ?? null,
      api.profile.traits,
    ) as JsonObject | null;
  }
}

function stampCloudVersion(deployment: DeploymentRecord, body: DeploymentBody): void {
  deployment.version_id = newId();
  if ('version_info' in body) deployment.version_info = (body['version_info'] as JsonObject | null) ?? null;
}

/** Prefect backs `concurrency_limit` with a global limit named `deployment:{id}`; null removes it. */
export function setDeploymentConcurrencyLimit(
  api: ApiContext,
  deployment: DeploymentRecord,
  limit: number | null,
): void {
  const current = deployment.concurrency_limit_id
    ? api.state.concurrencyLimits.get(deployment.concurrency_limit_id)
    : undefined;
  if ((current && current.limit === limit) || (!current && limit === null)) return;
  const now = api.clock.now();
  if (limit === null) {
    if (current) api.state.concurrencyLimits.delete(current.id);
    deployment.concurrency_limit_id = null;
  } else if (current) {
    current.limit = limit;
    current.updated = now;
  } else {
    const id = newId();
    api.state.concurrencyLimits.set(id, {
      id,
      created: now,
      updated: now,
      active: true,
      name: `deployment:${deployment.id}`,
      limit,
      active_slots: 0,
    });
    deployment.concurrency_limit_id = id;
  }
}

type SchedulePlan =
  | { mode: 'keep' }
  | { mode: 'replace'; items: ScheduleItem[] }
  | { mode: 'by-slug'; patch: ScheduleItem[]; create: ScheduleItem[] };

/** PATCH's schedule rules: all slugged (existing and sent) -> matched by slug; otherwise the list replaces all. */
function planSchedules(api: ApiContext, deployment: DeploymentRecord, body: DeploymentBody): SchedulePlan {
  const sent = (body['schedules'] as ScheduleItem[] | undefined) ?? [];
  if (api.profile.legacy) return 'schedules' in body ? { mode: 'replace', items: sent } : { mode: 'keep' };
  const allSentSlugged = sent.every((item) => typeof item.slug === 'string');
  const allExistingSlugged =
    deployment.schedules.length > 0 && deployment.schedules.every((schedule) => schedule.slug !== null);
  if (!allExistingSlugged) return 'schedules' in body ? { mode: 'replace', items: sent } : { mode: 'keep' };
  if (!allSentSlugged) {
    throw detail(
      422,
      'Please provide a slug for each schedule in your request to ensure schedules are updated correctly.',
    );
  }
  const current = deployment.schedules.map((schedule) => schedule.slug);
  const replaced = new Set<string>();
  for (const item of sent) {
    const replaces = item['replaces'];
    if (typeof replaces !== 'string') continue;
    if (replaced.has(replaces)) {
      throw detail(422, `Multiple schedules have 'replaces' targeting the same slug: ${replaces}`);
    }
    replaced.add(replaces);
  }
  const plan: SchedulePlan = { mode: 'by-slug', patch: [], create: [] };
  for (const item of sent) {
    const replaces = typeof item['replaces'] === 'string' ? item['replaces'] : undefined;
    if (replaces && current.includes(item.slug ?? null) && !replaced.has(item.slug ?? '')) {
      throw detail(
        422,
        `Cannot rename schedule from '${replaces}' to '${item.slug}': a schedule with slug '${item.slug}' already exists.`,
      );
    }
    if (current.includes(replaces ?? item.slug ?? null)) plan.patch.push(item);
    else if (item.schedule) plan.create.push(item);
    else throw detail(422, 'Unable to create new deployment schedules without a schedule configuration.');
  }
  return plan;
}

/** PATCH /deployments/{id}: only the keys sent are written; answers nothing (204). */
export function patchDeployment(api: ApiContext, id: string, body: DeploymentBody): void {
  const deployment = api.state.deployments.get(id);
  if (!deployment) throw detail(404, 'Deployment not found.');
  const plan = planSchedules(api, deployment, body);
  const jobVariables = jobVariablesOf(api, body);
  const poolName = body['work_pool_name'];
  if (typeof poolName === 'string' && poolName !== '') {
    // Prefect reads the pool without checking it exists, so a missing pool fails inside the handler.
    const pool = api.state.workPools.get(poolName);
    if (!pool) throw internalServerError();
    const violation = jobVariables ? jobVariablesViolation(pool, jobVariables) : undefined;
    if (violation)
      throw detail(409, `Error creating deployment: <ValidationError: ${pythonRepr(violation.reason)}>`);
  }
  checkParametersOnPatch(deployment, body);
  const limitId = body['global_concurrency_limit_id'];
  if (typeof limitId === 'string' && !api.state.concurrencyLimits.has(limitId)) {
    throw detail(404, 'Concurrency limit not found');
  }
  const created =
    plan.mode === 'replace'
      ? plan.items.filter((item) => item.schedule)
      : plan.mode === 'by-slug'
        ? plan.create
        : [];
  if (hasDuplicateSlug(created.map((item) => item.slug))) throw detail(409, DATA_INTEGRITY_CONFLICT);

  const workQueueId = resolveQueue(api, body, !api.profile.legacy);
  writeSentFields(api, deployment, body);
  if (body['parameters'] !== undefined && body['parameters'] !== null)
    deployment.parameters = body['parameters'] as JsonObject;
  if (isNonEmptyObject(jobVariables)) deployment.job_variables = jobVariables;
  if (workQueueId !== undefined) deployment.work_queue_id = workQueueId;
  if ('global_concurrency_limit_id' in body)
    deployment.concurrency_limit_id = (limitId as string | null) ?? null;
  deployment.updated = api.clock.now();
  if (api.profile.cloud) stampCloudVersion(deployment, body);
  if (plan.mode === 'replace') {
    deployment.schedules = created.map((item) =>
      newScheduleRecord(api, deployment.id, item, { keepMaxScheduledRuns: false }),
    );
  } else if (plan.mode === 'by-slug') {
    for (const item of plan.patch) {
      const target = typeof item['replaces'] === 'string' ? item['replaces'] : item.slug;
      const record = deployment.schedules.find((schedule) => schedule.slug === target);
      if (record) patchScheduleRecord(api, record, item);
    }
    deployment.schedules.push(
      ...plan.create.map((item) =>
        newScheduleRecord(api, deployment.id, item, { keepMaxScheduledRuns: false }),
      ),
    );
  }
  if ('concurrency_limit' in body)
    setDeploymentConcurrencyLimit(api, deployment, (body['concurrency_limit'] as number | null) ?? null);
}

/** With enforcement on, the resulting parameters must fit the resulting schema (required ignored): else 409. */
function checkParametersOnPatch(deployment: DeploymentRecord, body: DeploymentBody): void {
  const enforce =
    (body['enforce_parameter_schema'] as boolean | null | undefined) ?? deployment.enforce_parameter_schema;
  if (!enforce) return;
  const parameters = (body['parameters'] as JsonObject | null | undefined) ?? deployment.parameters;
  const sentSchema = body['parameter_openapi_schema'];
  const schema = isNonEmptyObject(sentSchema) ? sentSchema : deployment.parameter_openapi_schema;
  if (typeof schema !== 'object' || schema === null) {
    throw detail(
      409,
      'Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and ' +
        'the deployment does not have a valid parameter schema.',
    );
  }
  const violation = findSchemaViolation(parameters, schema);
  if (violation) throw detail(409, `Error updating deployment: ${describeViolation(violation)}`);
}

export function deleteDeployment(api: ApiContext, id: string): boolean {
  const deployment = api.state.deployments.get(id);
  if (!deployment) return false;
  if (deployment.concurrency_limit_id) {
    const limit = api.state.concurrencyLimits.get(deployment.concurrency_limit_id);
    if (limit?.name === `deployment:${deployment.id}`) api.state.concurrencyLimits.delete(limit.id);
  }
  api.state.deployments.delete(id);
  return true;
}
