// Prefect's automation routes (server/api/automations.py at 3.8.3): create 201, PUT and PATCH 204,
// DELETE 204, reads, /filter with sort and pages, related-to and owned-by; 404s as
// `{"exception_message": "Automation not found"}`. Triggers get fresh ids on every write.

import type { RequestContext, Router } from '../http/router.js';
import { detail, json, noContent, PythonFloat, PrefectHttpError, type Reply } from '../http/replies.js';
import { newId } from '../state/ids.js';
import type { AutomationRecord, JsonObject } from '../state/records.js';
import type { ApiContext } from './api-context.js';

export function addAutomationRoutes(router: Router, api: ApiContext): void {
  router.add('POST', '/automations/', (request) => createAutomation(api, request));
  router.add('POST', '/automations/filter', (request) => filterAutomations(api, request));
  router.add('POST', '/automations/count', () => json(200, api.state.automations.size));
  router.add('GET', '/automations/{id:uuid}', (request) => json(200, present(found(api, request))));
  router.add('PUT', '/automations/{id:uuid}', (request) => replaceAutomation(api, request));
  router.add('PATCH', '/automations/{id:uuid}', (request) => patchAutomation(api, request));
  router.add('DELETE', '/automations/{id:uuid}', (request) => {
    if (!api.state.automations.delete(found(api, request).id)) throw notFound();
    return noContent();
  });
  router.add('GET', '/automations/related-to/{resource_id}', (request) =>
    json(200, relatedTo(api, request.params['resource_id'] ?? '').map(present)),
  );
  router.add('DELETE', '/automations/owned-by/{resource_id}', (request) => {
    const owner = request.params['resource_id'] ?? '';
    for (const automation of [...api.state.automations.values()]) {
      if (automation.owner_resource === owner) api.state.automations.delete(automation.id);
    }
    return json(202, null);
  });
}

function notFound(): PrefectHttpError {
  return new PrefectHttpError({ status: 404, body: { exception_message: 'Automation not found' } });
}

function found(api: ApiContext, request: RequestContext): AutomationRecord {
  const automation = api.state.automations.get(request.params['id'] ?? '');
  if (!automation) throw notFound();
  return automation;
}

/** The server's models fill every default, and `reset_ids` gives each trigger a new id. */
function normaliseTrigger(trigger: JsonObject): JsonObject {
  const id = newId();
  const within = (value: unknown) =>
    value === null || value === undefined ? null : new PythonFloat(Number(value));
  switch (trigger['type']) {
    case 'compound':
      return {
        type: 'compound',
        id,
        triggers: (trigger['triggers'] as JsonObject[]).map(normaliseTrigger),
        within: within(trigger['within']),
        require: trigger['require'],
      };
    case 'sequence':
      return {
        type: 'sequence',
        id,
        triggers: (trigger['triggers'] as JsonObject[]).map(normaliseTrigger),
        within: within(trigger['within']),
      };
    default:
      return {
        type: 'event',
        id,
        match: trigger['match'] ?? {},
        match_related: trigger['match_related'] ?? {},
        after: [...new Set((trigger['after'] as string[] | undefined) ?? [])],
        expect: [...new Set((trigger['expect'] as string[] | undefined) ?? [])],
        for_each: [...new Set((trigger['for_each'] as string[] | undefined) ?? [])],
        posture: trigger['posture'],
        threshold: trigger['threshold'] ?? 1,
        within: within(trigger['within'] ?? 0),
      };
  }
}

function normaliseAction(action: JsonObject): JsonObject {
  if (action['type'] !== 'run-deployment') return action;
  return {
    type: 'run-deployment',
    source: action['source'] ?? 'selected',
    deployment_id: action['deployment_id'] ?? null,
    parameters: action['parameters'] ?? null,
    job_variables: action['job_variables'] ?? null,
    schedule_after: new PythonFloat(Number(action['schedule_after'] ?? 0)),
  };
}

/** RunDeployment with job variables: its deployment must exist (server/api/validation.py). */
function checkRunDeployments(api: ApiContext, actions: JsonObject[], emptyCounts: boolean): void {
  for (const action of actions) {
    const variables = action['job_variables'];
    if (
      action['type'] !== 'run-deployment' ||
      !action['deployment_id'] ||
      variables === null ||
      variables === undefined
    )
      continue;
    if (!emptyCounts && Object.keys(variables as JsonObject).length === 0) continue;
    if (!api.state.deployments.has(String(action['deployment_id']).toLowerCase()))
      throw detail(404, 'Deployment not found.');
  }
}

