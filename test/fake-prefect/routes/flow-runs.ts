// Prefect's flow-run reads: GET /flow_runs/{id}, POST /flow_runs/filter and /count, with the
// flow_runs criteria run evidence and smoke runs send; other criteria are refused loudly.
import type { RequestContext, Router } from '../http/router.js';
import { detail, json, PrefectHttpError, type Reply } from '../http/replies.js';
import type { FlowRunRecord, JsonObject } from '../state/records.js';
import type { ApiContext } from './api-context.js';
import { presentFlowRun } from './responses.js';

export function addFlowRunRoutes(router: Router, api: ApiContext): void {
  router.add('GET', '/flow_runs/{id:uuid}', (request) => {
    const run = api.state.flowRuns.get(request.params['id'] ?? '');
    if (!run) throw detail(404, 'Flow run not found');
    api.worker.read(run);
    return json(200, presentFlowRun(api, run));
  });
  router.add('POST', '/flow_runs/filter', (request) => filterFlowRuns(api, request));
  router.add('POST', '/flow_runs/count', (request) => {
    const body = api.body(request, 'POST /flow_runs/count', { required: false }) as JsonObject;
    return json(200, matchingRuns(api, body).length);
  });
}

function filterFlowRuns(api: ApiContext, request: RequestContext): Reply {
  const limit = api.limit(request);
  const body = api.body(request, 'POST /flow_runs/filter', { required: false }) as JsonObject;
  const offset = typeof body['offset'] === 'number' ? body['offset'] : 0;
  const page = sortRuns(matchingRuns(api, body), body['sort']).slice(offset, offset + limit);
  for (const run of page) api.worker.read(run);
  return json(
    200,
    page.map((run) => presentFlowRun(api, run)),
  );
}

const UNSUPPORTED_TOP_LEVEL = ['flows', 'task_runs', 'deployments', 'work_pools', 'work_pool_queues'];
const SUPPORTED_RUN_CRITERIA = [
  'operator',
  'id',
  'name',
  'tags',
  'deployment_id',
  'state',
  'expected_start_time',
  'start_time',
];

function refuse(what: string): never {
  throw new PrefectHttpError({
    status: 500,
    body: { exception_message: `fake-prefect does not reproduce flow-run filters on ${what}` },
  });
}

function matchingRuns(api: ApiContext, body: JsonObject): FlowRunRecord[] {
  for (const key of UNSUPPORTED_TOP_LEVEL) if (body[key]) refuse(key);
  const filter = (body['flow_runs'] as JsonObject | null | undefined) ?? null;
  if (filter) {
    for (const [key, value] of Object.entries(filter)) {
      if (value !== null && value !== undefined && !SUPPORTED_RUN_CRITERIA.includes(key))
        refuse(`flow_runs.${key}`);
    }
  }
  const runs = [...api.state.flowRuns.values()];
  return filter ? runs.filter((run) => runMatches(run, filter)) : runs;
}

type Criterion = JsonObject | null | undefined;

function runMatches(run: FlowRunRecord, filter: JsonObject): boolean {
  const results: boolean[] = [];
  const id = filter['id'] as Criterion;
  if (id) results.push(listCriteria(id, run.id));
  const name = filter['name'] as Criterion;
  if (name) {
    const like = name['like_'];
    results.push(
      listCriteria(name, run.name) &&
        (typeof like !== 'string' || run.name.toLowerCase().includes(like.toLowerCase())),
    );
  }
  const deployment = filter['deployment_id'] as Criterion;
  if (deployment) {
    const isNull = deployment['is_null_'];
    results.push(
      listCriteria(deployment, run.deployment_id) &&
        (typeof isNull !== 'boolean' || isNull === (run.deployment_id === null)),
    );
  }
  const state = filter['state'] as Criterion;
  if (state) {
    const parts: boolean[] = [];
    const type = state['type'] as Criterion;
    if (type) parts.push(listCriteria(type, run.state_type));
    const stateName = state['name'] as Criterion;
    if (stateName) parts.push(listCriteria(stateName, run.state_name));
    results.push(combine(state, parts));
  }
  const tags = filter['tags'] as Criterion;
  if (tags) results.push(tagCriteria(tags, run.tags));
  for (const key of ['expected_start_time', 'start_time'] as const) {
    const range = filter[key] as Criterion;
    if (range) results.push(timeCriteria(range, run[key]));
  }
  return combine(filter, results);
}

function combine(filter: JsonObject, results: boolean[]): boolean {
  if (results.length === 0) return true;
  return filter['operator'] === 'or_' ? results.some(Boolean) : results.every(Boolean);
}

/** `any_` (an empty list matches nothing) and `not_any_`. */
function listCriteria(filter: JsonObject, value: string | null): boolean {
  const anyOf = filter['any_'];
  if (Array.isArray(anyOf) && !anyOf.includes(value)) return false;
  const noneOf = filter['not_any_'];
  if (Array.isArray(noneOf) && noneOf.includes(value)) return false;
  return true;
}

function tagCriteria(filter: JsonObject, tags: string[]): boolean {
  const all = filter['all_'];
  if (Array.isArray(all) && !all.every((tag) => tags.includes(tag as string))) return false;
  const anyOf = filter['any_'];
  if (Array.isArray(anyOf) && !anyOf.some((tag) => tags.includes(tag as string))) return false;
  const isNull = filter['is_null_'];
  if (typeof isNull === 'boolean' && isNull !== (tags.length === 0)) return false;
  return true;
}

function timeCriteria(filter: JsonObject, value: string | null): boolean {
  const isNull = filter['is_null_'];
  if (typeof isNull === 'boolean' && isNull !== (value === null)) return false;
  for (const [key, passes] of [
    ['before_', (a: number, b: number) => a <= b],
    ['after_', (a: number, b: number) => a >= b],
  ] as const) {
    const bound = filter[key];
    if (typeof bound !== 'string') continue;
    if (value === null || !passes(Date.parse(value), Date.parse(bound))) return false;
  }
  return true;
}

/** FlowRunSort as Prefect orders it; nulls last; ties newest id first. */
function sortRuns(runs: FlowRunRecord[], sort: unknown): FlowRunRecord[] {
  const by =
    (pick: (run: FlowRunRecord) => string | null, direction: 1 | -1) =>
    (a: FlowRunRecord, b: FlowRunRecord) => {
      const left = pick(a);
      const right = pick(b);
      if (left === right) return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
      if (left === null) return 1;
      if (right === null) return -1;
      return left < right ? -direction : direction;
    };
  const sorters: Record<string, (a: FlowRunRecord, b: FlowRunRecord) => number> = {
    ID_DESC: by((run) => run.id, -1),
    START_TIME_ASC: by((run) => run.start_time, 1),
    START_TIME_DESC: by((run) => run.start_time, -1),
    EXPECTED_START_TIME_ASC: by((run) => run.expected_start_time, 1),
    EXPECTED_START_TIME_DESC: by((run) => run.expected_start_time, -1),
    NAME_ASC: by((run) => run.name, 1),
    NAME_DESC: by((run) => run.name, -1),
    NEXT_SCHEDULED_START_TIME_ASC: by(
      (run) => (run.state_type === 'SCHEDULED' ? run.expected_start_time : null),
      1,
    ),
    END_TIME_DESC: by((run) => run.end_time, -1),
  };
  return [...runs].sort(sorters[typeof sort === 'string' ? sort : 'ID_DESC'] ?? sorters['ID_DESC']!);
}
