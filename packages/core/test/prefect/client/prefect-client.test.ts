// PrefectClient against a scripted 127.0.0.1 server: exact paths and encodings, status handling
// (201 vs 200, 204, 404 as null), paging, the server version, and non-Prefect answers.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CLOUD_SERVER_VERSION,
  PrefectApiError,
  PrefectClient,
  PrefectResponseError,
  PrefectServerVersionError,
} from '../../../src/prefect/client/index.js';
import {
  deploymentJson,
  sendEmpty,
  sendJson,
  startServer,
  type Handler,
  type ScriptedServer,
} from './scripted-server.js';

let server: ScriptedServer | undefined;
let client: PrefectClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function connect(
  handler: Handler,
  apiPath = '/api',
): Promise<{ server: ScriptedServer; client: PrefectClient }> {
  server = await startServer(handler);
  client = new PrefectClient({ apiUrl: `${server.origin}${apiPath}`, retries: 0 });
  return { server, client };
}

describe('paths', () => {
  it('sends each call to its exact path, with the trailing slash only on the creates', async () => {
    const { server, client } = await connect((req, res) => {
      if (req.url === '/api/flows/') return sendJson(res, 201, { id: 'f1', name: 'etl-daily' });
      if (req.url === '/api/deployments/') return sendJson(res, 201, deploymentJson());
      if (req.url === '/api/deployments/filter') return sendJson(res, 200, []);
      if (req.url === '/api/flows/filter') return sendJson(res, 200, []);
      if (req.url === '/api/deployments/count') return sendJson(res, 200, 3);
      if (req.url === '/api/health') return sendJson(res, 200, true);
      if (req.method === 'PATCH' || req.method === 'DELETE') return sendEmpty(res, 204);
      return sendJson(res, 404, { detail: 'Not Found' });
    });
    await client.createFlow('etl-daily');
    await client.createDeployment({ name: 'd', flow_id: 'f1' });
    await client.filterDeployments({});
    await client.readFlowsByIds(['f1']);
    await client.countDeployments({});
    await client.health();
    await client.updateDeployment('d1', { version: 'v2' });
    await client.deleteDeployment('d1');
    await client.deleteDeploymentSchedule('d1', 's1');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/flows/',
      'POST /api/deployments/',
      'POST /api/deployments/filter',
      'POST /api/flows/filter',
      'POST /api/deployments/count',
      'GET /api/health',
      'PATCH /api/deployments/d1',
      'DELETE /api/deployments/d1',
      'DELETE /api/deployments/d1/schedules/s1',
    ]);
  });

  it('encodes every name segment on its own', async () => {
    const { server, client } = await connect((_req, res) =>
      sendJson(res, 404, { detail: 'Deployment not found' }),
    );
    await client.readDeploymentByName('etl daily: v2|beta', 'acme--main--etl-daily--dev 🚀');
    await client.readWorkPool('k8s pool/x');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/deployments/name/etl%20daily%3A%20v2%7Cbeta/acme--main--etl-daily--dev%20%F0%9F%9A%80',
      '/api/work_pools/k8s%20pool%2Fx',
    ]);
  });

  it('keeps a custom base path and strips a trailing slash from the API URL', async () => {
    const { server, client } = await connect((_req, res) => sendJson(res, 200, '3.8.3'), '/prefect/api/');
    expect(client.apiUrl).toBe(`${server.origin}/prefect/api`);
    await client.serverVersion();
    expect(server.requests[0]!.url).toBe('/prefect/api/admin/version');
  });

  it('sends JSON bodies with a content type and a content length', async () => {
    const { server, client } = await connect((_req, res) =>
      sendJson(res, 200, { id: 'f1', name: 'etl-daily' }),
    );
    await client.createFlow('etl-daily');
    const sent = server.requests[0]!;
    expect(JSON.parse(sent.body)).toEqual({ name: 'etl-daily' });
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.body)));
  });
});

