import { afterEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';

import type { FakePrefect, FakePrefectOptions } from '../index.js';
import { prefectHttp, startWithClient, type PrefectHttp } from './prefect-http.js';

describe('the fake Prefect server over HTTP', () => {
  let fake: FakePrefect | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function start(options?: FakePrefectOptions): Promise<PrefectHttp> {
    const started = await startWithClient(options);
    fake = started.fake;
    return started.http;
  }

  it('answers health and versions', async () => {
    const http = await start();

    expect(fake?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect((await http.get('/health')).body).toBe(true);
    expect((await http.get('/version')).body).toBe('0.8.4');
    expect((await http.get('/admin/version')).body).toBe('3.8.3');
  });

  it('sends JSON with its content type and exact length', async () => {
    const http = await start();
    const answer = await http.post('/flows/', { name: 'ünïcode flow' });

    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(Number(answer.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(answer.body)));
  });

  it('redirects a create without its trailing slash (307 to the slashed path), which fetch follows', async () => {
    const http = await start();
    const manual = await http.post('/flows', { name: 'etl' });
    const createdBeforeFollowing = fake?.state.flows.size;
    const followed = await fetch(`${fake?.url}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'etl' }),
    });

    expect(manual.status).toBe(307);
    expect(manual.headers.get('location')).toBe(`${fake?.url}/flows/`);
    expect(createdBeforeFollowing).toBe(0);
    expect(followed.status).toBe(201);
    expect(fake?.requests.map(({ path, status }) => [path, status])).toEqual([
      ['/flows', 307],
      ['/flows', 307],
      ['/flows/', 201],
    ]);
  });

  it('redirects a read with a stray trailing slash to the path without it', async () => {
    const http = await start();
    const answer = await http.get('/work_pools/local/');

    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')).toBe(`${fake?.url}/work_pools/local`);
  });

  it('answers 405 when the path exists for another method, 404 when no route matches', async () => {
    const http = await start();

    expect(await http.get('/deployments/')).toMatchObject({
      status: 405,
      body: { detail: 'Method Not Allowed' },
    });
    expect(await http.get('/nothing/here')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
  });

  it('compresses large answers when the client accepts gzip, as Prefect behind GZipMiddleware does', async () => {
    const http = await start();
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
      await http.post('/flows/', { name: `flow-${name}` });
    const raw = await new Promise<{ encoding?: string }>((resolve, reject) => {
      const request = httpRequest(
        `${fake?.url}/flows/filter`,
        { method: 'POST', headers: { 'accept-encoding': 'gzip', 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          resolve({ encoding: response.headers['content-encoding'] });
        },
      );
      request.on('error', reject);
      request.end('{}');
    });

    expect(raw.encoding).toBe('gzip');
    expect((await http.post('/flows/filter', {})).body).toHaveLength(8);
  });

  it('refuses an X-PREFECT-API-VERSION older than 0.8.0', async () => {
    const http = await start();
    const answer = await http.send('GET', '/admin/version', undefined, { 'x-prefect-api-version': '0.7.1' });

    expect(answer.status).toBe(400);
  });

  it('records every request with its status and body', async () => {
    const http = await start();
    await http.post('/flows/', { name: 'etl' });
    await http.get('/work_pools/none');

    expect(fake?.requests.map(({ method, path, status }) => [method, path, status])).toEqual([
      ['POST', '/flows/', 201],
      ['GET', '/work_pools/none', 404],
    ]);
    expect(fake?.requests[0]?.body).toEqual({ name: 'etl' });
    fake?.resetRequests();
    expect(fake?.requests).toEqual([]);
  });

  it('serves under another base path', async () => {
    const http = await start({ basePath: '/prefect/api' });

    expect(fake?.url).toMatch(/\/prefect\/api$/);
    expect((await http.get('/health')).body).toBe(true);
  });
});

describe('authentication', () => {
  let fake: FakePrefect | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('requires Basic base64(user:pass) on every route but /health and /ready', async () => {
    ({ fake } = await startWithClient({ auth: { basicAuth: 'admin:s3cret' } }));
    const anonymous = prefectHttp(fake);
    const wrong = prefectHttp(fake, {
      authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}`,
    });
    const right = prefectHttp(fake, {
      authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    });

    expect(await anonymous.post('/flows/', { name: 'x' })).toMatchObject({
      status: 401,
      body: { exception_message: 'Unauthorized' },
    });
    expect((await wrong.get('/admin/version')).status).toBe(401);
    expect((await anonymous.get('/health')).status).toBe(200);
    expect((await anonymous.get('/ready')).status).toBe(200);
    expect((await right.get('/admin/version')).body).toBe('3.8.3');
  });

  it('checks credentials before routing, so a wrong slash still gets 401', async () => {
    ({ fake } = await startWithClient({ auth: { apiKey: 'pnu_key' } }));

    expect((await prefectHttp(fake).post('/flows', { name: 'x' })).status).toBe(401);
    expect(
      (await prefectHttp(fake, { authorization: 'Bearer pnu_key' }).post('/flows', { name: 'x' })).status,
    ).toBe(307);
  });
});