function fill(
  api: ApiContext,
  body: JsonObject,
  base: Pick<AutomationRecord, 'id' | 'created' | 'owner_resource'>,
) {
  const record: AutomationRecord = {
    ...base,
    updated: api.clock.now(),
    name: String(body['name']),
    description: (body['description'] as string | undefined) ?? '',
    enabled: (body['enabled'] as boolean | undefined) ?? true,
    tags: (body['tags'] as string[] | undefined) ?? [],
    trigger: normaliseTrigger(body['trigger'] as JsonObject),
    actions: (body['actions'] as JsonObject[]).map(normaliseAction),
    actions_on_trigger: ((body['actions_on_trigger'] as JsonObject[] | undefined) ?? []).map(normaliseAction),
    actions_on_resolve: ((body['actions_on_resolve'] as JsonObject[] | undefined) ?? []).map(normaliseAction),
  };
  api.state.automations.set(record.id, record);
  return record;
}

function createAutomation(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /automations/', { required: true }) as JsonObject;
  checkRunDeployments(api, body['actions'] as JsonObject[], false);
  const now = api.clock.now();
  const owner = (body['owner_resource'] as string | null | undefined) ?? null;
  return json(201, present(fill(api, body, { id: newId(), created: now, owner_resource: owner })));
}

function replaceAutomation(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'PUT /automations/{id}', { required: true }) as JsonObject;
  checkRunDeployments(api, body['actions'] as JsonObject[], true);
  const current = found(api, request);
  fill(api, body, current);
  return noContent();
}

function patchAutomation(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'PATCH /automations/{id}', { required: true }) as JsonObject;
  const current = found(api, request);
  if ('enabled' in body) current.enabled = body['enabled'] as boolean;
  current.updated = api.clock.now();
  return noContent();
}

const SORTS: Record<string, (a: AutomationRecord, b: AutomationRecord) => number> = {
  NAME_ASC: (a, b) => a.name.localeCompare(b.name),
  NAME_DESC: (a, b) => b.name.localeCompare(a.name),
  CREATED_DESC: (a, b) => b.created.localeCompare(a.created),
  UPDATED_DESC: (a, b) => b.updated.localeCompare(a.updated),
};

function filterAutomations(api: ApiContext, request: RequestContext): Reply {
  const limit = api.limit(request);
  const body = api.body(request, 'POST /automations/filter', { required: false }) as JsonObject;
  const offset = (body['offset'] as number | undefined) ?? 0;
  const filter = (body['automations'] as JsonObject | null | undefined) ?? {};
  const names = (filter['name'] as JsonObject | null | undefined)?.['any_'] as string[] | null | undefined;
  const tags = filter['tags'] as JsonObject | null | undefined;
  const matching = [...api.state.automations.values()].filter((automation) => {
    if (names && !names.includes(automation.name)) return false;
    const all = tags?.['all_'] as string[] | null | undefined;
    const any = tags?.['any_'] as string[] | null | undefined;
    if (all && !all.every((tag) => automation.tags.includes(tag))) return false;
    if (any && !any.some((tag) => automation.tags.includes(tag))) return false;
    return true;
  });
  const sort = SORTS[String(body['sort'] ?? 'NAME_ASC')] ?? SORTS['NAME_ASC']!;
  return json(
    200,
    matching
      .sort(sort)
      .slice(offset, offset + limit)
      .map(present),
  );
}

/** Owned by the resource, or (for a deployment) running it through a selected RunDeployment action. */
function relatedTo(api: ApiContext, resource: string): AutomationRecord[] {
  return [...api.state.automations.values()].filter(
    (automation) =>
      automation.owner_resource === resource ||
      automation.actions.some(
        (action) =>
          action['type'] === 'run-deployment' &&
          action['source'] === 'selected' &&
          `prefect.deployment.${String(action['deployment_id'])}` === resource,
      ),
  );
}

function present(automation: AutomationRecord): JsonObject {
  const { owner_resource: _owner, id, created, updated, ...fields } = automation;
  return { ...fields, id, created, updated };
}
