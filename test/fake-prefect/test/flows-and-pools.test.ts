import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import { startWithClient, type PrefectHttp } from './prefect-http.js';

describe('flows', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;

  beforeEach(async () => {
    ({ fake, http } = await startWithClient());
  });
  afterEach(() => fake.close());

  it('creates a flow (201) and reads the same one back on a second POST (200, same id)', async () => {
    const first = await http.post('/flows/', { name: 'hello_world' });
    const second = await http.post('/flows/', { name: 'hello_world', tags: ['ignored'] });

    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      created: expect.any(String),
      updated: expect.any(String),
      name: 'hello_world',
      tags: [],
      labels: {},
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it('reads a flow by id and by name, or answers "Flow not found"', async () => {
    const { id } = (await http.post('/flows/', { name: 'etl: daily | eu' })).body;

    expect((await http.get(`/flows/${id}`)).body.name).toBe('etl: daily | eu');
    expect((await http.get(`/flows/name/${encodeURIComponent('etl: daily | eu')}`)).body.id).toBe(id);
    expect(await http.get('/flows/name/other')).toMatchObject({
      status: 404,
      body: { detail: 'Flow not found' },
    });
  });

  it.each(['a/b', 'a%b', 'a&b', 'a<b', 'a>b'])(
    'refuses the banned characters in %s with a 422',
    async (name) => {
      const answer = await http.post('/flows/', { name });

      expect(answer.status).toBe(422);
      expect(answer.body.exception_detail).toEqual([
        {
          type: 'string_pattern_mismatch',
          loc: ['body', 'name'],
          msg: "String should match pattern '^[^/%&><]+$'",
          input: name,
          ctx: { pattern: '^[^/%&><]+$' },
        },
      ]);
    },
  );

  it('cannot find a name with an encoded slash: the path no longer matches a route', async () => {
    expect(await http.get('/flows/name/a%2Fb')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
  });

  it('filters flows by id and name, with limit and offset', async () => {
    const ids: string[] = [];
    for (const name of ['c', 'a', 'b']) ids.push((await http.post('/flows/', { name })).body.id);
    const byName = await http.post('/flows/filter', { flows: { name: { any_: ['a', 'c'] } } });
    const byId = await http.post('/flows/filter', { flows: { id: { any_: [ids[2]] } } });
    const paged = await http.post('/flows/filter', { limit: 2, offset: 1 });

    expect(byName.body.map((flow: { name: string }) => flow.name)).toEqual(['a', 'c']);
    expect(byId.body.map((flow: { name: string }) => flow.name)).toEqual(['b']);
    expect(paged.body.map((flow: { name: string }) => flow.name)).toEqual(['b', 'c']);
  });

  it('refuses a flow filter limit above 200', async () => {
    expect(await http.post('/flows/filter', { limit: 500 })).toMatchObject({
      status: 422,
      body: { detail: 'Invalid limit: must be less than or equal to 200.' },
    });
  });
});

describe('work pools', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;

  beforeEach(async () => {
    ({ fake, http } = await startWithClient());
  });
  afterEach(() => fake.close());

  it('creates a pool over the API with an empty base job template, and never upserts', async () => {
    const created = await http.post('/work_pools/', { name: 'local-pool', type: 'process' });
    const again = await http.post('/work_pools/', { name: 'local-pool', type: 'process' });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'local-pool',
      type: 'process',
      base_job_template: {},
      is_paused: false,
    });
    expect(again).toMatchObject({
      status: 409,
      body: { detail: 'A work pool with this name already exists.' },
    });
  });

  it('answers 404 with the pool name for a missing pool', async () => {
    expect(await http.get('/work_pools/no-such-pool')).toMatchObject({
      status: 404,
      body: { detail: 'Work pool "no-such-pool" not found.' },
    });
  });

  it('refuses pool names starting with "prefect"', async () => {
    expect((await http.post('/work_pools/', { name: 'Prefect-pool' })).status).toBe(403);
  });

  it('gives pools added by a test the default template of their type: process has no image', async () => {
    fake.addWorkPool('local', 'process');
    fake.addWorkPool('docker', 'docker');
    fake.addWorkPool('k8s', 'kubernetes');
    const variables = async (name: string) =>
      Object.keys((await http.get(`/work_pools/${name}`)).body.base_job_template.variables.properties);

    expect(await variables('local')).toEqual(
      expect.arrayContaining(['command', 'env', 'labels', 'name', 'stream_output', 'working_dir']),
    );
    expect(await variables('local')).not.toContain('image');
    expect(await variables('docker')).toContain('image');
    expect(await variables('k8s')).toEqual(expect.arrayContaining(['image', 'namespace']));
  });
});
