// Prefect's flow routes: POST /flows/ is create-or-read (201 new, 200 existing, same id), reads by id and by
// name answer 404 "Flow not found", and /flows/filter|count take the shared filter body.

import type { RequestContext, Router } from '../http/router.js';
import { detail, json, noContent, type Reply } from '../http/replies.js';
import { newId } from '../state/ids.js';
import type { FlowRecord, JsonObject } from '../state/records.js';
import type { ApiContext } from './api-context.js';
import { deleteDeployment } from './deployment-writes.js';
import { flowListingMatches, sortRecords, type FilterBody } from './filters.js';
import { presentFlow } from './responses.js';

export function addFlowRoutes(router: Router, api: ApiContext): void {
  router.add('POST', '/flows/', (request) => createFlow(api, request));
  router.add('POST', '/flows/count', (request) => countFlows(api, request));
  router.add('GET', '/flows/name/{name}', (request) =>
    presentOr404(api, findFlowByName(api, request.params['name'])),
  );
  router.add('POST', '/flows/filter', (request) => filterFlows(api, request));
  router.add('GET', '/flows/{id:uuid}', (request) =>
    presentOr404(api, api.state.flows.get(request.params['id'] ?? '')),
  );
  router.add('DELETE', '/flows/{id:uuid}', (request) => deleteFlow(api, request));
}

export function findFlowByName(api: ApiContext, name: string | undefined): FlowRecord | undefined {
  return [...api.state.flows.values()].find((flow) => flow.name === name);
}

function presentOr404(api: ApiContext, flow: FlowRecord | undefined): Reply {
  if (!flow) throw detail(404, 'Flow not found');
  return json(200, presentFlow(api, flow));
}

function createFlow(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /flows/', { required: true }) as JsonObject;
  const name = String(body['name']);
  const existing = findFlowByName(api, name);
  if (existing) return json(200, presentFlow(api, existing));
  const now = api.clock.now();
  const flow: FlowRecord = {
    id: newId(),
    created: now,
    updated: now,
    name,
    tags: (body['tags'] as string[] | undefined) ?? [],
    labels: 'labels' in body ? (body['labels'] as JsonObject) : {},
  };
  api.state.flows.set(flow.id, flow);
  return json(201, presentFlow(api, flow));
}

function filterFlows(api: ApiContext, request: RequestContext): Reply {
  const limit = api.limit(request);
  const body = api.body(request, 'POST /flows/filter', { required: false }) as FilterBody & JsonObject;
  const offset = (body['offset'] as number | undefined) ?? 0;
  const matching = [...api.state.flows.values()].filter((flow) => flowListingMatches(api, flow, body));
  const page = sortRecords(matching, body['sort']).slice(offset, offset + limit);
  return json(
    200,
    page.map((flow) => presentFlow(api, flow)),
  );
}

function countFlows(api: ApiContext, request: RequestContext): Reply {
  const body = api.body(request, 'POST /flows/count', { required: false }) as FilterBody;
  return json(
    200,
    [...api.state.flows.values()].filter((flow) => flowListingMatches(api, flow, body)).length,
  );
}

function deleteFlow(api: ApiContext, request: RequestContext): Reply {
  const id = request.params['id'] ?? '';
  if (!api.state.flows.delete(id)) throw detail(404, 'Flow not found');
  for (const deployment of [...api.state.deployments.values()]) {
    if (deployment.flow_id === id) deleteDeployment(api, deployment.id);
  }
  return noContent();
}
