import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import {
  createFlow,
  deploymentBody,
  postDeployment,
  readDeployment,
  startWithClient,
  type PrefectHttp,
} from './prefect-http.js';

const cron = (expression: string) => ({ cron: expression, timezone: 'UTC' });

describe('PATCH /deployments/{id}', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;
  let flowId: string;

  beforeEach(async () => {
    ({ fake, http } = await startWithClient());
    fake.addWorkPool('local-pool', 'process');
    fake.addWorkPool('docker-pool', 'docker');
    flowId = await createFlow(http);
  });
  afterEach(() => fake.close());

  async function deploymentWith(
    schedules: unknown[],
  ): Promise<{ id: string; schedules: { id: string; slug: string | null }[] }> {
    return (await postDeployment(http, deploymentBody(flowId, { schedules }))).body;
  }

  it('answers 204 with no body and writes only the keys sent', async () => {
    const { id } = await deploymentWith([]);
    const answer = await http.patch(`/deployments/${id}`, {
      version: 'main-def5678',
      tags: ['COMMIT_HASH=def5678'],
    });
    const after = await readDeployment(http, id);

    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(after).toMatchObject({
      version: 'main-def5678',
      tags: ['COMMIT_HASH=def5678'],
      description: 'Daily ETL',
      parameters: { day: '2026-01-01' },
      entrypoint: 'flows/etl.py:etl_daily',
    });
  });

  it.each(['name', 'flow_id', 'labels'])('refuses %s with a 422', async (field) => {
    const { id } = await deploymentWith([]);
    const answer = await http.patch(`/deployments/${id}`, { [field]: field === 'labels' ? {} : 'x' });

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', field] });
  });

  it('replaces every schedule when the schedules have no slugs', async () => {
    const created = await deploymentWith([{ schedule: cron('0 1 * * *') }, { schedule: cron('0 2 * * *') }]);
    const answer = await http.patch(`/deployments/${created.id}`, {
      schedules: [{ schedule: cron('0 3 * * *') }],
    });
    const after = await readDeployment(http, created.id);

    expect(answer.status).toBe(204);
    expect(after.schedules).toHaveLength(1);
    expect(after.schedules[0].schedule.cron).toBe('0 3 * * *');
    expect(created.schedules.map((schedule) => schedule.id)).not.toContain(after.schedules[0].id);
  });

  it('clears unslugged schedules with an empty list', async () => {
    const created = await deploymentWith([{ schedule: cron('0 1 * * *') }]);
    await http.patch(`/deployments/${created.id}`, { schedules: [] });

    expect((await readDeployment(http, created.id)).schedules).toEqual([]);
  });

  it('matches slugged schedules by slug: patched in place, unknown ones created, unlisted ones kept', async () => {
    const created = await deploymentWith([
      { schedule: cron('0 1 * * *'), slug: 'night' },
      { schedule: cron('0 12 * * *'), slug: 'noon' },
    ]);
    const idOf = (slug: string, schedules: { id: string; slug: string | null }[]) =>
      schedules.find((schedule) => schedule.slug === slug)?.id;

    await http.patch(`/deployments/${created.id}`, {
      schedules: [
        { schedule: cron('0 2 * * *'), slug: 'night', active: false },
        { schedule: cron('0 18 * * *'), slug: 'evening' },
      ],
    });
    const after = await readDeployment(http, created.id);
    const night = after.schedules.find((schedule: { slug: string }) => schedule.slug === 'night');

    expect(after.schedules.map((schedule: { slug: string }) => schedule.slug).sort()).toEqual([
      'evening',
      'night',
      'noon',
    ]);
    expect(night.id).toBe(idOf('night', created.schedules));
    expect(night).toMatchObject({ active: false, schedule: { cron: '0 2 * * *' } });
    expect(idOf('noon', after.schedules)).toBe(idOf('noon', created.schedules));
  });

  it('deletes nothing when every schedule is slugged and the list is empty', async () => {
    const created = await deploymentWith([{ schedule: cron('0 1 * * *'), slug: 'night' }]);
    await http.patch(`/deployments/${created.id}`, { schedules: [] });

    expect((await readDeployment(http, created.id)).schedules).toHaveLength(1);
  });

  it('refuses a schedule without slug when the existing ones have slugs', async () => {
    const created = await deploymentWith([{ schedule: cron('0 1 * * *'), slug: 'night' }]);
    const answer = await http.patch(`/deployments/${created.id}`, {
      schedules: [{ schedule: cron('0 5 * * *') }],
    });

    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      detail:
        'Please provide a slug for each schedule in your request to ensure schedules are updated correctly.',
    });
    expect((await readDeployment(http, created.id)).schedules[0].schedule.cron).toBe('0 1 * * *');
  });

  it('renames a slug in place with replaces', async () => {
    const created = await deploymentWith([{ schedule: cron('0 1 * * *'), slug: 'night' }]);
    await http.patch(`/deployments/${created.id}`, {
      schedules: [{ slug: 'late-night', replaces: 'night' }],
    });
    const after = await readDeployment(http, created.id);

    expect(after.schedules).toEqual([
      expect.objectContaining({ id: created.schedules[0]?.id, slug: 'late-night' }),
    ]);
  });

  it('answers 422 for an unknown key inside a schedule', async () => {
    const { id } = await deploymentWith([]);
    const answer = await http.patch(`/deployments/${id}`, {
      schedules: [{ schedule: cron('0 1 * * *'), every: 1 }],
    });

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toEqual([
      {
        type: 'extra_forbidden',
        loc: ['body', 'schedules', 0, 'every'],
        msg: 'Extra inputs are not permitted',
        input: 1,
      },
    ]);
  });

  it('does not clear job variables with {}', async () => {
    const { id } = await deploymentWith([]);
    await http.patch(`/deployments/${id}`, { job_variables: {} });

    expect((await readDeployment(http, id)).job_variables).toEqual({
      env: { DEPLOYMENT_NAME: 'acme--main--etl-daily--dev' },
    });
  });

  it('moves the deployment to another pool and its default queue', async () => {
    const { id } = await deploymentWith([]);
    await http.patch(`/deployments/${id}`, { work_pool_name: 'docker-pool' });
    const after = await readDeployment(http, id);

    expect(after.work_pool_name).toBe('docker-pool');
    expect(after.work_queue_id).toBe(fake.state.workPools.get('docker-pool')?.default_queue_id);
  });

  it('fails with a 500 for a missing pool, as the real server does, and writes nothing', async () => {
    const { id } = await deploymentWith([]);
    const answer = await http.patch(`/deployments/${id}`, { work_pool_name: 'no-such-pool', version: 'v2' });

    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ exception_message: 'Internal Server Error' });
    expect((await readDeployment(http, id)).version).toBe('main-abc1234');
  });

  it('answers 409 when parameters break the enforced parameter schema', async () => {
    const { id } = await deploymentWith([]);
    await http.patch(`/deployments/${id}`, {
      parameter_openapi_schema: { type: 'object', properties: { day: { type: 'string' } } },
    });
    const answer = await http.patch(`/deployments/${id}`, { parameters: { day: 5 } });

    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      detail:
        "Error updating deployment: Validation failed for field 'day'. Failure reason: 5 is not of type 'string'",
    });
  });

  it('answers 404 for an unknown deployment id', async () => {
    const answer = await http.patch('/deployments/8a6d0f5e-1b2c-4d3e-9f4a-5b6c7d8e9f00', { version: 'x' });

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ detail: 'Deployment not found.' });
  });
});
