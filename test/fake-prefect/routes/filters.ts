// The filter bodies of /flows/filter and /deployments/filter|count|paginate evaluated as Prefect's SQL does:
// each criterion is an and_ (or the model's `operator`), empty `any_` lists match nothing, `like_` is ILIKE %x%.

import { PrefectHttpError } from '../http/replies.js';
import type { DeploymentRecord, FlowRecord, JsonObject } from '../state/records.js';
import type { ApiContext } from './api-context.js';
import { deploymentQueue } from './responses.js';

type Filter = JsonObject | null | undefined;

/** The filters a deployment or flow listing takes, already validated against the route's schema. */
export interface FilterBody {
  flows?: Filter;
  flow_runs?: Filter;
  task_runs?: Filter;
  deployments?: Filter;
  work_pools?: Filter;
  work_pool_queues?: Filter;
}

function combine(filter: JsonObject, results: boolean[]): boolean {
  if (results.length === 0) return true;
  return filter['operator'] === 'or_' ? results.some(Boolean) : results.every(Boolean);
}

function sub(filter: JsonObject, key: string): JsonObject | undefined {
  const value = filter[key];
  return value && typeof value === 'object' ? (value as JsonObject) : undefined;
}

function list(filter: JsonObject, key: string): unknown[] | undefined {
  const value = filter[key];
  return Array.isArray(value) ? value : undefined;
}

function ilike(value: string, pattern: unknown): boolean {
  return typeof pattern === 'string' && value.toLowerCase().includes(pattern.toLowerCase());
}

/** Criteria of a `{any_, not_any_}` id filter. */
function idCriteria(filter: JsonObject, id: string): boolean[] {
  const results: boolean[] = [];
  const anyOf = list(filter, 'any_');
  if (anyOf) results.push(anyOf.includes(id));
  const noneOf = list(filter, 'not_any_');
  if (noneOf && noneOf.length > 0) results.push(!noneOf.includes(id));
  return results;
}

/** Criteria of a `{any_, like_}` name filter. */
function nameCriteria(filter: JsonObject, name: string): boolean[] {
  const results: boolean[] = [];
  const anyOf = list(filter, 'any_');
  if (anyOf) results.push(anyOf.includes(name));
  if (filter['like_']) results.push(ilike(name, filter['like_']));
  return results;
}

function tagCriteria(filter: JsonObject, tags: string[]): boolean {
  const results: boolean[] = [];
  const all = list(filter, 'all_');
  if (all && all.length > 0) results.push(all.every((tag) => tags.includes(String(tag))));
  const anyOf = list(filter, 'any_');
  if (anyOf) results.push(anyOf.some((tag) => tags.includes(String(tag))));
  if (typeof filter['is_null_'] === 'boolean') results.push(filter['is_null_'] === (tags.length === 0));
  return combine(filter, results);
}

export function flowMatches(api: ApiContext, flow: FlowRecord, filter: JsonObject): boolean {
  const results: boolean[] = [];
  const id = sub(filter, 'id');
  if (id) results.push(idCriteria(id, flow.id).every(Boolean));
  const deployment = sub(filter, 'deployment');
  if (deployment) {
    const hasDeployment = [...api.state.deployments.values()].some(
      (candidate) => candidate.flow_id === flow.id,
    );
    const wanted = deployment['is_null_'];
    results.push(typeof wanted === 'boolean' ? wanted === !hasDeployment : true);
  }
  const name = sub(filter, 'name');
  if (name) results.push(nameCriteria(name, flow.name).every(Boolean));
  const tags = sub(filter, 'tags');
  if (tags) results.push(tagCriteria(tags, flow.tags));
  return combine(filter, results);
}

function deploymentFilterMatches(api: ApiContext, deployment: DeploymentRecord, filter: JsonObject): boolean {
  const results: boolean[] = [];
  const id = sub(filter, 'id');
  if (id) results.push(idCriteria(id, deployment.id).every(Boolean));
  const name = sub(filter, 'name');
  if (name) results.push(nameCriteria(name, deployment.name).every(Boolean));
  const either = sub(filter, 'flow_or_deployment_name');
  if (either?.['like_']) {
    const flowName = api.state.flows.get(deployment.flow_id)?.name ?? '';
    results.push(ilike(deployment.name, either['like_']) || ilike(flowName, either['like_']));
  }
  const paused = sub(filter, 'paused');
  if (paused && typeof paused['eq_'] === 'boolean') results.push(deployment.paused === paused['eq_']);
  const scheduleActive = sub(filter, 'is_schedule_active');
  if (scheduleActive && typeof scheduleActive['eq_'] === 'boolean') {
    results.push((deployment.is_schedule_active ?? true) === scheduleActive['eq_']);
  }
  const tags = sub(filter, 'tags');
  if (tags) results.push(tagCriteria(tags, deployment.tags));
  const queueName = sub(filter, 'work_queue_name');
  const queueNames = queueName ? list(queueName, 'any_') : undefined;
  if (queueNames) {
    const { queue } = deploymentQueue(api, deployment);
    results.push(queueNames.includes(queue?.name ?? deployment.work_queue_name));
  }
  // `concurrency_limit` is deprecated: Prefect accepts it and filters nothing.
  return combine(filter, results);
}

