// GitHub deployments and their statuses: what deploy and promote record so the repository's
// Environments page shows what runs where.

import { notFound, paginated, timestamp, validationFailed } from '../http.js';
import { nextId, type DeploymentRecord, type RepositoryRecord } from '../state.js';
import type { Route, RouteRequest } from './route.js';

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

function deploymentBody(repository: RepositoryRecord, deployment: DeploymentRecord, apiUrl: string) {
  const { statuses: _statuses, ...fields } = deployment;
  return {
    ...fields,
    url: `${apiUrl}/repos/${repository.owner}/${repository.name}/deployments/${deployment.id}`,
    original_environment: deployment.environment,
    updated_at: deployment.created_at,
  };
}

function findDeployment(request: RouteRequest): DeploymentRecord {
  const id = Number(request.params['id']);
  const deployment = request.repository.deployments.find((each) => each.id === id);
  if (!deployment) throw notFound();
  return deployment;
}

export const deploymentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/deployments',
    permission: 'deployments',
    handler: ({ repository, url, apiUrl }) => {
      const environment = url.searchParams.get('environment');
      const newestFirst = repository.deployments
        .filter((each) => environment === null || each.environment === environment)
        .slice()
        .reverse();
      return paginated(
        newestFirst.map((each) => deploymentBody(repository, each, apiUrl)),
        url,
      );
    },
  },
  {
    method: 'POST',
    template: '/deployments',
    permission: 'deployments',
    handler: (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body['ref'] !== 'string' || body['ref'] === '')
        throw validationFailed('ref', 'missing_field');
      const { repository } = request;
      const ref = body['ref'];
      const sha = repository.branches.get(ref) ?? ref;
      if (![...repository.commits.keys()].some((each) => each.startsWith(sha))) {
        throw validationFailed('ref', 'invalid', `No ref found for: ${ref}`);
      }
      const environment = typeof body['environment'] === 'string' ? body['environment'] : 'production';
      const deployment: DeploymentRecord = {
        id: nextId(request.state),
        sha: [...repository.commits.keys()].find((each) => each.startsWith(sha))!,
        ref,
        task: typeof body['task'] === 'string' ? body['task'] : 'deploy',
        environment,
        description: typeof body['description'] === 'string' ? body['description'] : null,
        payload: body['payload'] ?? {},
        transient_environment: body['transient_environment'] === true,
        production_environment:
          typeof body['production_environment'] === 'boolean'
            ? body['production_environment']
            : environment === 'production',
        auto_merge: body['auto_merge'] !== false,
        required_contexts: Array.isArray(body['required_contexts'])
          ? (body['required_contexts'] as string[])
          : null,
        created_at: timestamp(),
        statuses: [],
      };
      repository.deployments.push(deployment);
      return { status: 201, body: deploymentBody(repository, deployment, request.apiUrl) };
    },
  },
  {
    method: 'GET',
    template: '/deployments/{id}/statuses',
    permission: 'deployments',
    handler: (request) => paginated(findDeployment(request).statuses.slice().reverse(), request.url),
  },
  {
    method: 'POST',
    template: '/deployments/{id}/statuses',
    permission: 'deployments',
    handler: (request) => {
      const deployment = findDeployment(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body['state'] !== 'string' || !STATES.includes(body['state'])) {
        throw validationFailed('state', 'invalid');
      }
      const status = {
        id: nextId(request.state),
        state: body['state'],
        description: typeof body['description'] === 'string' ? body['description'] : '',
        environment: typeof body['environment'] === 'string' ? body['environment'] : deployment.environment,
        environment_url: typeof body['environment_url'] === 'string' ? body['environment_url'] : '',
        log_url: typeof body['log_url'] === 'string' ? body['log_url'] : '',
        created_at: timestamp(),
      };
      deployment.statuses.push(status);
      return { status: 201, body: status };
    },
  },
];
