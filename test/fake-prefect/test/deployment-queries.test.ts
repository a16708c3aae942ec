import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import {
  createFlow,
  deploymentBody,
  postDeployment,
  startWithClient,
  type PrefectHttp,
} from './prefect-http.js';

const names = (deployments: { name: string }[]) => deployments.map((deployment) => deployment.name);

describe('reading and finding deployments', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ fake, http } = await startWithClient());
    fake.addWorkPool('local-pool', 'process');
    fake.addWorkPool('k8s-prod', 'kubernetes');
    const etl = await createFlow(http, 'etl daily');
    const report = await createFlow(http, 'report');
    const seed: [string, string, Record<string, unknown>][] = [
      ['etl--dev', etl, { tags: ['team-a', 'COMMIT_HASH=1'] }],
      ['etl--prod', etl, { tags: ['team-a', 'COMMIT_HASH=1'], work_pool_name: 'k8s-prod', paused: true }],
      ['report--dev', report, { tags: ['team-b'] }],
      ['report--prod', report, { tags: [], work_pool_name: 'k8s-prod' }],
    ];
    for (const [name, flowId, overrides] of seed) {
      ids[name] = (await postDeployment(http, deploymentBody(flowId, { name, ...overrides }))).body.id;
    }
  });
  afterAll(() => fake.close());

  const filter = async (body: Record<string, unknown>) => {
    const answer = await http.post('/deployments/filter', body);
    expect(answer.status).toBe(200);
    return names(answer.body);
  };

  it('reads a deployment by id, and answers "Not Found" (no route) for an id that is not a UUID', async () => {
    const found = await http.get(`/deployments/${ids['etl--dev']}`);
    const malformed = await http.get('/deployments/not-a-uuid');
    const unknown = await http.get('/deployments/8a6d0f5e-1b2c-4d3e-9f4a-5b6c7d8e9f00');

    expect(found.body.name).toBe('etl--dev');
    expect(malformed).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect(unknown).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
  });

  it('reads a deployment by URL-encoded flow and deployment names', async () => {
    const found = await http.get(`/deployments/name/${encodeURIComponent('etl daily')}/etl--prod`);
    const missing = await http.get('/deployments/name/etl%20daily/nothing');

    expect(found.body.id).toBe(ids['etl--prod']);
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
  });

  it('lists every deployment sorted by name by default', async () => {
    expect(await filter({})).toEqual(['etl--dev', 'etl--prod', 'report--dev', 'report--prod']);
    expect(await filter({ sort: 'NAME_DESC' })).toEqual([
      'report--prod',
      'report--dev',
      'etl--prod',
      'etl--dev',
    ]);
    expect(await filter({ sort: 'CREATED_DESC' })).toEqual([
      'report--prod',
      'report--dev',
      'etl--prod',
      'etl--dev',
    ]);
  });

  it.each([
    [
      'name any_',
      { deployments: { name: { any_: ['etl--prod', 'report--dev'] } } },
      ['etl--prod', 'report--dev'],
    ],
    [
      'name like_ (case-insensitive)',
      { deployments: { name: { like_: 'PROD' } } },
      ['etl--prod', 'report--prod'],
    ],
    [
      'tags all_',
      { deployments: { tags: { all_: ['team-a', 'COMMIT_HASH=1'] } } },
      ['etl--dev', 'etl--prod'],
    ],
    ['tags any_', { deployments: { tags: { any_: ['team-b', 'nothing'] } } }, ['report--dev']],
    ['paused eq_', { deployments: { paused: { eq_: true } } }, ['etl--prod']],
    [
      'flow_or_deployment_name like_',
      { deployments: { flow_or_deployment_name: { like_: 'daily' } } },
      ['etl--dev', 'etl--prod'],
    ],
    ['flows name any_', { flows: { name: { any_: ['report'] } } }, ['report--dev', 'report--prod']],
    ['work_pools name any_', { work_pools: { name: { any_: ['k8s-prod'] } } }, ['etl--prod', 'report--prod']],
    ['an empty any_', { deployments: { name: { any_: [] } } }, []],
    [
      'operator or_',
      { deployments: { operator: 'or_', paused: { eq_: true }, name: { any_: ['report--dev'] } } },
      ['etl--prod', 'report--dev'],
    ],
  ])('filters by %s', async (_label, body, expected) => {
    expect(await filter(body)).toEqual(expected);
  });

  it('filters by id any_', async () => {
    expect(await filter({ deployments: { id: { any_: [ids['report--prod']] } } })).toEqual(['report--prod']);
  });

  it('pages with limit and offset', async () => {
    expect(await filter({ limit: 3, offset: 0 })).toEqual(['etl--dev', 'etl--prod', 'report--dev']);
    expect(await filter({ limit: 3, offset: 3 })).toEqual(['report--prod']);
  });

  it('refuses a limit above 200 with Prefect detail', async () => {
    const answer = await http.post('/deployments/filter', { limit: 201 });

    expect(answer).toMatchObject({
      status: 422,
      body: { detail: 'Invalid limit: must be less than or equal to 200.' },
    });
  });

  it('refuses unknown filter keys, such as work_pool_name inside deployments', async () => {
    const answer = await http.post('/deployments/filter', {
      deployments: { work_pool_name: { any_: ['k8s-prod'] } },
    });

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toEqual([
      {
        type: 'extra_forbidden',
        loc: ['body', 'deployments', 'work_pool_name'],
        msg: 'Extra inputs are not permitted',
        input: { any_: ['k8s-prod'] },
      },
    ]);
  });

  it('counts with a bare number', async () => {
    const answer = await http.post('/deployments/count', { deployments: { name: { like_: 'dev' } } });

    expect(answer).toMatchObject({ status: 200, body: 2 });
  });

  it('paginates with page, count and pages', async () => {
    const answer = await http.post('/deployments/paginate', { limit: 3, page: 2 });

    expect(answer.status).toBe(200);
    expect(names(answer.body.results)).toEqual(['report--prod']);
    expect(answer.body).toMatchObject({ count: 4, limit: 3, pages: 2, page: 2 });
  });

  it('lists a deployment schedules', async () => {
    const answer = await http.get(`/deployments/${ids['etl--dev']}/schedules`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([expect.objectContaining({ deployment_id: ids['etl--dev'], slug: null })]);
  });

  it('creates a flow run from a deployment', async () => {
    const answer = await http.post(`/deployments/${ids['etl--dev']}/create_flow_run`, {
      parameters: { extra: 1 },
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      deployment_id: ids['etl--dev'],
      parameters: { day: '2026-01-01', extra: 1 },
      state_type: 'SCHEDULED',
      state: { type: 'SCHEDULED', name: 'Scheduled' },
      work_pool_name: 'local-pool',
      work_queue_name: 'default',
    });
    expect(fake.state.flowRuns.has(answer.body.id)).toBe(true);
  });

  it('deletes a deployment (204), then answers 404', async () => {
    const id = (
      await postDeployment(http, deploymentBody(await createFlow(http, 'scratch'), { name: 'gone' }))
    ).body.id;

    expect((await http.delete(`/deployments/${id}`)).status).toBe(204);
    expect(await http.delete(`/deployments/${id}`)).toMatchObject({
      status: 404,
      body: { detail: 'Deployment not found' },
    });
  });
});
