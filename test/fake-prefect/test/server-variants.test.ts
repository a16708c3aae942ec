import { afterEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';

import type { FakePrefect } from '../index.js';
import { createFlow, deploymentBody, postDeployment, prefectHttp, startWithClient } from './prefect-http.js';

describe('a late Prefect 2.x server (version "2.20.0")', () => {
  let fake: FakePrefect;
  afterEach(() => fake.close());

  async function start() {
    const started = await startWithClient({ version: '2.20.0' });
    fake = started.fake;
    fake.addWorkPool('local-pool', 'process');
    return { http: started.http, flowId: await createFlow(started.http) };
  }

  it('reports its version and writes +00:00 timestamps', async () => {
    const { http, flowId } = await start();

    expect((await http.get('/admin/version')).body).toBe('2.20.0');
    expect((await http.get(`/flows/${flowId}`)).body).toEqual(
      expect.objectContaining({ created: expect.stringMatching(/\+00:00$/) }),
    );
  });

  it('refuses 3.x fields with pydantic v1 errors', async () => {
    const { http, flowId } = await start();
    const answer = await postDeployment(http, deploymentBody(flowId, { labels: { team: 'a' } }));

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toEqual([
      { loc: ['body', 'labels'], msg: 'extra fields not permitted', type: 'value_error.extra' },
    ]);
  });

  it('answers infra_overrides, no labels or concurrency fields, and does not enforce parameter schemas by default', async () => {
    const { http, flowId } = await start();
    const { body } = await postDeployment(
      http,
      deploymentBody(flowId, { job_variables: undefined, infra_overrides: { env: {} } }),
    );

    expect(body).toMatchObject({
      infra_overrides: { env: {} },
      enforce_parameter_schema: false,
      is_schedule_active: true,
    });
    expect(body).not.toHaveProperty('job_variables');
    expect(body).not.toHaveProperty('labels');
    expect(body).not.toHaveProperty('global_concurrency_limit');
  });

  it('resets every field left out of an upsert', async () => {
    const { http, flowId } = await start();
    await postDeployment(http, deploymentBody(flowId));
    const { status, body } = await postDeployment(http, {
      name: 'acme--main--etl-daily--dev',
      flow_id: flowId,
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      tags: [],
      description: null,
      entrypoint: null,
      work_pool_name: null,
      schedules: [],
    });
  });

  it('has no /deployments/paginate and no tags.any_ filter', async () => {
    const { http } = await start();

    expect(await http.post('/deployments/paginate', {})).toMatchObject({
      status: 404,
      body: { detail: 'Not Found' },
    });
    expect((await http.post('/deployments/filter', { deployments: { tags: { any_: ['x'] } } })).status).toBe(
      422,
    );
  });
});

describe('Prefect Cloud mode', () => {
  let fake: FakePrefect;
  afterEach(() => fake.close());

  it('serves under an account/workspace URL with a Bearer key and has no /admin/version', async () => {
    fake = (await startWithClient({ cloud: true, auth: { apiKey: 'pnu_test' } })).fake;
    const http = prefectHttp(fake, { authorization: 'Bearer pnu_test' });

    expect(fake.url).toMatch(/\/api\/accounts\/[0-9a-f-]{36}\/workspaces\/[0-9a-f-]{36}$/);
    expect(await prefectHttp(fake).get('/flows/name/x')).toMatchObject({
      status: 401,
      body: { detail: 'Unauthorized' },
    });
    expect(await http.get('/admin/version')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
  });

  it('keeps version_info and adds the Cloud-only deployment fields', async () => {
    fake = (await startWithClient({ cloud: true })).fake;
    fake.addWorkPool('local-pool', 'process');
    const http = prefectHttp(fake);
    const versionInfo = { type: 'vcs:github', version: 'abc1234', branch: 'main' };
    const { body } = await postDeployment(
      http,
      deploymentBody(await createFlow(http), { version_info: versionInfo }),
    );

    expect(body).toMatchObject({ version_info: versionInfo, branch: null, base: null, root: null });
    expect(body.version_id).toEqual(expect.any(String));
  });

  it('requires a Content-Length on writes (411)', async () => {
    fake = (await startWithClient({ cloud: true })).fake;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${fake.url}/flows/`, {
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', reject);
      request.end('{"name":"etl"}');
    });

    expect(status).toBe(411);
  });
});

describe('version_info on an OSS server', () => {
  let oss: FakePrefect;
  afterEach(() => oss.close());

  it('is accepted and discarded: the answer has no version_info (Cloud keeps it)', async () => {
    oss = (await startWithClient({})).fake;
    oss.addWorkPool('local-pool', 'process');
    const http = prefectHttp(oss);
    const { status, body } = await postDeployment(
      http,
      deploymentBody(await createFlow(http), { version_info: { type: 'vcs:github', version: 'abc12345' } }),
    );

    expect(status).toBe(201);
    expect(body).not.toHaveProperty('version_info');
  });
});