describe('statuses', () => {
  it('tells a created deployment (201) from an existing one (200)', async () => {
    let calls = 0;
    const { client } = await connect((_req, res) =>
      sendJson(res, (calls += 1) === 1 ? 201 : 200, deploymentJson()),
    );
    const first = await client.createDeployment({ name: 'acme--main--etl-daily--dev', flow_id: 'f1' });
    const second = await client.createDeployment({ name: 'acme--main--etl-daily--dev', flow_id: 'f1' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.deployment.id).toBe('7f8e7f0a-3c4b-4d8e-9a51-0b6f3f1d2c11');
    expect(second.deployment.job_variables).toEqual(deploymentJson().job_variables);
  });

  it('accepts 204 with no body on PATCH and never sends name, flow_id or labels', async () => {
    const { server, client } = await connect((_req, res) => sendEmpty(res, 204));
    await expect(
      client.updateDeployment('d1', {
        name: 'x',
        flow_id: 'f',
        labels: { a: '1' },
        version: 'v2',
        tags: ['t'],
      }),
    ).resolves.toBeUndefined();
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ version: 'v2', tags: ['t'] });
  });

  it('answers null for reads that find nothing', async () => {
    const { client } = await connect((req, res) =>
      sendJson(res, 404, {
        detail: req.url.includes('work_pools') ? 'Work pool "nope" not found.' : 'Not Found',
      }),
    );
    await expect(client.readWorkPool('nope')).resolves.toBeNull();
    await expect(client.readDeploymentByName('etl', 'dev')).resolves.toBeNull();
    await expect(client.readDeployment('not-a-uuid')).resolves.toBeNull();
    await expect(client.readFlow('f1')).resolves.toBeNull();
  });

  it('reports whether a delete found the deployment', async () => {
    let calls = 0;
    const { client } = await connect((_req, res) =>
      (calls += 1) === 1 ? sendEmpty(res, 204) : sendJson(res, 404, { detail: 'Deployment not found' }),
    );
    await expect(client.deleteDeployment('d1')).resolves.toBe(true);
    await expect(client.deleteDeployment('d1')).resolves.toBe(false);
  });

  it("turns a 404 on a write into an error carrying Prefect's detail", async () => {
    const { client } = await connect((_req, res) =>
      sendJson(res, 404, { detail: 'Work pool "k8s-dev" not found.' }),
    );
    const error = await client
      .createDeployment({ name: 'd', flow_id: 'f', work_pool_name: 'k8s-dev' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectApiError);
    expect(error).toMatchObject({
      status: 404,
      method: 'POST',
      path: '/deployments/',
      detail: 'Work pool "k8s-dev" not found.',
    });
    expect((error as PrefectApiError).message).toContain('Work pool "k8s-dev" not found.');
  });

  it('reads loose responses: extra fields kept, 2.x infra_overrides accepted, nulls defaulted', async () => {
    const body = deploymentJson({
      tags: null,
      schedules: null,
      parameters: null,
      version_id: 'v-1',
      branch: 'main',
      infra_overrides: { image: 'x' },
    });
    delete body.job_variables;
    const { client } = await connect((_req, res) => sendJson(res, 200, body));
    const deployment = await client.readDeployment('d1');
    expect(deployment).toMatchObject({
      tags: [],
      schedules: [],
      parameters: {},
      version_id: 'v-1',
      infra_overrides: { image: 'x' },
    });
  });
});

describe('pagination', () => {
  it('reads 450 deployments in three pages (offsets 0, 200, 400) and passes the filter along', async () => {
    const all = Array.from({ length: 450 }, (_, i) => deploymentJson({ id: `d-${i}`, name: `dep-${i}` }));
    const { server, client } = await connect((req, res) => {
      const body = JSON.parse(req.body) as { limit: number; offset: number };
      sendJson(res, 200, all.slice(body.offset, body.offset + body.limit));
    });
    const filter = { deployments: { name: { like_: 'acme--main' } }, sort: 'NAME_ASC' };
    const found = await client.filterDeployments(filter);
    expect(found.map((d) => d.id)).toEqual(all.map((d) => d.id));
    const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => [b.limit, b.offset])).toEqual([
      [200, 0],
      [200, 200],
      [200, 400],
    ]);
    expect(bodies[0]).toMatchObject(filter);
  });

  it('asks once more when the last page is exactly full', async () => {
    const all = Array.from({ length: 400 }, (_, i) => deploymentJson({ id: `d-${i}` }));
    const { server, client } = await connect((req, res) => {
      const body = JSON.parse(req.body) as { limit: number; offset: number };
      sendJson(res, 200, all.slice(body.offset, body.offset + body.limit));
    });
    expect(await client.filterDeployments()).toHaveLength(400);
    expect(server.requests.map((r) => (JSON.parse(r.body) as { offset: number }).offset)).toEqual([
      0, 200, 400,
    ]);
  });

  it('lowers the page size when the server names a smaller cap', async () => {
    const all = Array.from({ length: 250 }, (_, i) => deploymentJson({ id: `d-${i}` }));
    const { server, client } = await connect((req, res) => {
      const body = JSON.parse(req.body) as { limit: number; offset: number };
      if (body.limit > 100)
        return sendJson(res, 422, { detail: 'Invalid limit: must be less than or equal to 100.' });
      sendJson(res, 200, all.slice(body.offset, body.offset + body.limit));
    });
    expect(await client.filterDeployments()).toHaveLength(250);
    expect(
      server.requests.map((r) => (JSON.parse(r.body) as { limit: number; offset: number }).offset),
    ).toEqual([0, 0, 100, 200]);
  });

  it('reads flows by id with an any_ filter and drops duplicate ids', async () => {
    const { server, client } = await connect((_req, res) =>
      sendJson(res, 200, [
        { id: 'f1', name: 'etl-daily', tags: [], labels: {} },
        { id: 'f2', name: 'etl-weekly', tags: [], labels: {} },
      ]),
    );
    const flows = await client.readFlowsByIds(['f1', 'f2', 'f1']);
    expect(flows.map((f) => f.name)).toEqual(['etl-daily', 'etl-weekly']);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      flows: { id: { any_: ['f1', 'f2'] } },
      limit: 200,
      offset: 0,
    });
    await expect(client.readFlowsByIds([])).resolves.toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('counts without paging keys', async () => {
    const { server, client } = await connect((_req, res) => sendJson(res, 200, 42));
    await expect(
      client.countDeployments({
        deployments: { tags: { all_: ['x'] } },
        limit: 5,
        offset: 1,
        sort: 'NAME_ASC',
      }),
    ).resolves.toBe(42);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ deployments: { tags: { all_: ['x'] } } });
  });
});