function placementMatches(api: ApiContext, deployment: DeploymentRecord, body: FilterBody): boolean {
  if (!body.work_pools && !body.work_pool_queues) return true;
  const { queue, pool } = deploymentQueue(api, deployment);
  if (!queue) return false;
  if (body.work_pool_queues) {
    const filter = body.work_pool_queues;
    const results: boolean[] = [];
    const id = sub(filter, 'id');
    if (id) results.push(idCriteria(id, queue.id).every(Boolean));
    const name = sub(filter, 'name');
    if (name) {
      const criteria: boolean[] = [];
      const anyOf = list(name, 'any_');
      if (anyOf) criteria.push(anyOf.includes(queue.name));
      const prefixes = list(name, 'startswith_');
      if (prefixes)
        criteria.push(
          prefixes.some((prefix) => queue.name.toLowerCase().startsWith(String(prefix).toLowerCase())),
        );
      results.push(criteria.every(Boolean));
    }
    if (!combine(filter, results)) return false;
  }
  if (body.work_pools) {
    if (!pool) return false;
    const filter = body.work_pools;
    const results: boolean[] = [];
    const id = sub(filter, 'id');
    if (id) results.push(idCriteria(id, pool.id).every(Boolean));
    const name = sub(filter, 'name');
    const names = name ? list(name, 'any_') : undefined;
    if (names) results.push(names.includes(pool.name));
    const type = sub(filter, 'type');
    const types = type ? list(type, 'any_') : undefined;
    if (types) results.push(types.includes(pool.type));
    if (!combine(filter, results)) return false;
  }
  return true;
}

/** Flow-run and task-run criteria need runs the fake does not keep; refuse loudly rather than guess. */
function refuseRunFilters(body: FilterBody): void {
  if (body.flow_runs || body.task_runs) {
    throw new PrefectHttpError({
      status: 500,
      body: { exception_message: 'fake-prefect does not reproduce flow_runs or task_runs filters' },
    });
  }
}

export function deploymentMatches(api: ApiContext, deployment: DeploymentRecord, body: FilterBody): boolean {
  refuseRunFilters(body);
  if (body.deployments && !deploymentFilterMatches(api, deployment, body.deployments)) return false;
  if (body.flows) {
    const flow = api.state.flows.get(deployment.flow_id);
    if (!flow || !flowMatches(api, flow, body.flows)) return false;
  }
  return placementMatches(api, deployment, body);
}

/** A flow matches when it passes `flows` and, given deployment-side filters, one of its deployments does. */
export function flowListingMatches(api: ApiContext, flow: FlowRecord, body: FilterBody): boolean {
  refuseRunFilters(body);
  if (body.flows && !flowMatches(api, flow, body.flows)) return false;
  if (!body.deployments && !body.work_pools) return true;
  return [...api.state.deployments.values()].some(
    (deployment) =>
      deployment.flow_id === flow.id &&
      (!body.deployments || deploymentFilterMatches(api, deployment, body.deployments)) &&
      placementMatches(api, deployment, { work_pools: body.work_pools }),
  );
}

type Sortable = { name: string; created: string; updated: string };

/** CREATED_DESC, UPDATED_DESC, NAME_ASC (the default) or NAME_DESC; ties keep insertion order. */
export function sortRecords<T extends Sortable>(records: T[], sort: unknown): T[] {
  const by = (key: 'name' | 'created' | 'updated', direction: 1 | -1) => (a: T, b: T) =>
    a[key] === b[key] ? 0 : a[key] < b[key] ? -direction : direction;
  switch (sort) {
    case 'CREATED_DESC':
      return [...records].sort(by('created', -1));
    case 'UPDATED_DESC':
      return [...records].sort(by('updated', -1));
    case 'NAME_DESC':
      return [...records].sort(by('name', -1));
    default:
      return [...records].sort(by('name', 1));
  }
}
