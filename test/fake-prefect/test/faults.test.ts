import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import { startWithClient, type PrefectHttp } from './prefect-http.js';

describe('injected faults', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;

  beforeEach(async () => {
    ({ fake, http } = await startWithClient());
  });
  afterEach(() => fake.close());

  it('answers 429 with Retry-After the given number of times, then normally', async () => {
    const handle = fake.faults.add({
      method: 'POST',
      path: /^\/flows\/$/,
      times: 2,
      fault: { status: 429, retryAfter: 3 },
    });

    const first = await http.post('/flows/', { name: 'etl' });
    const second = await http.post('/flows/', { name: 'etl' });
    const third = await http.post('/flows/', { name: 'etl' });

    expect([first.status, second.status, third.status]).toEqual([429, 429, 201]);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(handle).toMatchObject({ served: 2, remaining: 0 });
    expect(fake.faults.pending).toBe(0);
    expect(fake.state.flows.size).toBe(1);
  });

  it('only touches requests matching its method and path', async () => {
    fake.faults.add({ method: 'POST', path: '/deployments/', fault: { status: 503 } });

    expect((await http.post('/flows/', { name: 'etl' })).status).toBe(201);
    expect((await http.get('/health')).status).toBe(200);
    expect(fake.faults.pending).toBe(1);
  });

  it('answers 503 and 500 with Prefect bodies, 502 with a proxy HTML page', async () => {
    fake.faults.add({ path: '/health', fault: { status: 503 } });
    fake.faults.add({ path: '/health', fault: { status: 500 } });
    fake.faults.add({ path: '/health', fault: { status: 502 } });

    expect(await http.get('/health')).toMatchObject({
      status: 503,
      body: { exception_message: 'Service Unavailable' },
    });
    expect(await http.get('/health')).toMatchObject({
      status: 500,
      body: { exception_message: 'Internal Server Error' },
    });
    const proxy = await http.get('/health');
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get('content-type')).toBe('text/html');
    expect(proxy.body).toContain('502 Bad Gateway');
  });

  it('answers 401 as an unauthorised Prefect server does', async () => {
    fake.faults.add({ fault: { status: 401 } });

    expect(await http.get('/admin/version')).toMatchObject({
      status: 401,
      body: { exception_message: 'Unauthorized' },
    });
  });

  it('drops the connection without an answer, which the client sees as an error', async () => {
    fake.faults.add({ method: 'POST', path: '/flows/', fault: { dropConnection: true } });

    const failure = await http.post('/flows/', { name: 'etl' }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(((failure as Error).cause as { code?: string }).code);
    expect(fake.requests[0]).toMatchObject({ path: '/flows/', status: 0, fault: { dropConnection: true } });
    expect(fake.state.flows.size).toBe(0);
    expect((await http.post('/flows/', { name: 'etl' })).status).toBe(201);
  });

  it('holds a slow answer back while other requests are answered', async () => {
    fake.faults.add({ path: '/admin/version', fault: { delayMs: 30_000 } });
    let slowSettled = false;
    const slow = http.get('/admin/version').finally(() => {
      slowSettled = true;
    });

    expect((await http.get('/health')).status).toBe(200);
    expect(slowSettled).toBe(false);
    await fake.close();
    await expect(slow).rejects.toThrow();
  });
});
