// Prefect's work pool routes and the queues inside pools: pools never upsert (409), names starting "prefect"
// are refused (403), every pool has a "default" queue, and a queue named by a deployment is created on demand.

import type { RequestContext, Router } from '../http/router.js';
import { detail, json, type Reply } from '../http/replies.js';
import { newId } from '../state/ids.js';
import type { JsonObject, WorkPoolRecord, WorkQueueRecord } from '../state/records.js';
import type { ApiContext } from './api-context.js';
import { presentWorkPool } from './responses.js';

/** The pool Prefect puts queues in when a deployment names a queue but no pool. */
const DEFAULT_AGENT_POOL = 'default-agent-pool';

export function addWorkPoolRoutes(router: Router, api: ApiContext): void {
  router.add('POST', '/work_pools/', (request) => createWorkPoolRoute(api, request));
  router.add('GET', '/work_pools/{name}', (request) => readWorkPool(api, request));
  router.add('POST', '/work_pools/filter', (request) => filterWorkPools(api, request));
}

/** Every pool, by name, one page (`limit`, `offset`); the filter criteria themselves are not read. */
function filterWorkPools(api: ApiContext, request: RequestContext): Reply {
  const limit = api.limit(request);
  const body = api.body(request, 'POST /work_pools/filter', { required: false }) as JsonObject;
  const offset = (body['offset'] as number | undefined) ?? 0;
  const pools = [...api.state.workPools.values()].sort((a, b) => a.name.localeCompare(b.name));
  return json(
    200,
    pools.slice(offset, offset + limit).map((pool) => presentWorkPool(api, pool)),
  );
}

export interface NewWorkPool {
  name: string;
  type: string;
  baseJobTemplate: JsonObject;
  description?: string | null;
  isPaused?: boolean;
  concurrencyLimit?: number | null;
  storageConfiguration?: JsonObject;
}

export function createWorkPool(api: ApiContext, pool: NewWorkPool): WorkPoolRecord {
  const now = api.clock.now();
  const id = newId();
  const queue: WorkQueueRecord = {
    id: newId(),
    created: now,
    updated: now,
    name: 'default',
    work_pool_id: id,
  };
  const record: WorkPoolRecord = {
    id,
    created: now,
    updated: now,
    name: pool.name,
    description: pool.description ?? null,
    type: pool.type,
    base_job_template: pool.baseJobTemplate,
    is_paused: pool.isPaused ?? false,
    concurrency_limit: pool.concurrencyLimit ?? null,
    status: pool.isPaused ? 'PAUSED' : 'NOT_READY',
    default_queue_id: queue.id,
    storage_configuration: {
      bundle_upload_step: null,
      bundle_execution_step: null,
      default_result_storage_block_id: null,
      ...pool.storageConfiguration,
    },
  };
  api.state.workQueues.set(queue.id, queue);
  api.state.workPools.set(record.name, record);
  return record;
}

function createWorkPoolRoute(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /work_pools/', { required: true }) as JsonObject;
  const name = String(body['name']);
  if (name.toLowerCase().startsWith('prefect')) {
    throw detail(403, "Work pools starting with 'Prefect' are reserved for internal use.");
  }
  if (api.state.workPools.has(name)) throw detail(409, 'A work pool with this name already exists.');
  const record = createWorkPool(api, {
    name,
    type: (body['type'] as string | undefined) ?? 'prefect-agent',
    baseJobTemplate: (body['base_job_template'] as JsonObject | undefined) ?? {},
    description: body['description'] as string | null | undefined,
    isPaused: body['is_paused'] as boolean | undefined,
    concurrencyLimit: body['concurrency_limit'] as number | null | undefined,
    storageConfiguration: body['storage_configuration'] as JsonObject | undefined,
  });
  return json(201, presentWorkPool(api, record));
}

function readWorkPool(api: ApiContext, request: RequestContext): Reply {
  const name = request.params['name'] ?? '';
  const pool = api.state.workPools.get(name);
  if (!pool) throw detail(404, `Work pool "${name}" not found.`);
  return json(200, presentWorkPool(api, pool));
}

/** The queue `name` of `pool`, created when missing (Prefect's create_queue_if_not_found). */
export function queueInPool(api: ApiContext, pool: WorkPoolRecord, name: string): WorkQueueRecord {
  const existing = [...api.state.workQueues.values()].find(
    (queue) => queue.work_pool_id === pool.id && queue.name === name,
  );
  if (existing) return existing;
  const now = api.clock.now();
  const queue: WorkQueueRecord = { id: newId(), created: now, updated: now, name, work_pool_id: pool.id };
  api.state.workQueues.set(queue.id, queue);
  return queue;
}

/** A pool by name, or Prefect's 404 for it. */
export function requirePool(api: ApiContext, name: string): WorkPoolRecord {
  const pool = api.state.workPools.get(name);
  if (!pool) throw detail(404, `Work pool "${name}" not found.`);
  return pool;
}

/** A queue named without a pool lives in Prefect's default agent pool, created on first use. */
export function queueWithoutPool(api: ApiContext, name: string): WorkQueueRecord {
  const pool =
    api.state.workPools.get(DEFAULT_AGENT_POOL) ??
    createWorkPool(api, { name: DEFAULT_AGENT_POOL, type: 'prefect-agent', baseJobTemplate: {} });
  return queueInPool(api, pool, name);
}
