import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import {
  createFlow,
  deploymentBody,
  postDeployment,
  readDeployment,
  scheduleIds,
  startWithClient,
  type PrefectHttp,
} from './prefect-http.js';

const ISO_WITH_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;

describe('POST /deployments/ (upsert on flow_id + name)', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;
  let flowId: string;

  beforeEach(async () => {
    ({ fake, http } = await startWithClient());
    fake.addWorkPool('local-pool', 'process');
    flowId = await createFlow(http);
  });
  afterEach(() => fake.close());

  it('answers 201 for a new deployment and 200 with the same id when it exists', async () => {
    const first = await postDeployment(http, deploymentBody(flowId));
    const second = await postDeployment(http, deploymentBody(flowId));

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(fake.state.deployments.size).toBe(1);
  });

  it('answers with the shape a 3.8.3 server was seen to answer', async () => {
    const { body } = await postDeployment(http, deploymentBody(flowId, { work_queue_name: undefined }));

    expect(body).toMatchObject({
      name: 'acme--main--etl-daily--dev',
      flow_id: flowId,
      status: 'NOT_READY',
      work_queue_name: 'default',
      work_pool_name: 'local-pool',
      last_polled: null,
      path: null,
      enforce_parameter_schema: true,
      concurrency_limit: null,
      global_concurrency_limit: null,
      concurrency_options: null,
      paused: false,
    });
    expect(body.labels).toEqual({ 'prefect.flow.id': flowId });
    expect(body.parameter_openapi_schema).toEqual({});
    expect(body.work_queue_id).toBe(fake.state.workPools.get('local-pool')?.default_queue_id);
    expect(body.created).toMatch(ISO_WITH_MICROS);
    expect(body.updated).toMatch(ISO_WITH_MICROS);
    expect(body.schedules).toEqual([
      {
        id: expect.any(String),
        created: expect.stringMatching(ISO_WITH_MICROS),
        updated: expect.stringMatching(ISO_WITH_MICROS),
        deployment_id: body.id,
        schedule: { cron: '0 6 * * *', timezone: 'Europe/Paris', day_or: true },
        active: true,
        max_scheduled_runs: null,
        parameters: {},
        slug: null,
      },
    ]);
  });

  it('replaces the schedules by exactly the ones sent, with new ids, and deletes them all when left out', async () => {
    const first = await postDeployment(http, deploymentBody(flowId));
    const again = await postDeployment(
      http,
      deploymentBody(flowId, {
        schedules: [
          { schedule: { cron: '0 7 * * *' }, slug: 'morning' },
          { schedule: { interval: 3600 }, slug: 'hourly' },
        ],
      }),
    );
    const withoutSchedules = await postDeployment(http, deploymentBody(flowId, { schedules: undefined }));

    expect(again.body.schedules).toHaveLength(2);
    expect(scheduleIds(again.body)).not.toContain(first.body.schedules[0].id);
    expect(again.body.schedules.map((item: { slug: string }) => item.slug).sort()).toEqual([
      'hourly',
      'morning',
    ]);
    expect(withoutSchedules.body.schedules).toEqual([]);
  });

  it('gives new schedule ids on every POST even when the slugs match', async () => {
    const body = deploymentBody(flowId, {
      schedules: [{ schedule: { cron: '0 7 * * *' }, slug: 'morning' }],
    });
    const first = await postDeployment(http, body);
    const second = await postDeployment(http, body);

    expect(second.body.schedules[0].id).not.toBe(first.body.schedules[0].id);
    expect(second.body.schedules[0].slug).toBe('morning');
  });

  it('keeps fields left out, except parameters, which become {}', async () => {
    await postDeployment(http, deploymentBody(flowId));
    const { body } = await postDeployment(http, { name: 'acme--main--etl-daily--dev', flow_id: flowId });

    expect(body).toMatchObject({
      tags: ['PACKAGE_VERSION=1.0.0', 'COMMIT_HASH=abc1234'],
      description: 'Daily ETL',
      version: 'main-abc1234',
      entrypoint: 'flows/etl.py:etl_daily',
      pull_steps: [{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/prefect/etl' } }],
      job_variables: { env: { DEPLOYMENT_NAME: 'acme--main--etl-daily--dev' } },
      work_pool_name: 'local-pool',
    });
    expect(body.parameters).toEqual({});
  });

  it('does not clear job variables when job_variables is {}', async () => {
    await postDeployment(http, deploymentBody(flowId));
    const { body } = await postDeployment(http, deploymentBody(flowId, { job_variables: {} }));

    expect(body.job_variables).toEqual({ env: { DEPLOYMENT_NAME: 'acme--main--etl-daily--dev' } });
  });

  it('answers 404 for a missing work pool before writing anything', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody(flowId, { work_pool_name: 'no-such-pool', work_queue_name: 'special' }),
    );

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ detail: 'Work pool "no-such-pool" not found.' });
    expect(fake.state.deployments.size).toBe(0);
    expect(fake.state.workQueues.size).toBe(1);
  });

  it('answers 409 for an unknown flow_id, and writes nothing', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody('8a6d0f5e-1b2c-4d3e-9f4a-5b6c7d8e9f00', { work_queue_name: 'special' }),
    );

    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/^Data integrity conflict\. /);
    expect(fake.state.deployments.size).toBe(0);
    expect(fake.state.workQueues.size).toBe(1);
  });

  it('answers 422 with Prefect exact body for an unknown top-level key', async () => {
    const sent = deploymentBody(flowId, { infra_overrides: { image: 'x' } });
    const answer = await postDeployment(http, sent);

    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      exception_message: 'Invalid request received.',
      exception_detail: [
        {
          type: 'extra_forbidden',
          loc: ['body', 'infra_overrides'],
          msg: 'Extra inputs are not permitted',
          input: { image: 'x' },
        },
      ],
      request_body: sent,
    });
  });

  it('answers 422 for an unknown key inside a schedule, naming each schedule type it tried', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody(flowId, { schedules: [{ schedule: { cron: '0 6 * * *', every: 'day' } }] }),
    );

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toContainEqual({
      type: 'extra_forbidden',
      loc: ['body', 'schedules', 0, 'schedule', 'CronSchedule', 'every'],
      msg: 'Extra inputs are not permitted',
      input: 'day',
    });
  });

  it('answers 422 for an unknown key in a schedule item itself', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody(flowId, { schedules: [{ schedule: { cron: '0 6 * * *' }, catchup: true }] }),
    );

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toEqual([
      {
        type: 'extra_forbidden',
        loc: ['body', 'schedules', 0, 'catchup'],
        msg: 'Extra inputs are not permitted',
        input: true,
      },
    ]);
  });

  it('explains a bad cron string the way Prefect does', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody(flowId, { schedules: [{ schedule: { cron: 'not a cron' } }] }),
    );

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toContainEqual(
      expect.objectContaining({
        type: 'value_error',
        loc: ['body', 'schedules', 0, 'schedule', 'CronSchedule', 'cron'],
        msg: 'Value error, Invalid cron string: "not a cron"',
      }),
    );
  });

  it('answers 422 when a required field is missing', async () => {
    const answer = await postDeployment(http, { flow_id: flowId });

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toEqual([
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { flow_id: flowId } },
    ]);
  });

  it('refuses job variables that break the pool variables schema', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody(flowId, { job_variables: { env: { RETRIES: 3 } } }),
    );

    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      detail:
        "Error creating deployment: Validation failed for field 'env.RETRIES'. Failure reason: 3 is not of type 'string'",
    });
  });

  it('stores concurrency_limit as a global limit named after the deployment, and null removes it', async () => {
    const limited = await postDeployment(http, deploymentBody(flowId, { concurrency_limit: 3 }));
    const kept = await postDeployment(http, deploymentBody(flowId));
    const removed = await postDeployment(http, deploymentBody(flowId, { concurrency_limit: null }));

    expect(limited.body.concurrency_limit).toBeNull();
    expect(limited.body.global_concurrency_limit).toMatchObject({
      name: `deployment:${limited.body.id}`,
      limit: 3,
      active: true,
      active_slots: 0,
    });
    expect(kept.body.global_concurrency_limit.limit).toBe(3);
    expect(removed.body.global_concurrency_limit).toBeNull();
    expect(fake.state.concurrencyLimits.size).toBe(0);
  });

  it('sends intervals back as floats with an anchor date and UTC', async () => {
    const { body } = await http.send(
      'POST',
      '/deployments/',
      deploymentBody(flowId, { schedules: [{ schedule: { interval: 3600 } }] }),
    );
    const raw = await fetch(`${fake.url}/deployments/${body.id}`).then((response) => response.text());

    expect(raw).toContain('"interval":3600.0');
    expect(body.schedules[0].schedule).toEqual({
      interval: 3600,
      anchor_date: expect.stringMatching(ISO_WITH_MICROS),
      timezone: 'UTC',
    });
  });

  it('writes a DTSTART into an RRule sent without one', async () => {
    const { body } = await postDeployment(
      http,
      deploymentBody(flowId, { schedules: [{ schedule: { rrule: 'FREQ=WEEKLY;BYDAY=MO' } }] }),
    );

    expect(body.schedules[0].schedule).toEqual({
      rrule: 'DTSTART:20200101T000000\nFREQ=WEEKLY;BYDAY=MO',
      timezone: 'UTC',
    });
  });

  it('keeps the stored deployment readable by id after an upsert', async () => {
    const { body } = await postDeployment(http, deploymentBody(flowId, { parameters: { day: 'x' } }));

    expect((await readDeployment(http, body.id)).parameters).toEqual({ day: 'x' });
  });
});
