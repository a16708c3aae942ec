// The fake's flow runs: create_flow_run, GET /flow_runs/{id}, /flow_runs/filter and /count as
// Prefect 3.8.3 answers them, bodies validated against its schemas, states moved by the worker.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import {
  createFlow,
  deploymentBody,
  postDeployment,
  startWithClient,
  type PrefectHttp,
} from './prefect-http.js';

describe('flow runs', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;
  let deploymentId: string;

  beforeEach(async () => {
    ({ fake, http } = await startWithClient());
    fake.addWorkPool('local-pool', 'process');
    const flowId = await createFlow(http);
    deploymentId = (await postDeployment(http, deploymentBody(flowId, { version: 'main-abc' }))).body.id;
  });
  afterEach(() => fake.close());

  const createRun = async () => (await http.post(`/deployments/${deploymentId}/create_flow_run`, {})).body;

  it('moves a scripted run one state per read, with start and end times', async () => {
    fake.worker.follow({ states: ['PENDING', 'RUNNING', 'COMPLETED'] });
    const run = await createRun();
    expect(run).toMatchObject({ state_type: 'SCHEDULED', state: { type: 'SCHEDULED', name: 'Scheduled' } });
    expect(run.deployment_version).toBe('main-abc');
    const seen = [];
    for (let read = 0; read < 4; read += 1) seen.push((await http.get(`/flow_runs/${run.id}`)).body);
    expect(seen.map((each) => each.state.type)).toEqual(['PENDING', 'RUNNING', 'COMPLETED', 'COMPLETED']);
    expect(seen[1].start_time).not.toBeNull();
    expect(seen[2].end_time).not.toBeNull();
    expect(seen[2].state_name).toBe('Completed');
    expect((await http.get('/flow_runs/00000000-0000-4000-8000-000000000000')).body).toEqual({
      detail: 'Flow run not found',
    });
  });

  it('filters by deployment id and state type, sorted and paged, and counts', async () => {
    const ids = [];
    for (let index = 0; index < 3; index += 1) ids.push((await createRun()).id);
    fake.worker.setState(ids[0]!, 'FAILED');
    fake.worker.setState(ids[2]!, 'COMPLETED');
    const filter = {
      flow_runs: {
        deployment_id: { any_: [deploymentId] },
        state: { type: { any_: ['COMPLETED', 'FAILED'] } },
      },
    };
    const answer = await http.post('/flow_runs/filter', {
      ...filter,
      sort: 'EXPECTED_START_TIME_DESC',
      limit: 1,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.map((run: { id: string }) => run.id)).toEqual([ids[2]]);
    const next = await http.post('/flow_runs/filter', {
      ...filter,
      sort: 'EXPECTED_START_TIME_DESC',
      limit: 1,
      offset: 1,
    });
    expect(next.body.map((run: { id: string }) => run.id)).toEqual([ids[0]]);
    expect((await http.post('/flow_runs/count', filter)).body).toBe(2);
    expect(
      (await http.post('/flow_runs/filter', { flow_runs: { deployment_id: { any_: [] } } })).body,
    ).toEqual([]);
  });

  it('refuses unknown keys and sorts as Prefect validates them (422)', async () => {
    const unknownKey = await http.post('/flow_runs/filter', { flow_runs: { deployment: {} } });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden' });
    const badSort = await http.post('/flow_runs/filter', { sort: 'UPDATED_DESC' });
    expect(badSort.status).toBe(422);
    expect(badSort.body.exception_detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'sort'] });
    expect((await http.post('/flow_runs/filter', { limit: 201 })).status).toBe(422);
  });
});