describe('server version', () => {
  it('parses /admin/version once per client', async () => {
    const { server, client } = await connect((_req, res) => sendJson(res, 200, '3.8.3'));
    const [a, b] = await Promise.all([client.serverVersion(), client.serverVersion()]);
    expect(a).toEqual({ version: '3.8.3', major: 3, minor: 8, patch: 3, isCloud: false });
    expect(b).toBe(a);
    expect(server.requests).toHaveLength(1);
  });

  it('explains a missing /admin/version', async () => {
    const { client } = await connect((_req, res) => sendJson(res, 404, { detail: 'Not Found' }));
    const error = await client.serverVersion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectServerVersionError);
    expect((error as Error).message).toMatch(
      /not a Prefect API URL, or the server is older than Prefect 2\.16/,
    );
  });

  it('refuses servers older than 2.16', async () => {
    const { client } = await connect((_req, res) => sendJson(res, 200, '2.14.21'));
    await expect(client.serverVersion()).rejects.toThrow(/runs 2\.14\.21; 2\.16\.0 or later is needed/);
  });

  it('treats Cloud as the newest 3.x without asking', async () => {
    const cloud = new PrefectClient({
      apiUrl: 'https://api.prefect.cloud/api/accounts/a1/workspaces/w1',
      apiKey: 'pnu_x',
      timeoutMs: 1,
      retries: 0,
    });
    await expect(cloud.serverVersion()).resolves.toBe(CLOUD_SERVER_VERSION);
    await cloud.close();
  });
});

describe("answers that are not Prefect's", () => {
  it('reports an HTML page (the UI URL given instead of the API URL)', async () => {
    const { client } = await connect((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Prefect UI</body></html>');
    }, '');
    const error = await client.serverVersion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectResponseError);
    expect((error as PrefectResponseError).describe()).toMatch(/an HTML page.*ends in \/api/s);
  });

  it('reports JSON of the wrong shape', async () => {
    const { client } = await connect((_req, res) => sendJson(res, 200, { name: 'no id' }));
    await expect(client.createFlow('x')).rejects.toThrow(/JSON of another shape \(id: /);
  });

  it('reports a redirect with its target', async () => {
    const { client } = await connect((_req, res) =>
      sendEmpty(res, 307, { location: 'https://prefect.example.com/api/flows/' }),
    );
    const error = await client.createFlow('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectApiError);
    expect((error as PrefectApiError).detail).toBe('redirect to https://prefect.example.com/api/flows/');
  });
});

describe('a new work queue raced by two deployments (PostgreSQL)', () => {
  // Prefect 3.8.3 on PostgreSQL: two POST /deployments/ naming the same missing queue at once; the
  // one that loses the queue's unique name answers 409. The queue exists by then.
  const conflict = {
    detail: 'Data integrity conflict. This usually means a unique or foreign key constraint was violated.',
  };
  const raceOnce = (): Handler => {
    let posts = 0;
    return (req, res) => {
      if (req.url !== '/api/deployments/') return sendJson(res, 404, { detail: 'Not Found' });
      posts += 1;
      return posts === 1 ? sendJson(res, 409, conflict) : sendJson(res, 201, deploymentJson());
    };
  };

  it('sends the upsert once more when the deployment names a work queue, and it is created', async () => {
    const { server, client } = await connect(raceOnce());
    const { created } = await client.createDeployment({
      name: 'd',
      flow_id: 'f1',
      work_queue_name: 'new-queue',
    });
    expect(created).toBe(true);
    expect(server.requests.map((request) => request.url)).toEqual(['/api/deployments/', '/api/deployments/']);
  });

  it('reports any other 409 as it comes: no queue, no second try', async () => {
    const { server, client } = await connect(raceOnce());
    await expect(client.createDeployment({ name: 'd', flow_id: 'f1' })).rejects.toMatchObject({
      status: 409,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('a second 409 is the answer', async () => {
    const { server, client } = await connect((_req, res) => sendJson(res, 409, conflict));
    await expect(
      client.createDeployment({ name: 'd', flow_id: 'f1', work_queue_name: 'q' }),
    ).rejects.toBeInstanceOf(PrefectApiError);
    expect(server.requests).toHaveLength(2);
  });
});
