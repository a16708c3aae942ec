// Retries, timeouts and unreachable servers, against a scripted 127.0.0.1 server. Pauses go
// through an injected sleep, so tests assert the delays asked for and never wait for them.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  PrefectApiError,
  PrefectClient,
  PrefectRateLimitError,
  PrefectUnreachableError,
  type PrefectConnection,
  type RetryInfo,
} from '../../../src/prefect/client/index.js';
import { resolveConnection } from '../../../src/prefect/client/connection.js';
import { PrefectTransport } from '../../../src/prefect/client/transport.js';
import {
  closedPort,
  deploymentJson,
  recordingSleep,
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

interface Harness {
  server: ScriptedServer;
  client: PrefectClient;
  delays: number[];
  retries: RetryInfo[];
}

async function connect(handler: Handler, options: Partial<PrefectConnection> = {}): Promise<Harness> {
  server = await startServer(handler);
  const { sleep, delays } = recordingSleep();
  const retries: RetryInfo[] = [];
  client = new PrefectClient({
    apiUrl: server.apiUrl,
    sleep,
    retryBaseDelayMs: 100,
    random: () => 1,
    onRetry: (info) => retries.push(info),
    ...options,
  });
  return { server, client, delays, retries };
}

/** Answers from a list in order, then repeats the last one. */
function sequence(...steps: Handler[]): Handler {
  let index = 0;
  return (req, res, raw) => steps[Math.min(index++, steps.length - 1)]!(req, res, raw);
}

const ok: Handler = (_req, res) => sendJson(res, 200, { id: 'f1', name: 'etl-daily' });

describe('retryable statuses', () => {
  it('waits as long as Retry-After says (seconds) on 429, then succeeds', async () => {
    const { server, client, delays, retries } = await connect(
      sequence(
        (_req, res) => sendJson(res, 429, { detail: 'Too many requests' }, { 'retry-after': '3' }),
        ok,
      ),
      { random: () => 0 },
    );
    await expect(client.createFlow('etl-daily')).resolves.toMatchObject({ id: 'f1' });
    expect(server.requests).toHaveLength(2);
    expect(delays).toEqual([3000]);
    expect(retries[0]).toMatchObject({ attempt: 1, retries: 5, reason: '429', status: 429, delayMs: 3000 });
    expect(retries[0]!.message).toBe('retrying POST /flows/ after 429 (1, for up to 2 min) in 3 s');
  });

  it('reads Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    const { client, delays } = await connect(
      sequence((_req, res) => sendJson(res, 429, {}, { 'retry-after': at }), ok),
      {
        random: () => 0,
      },
    );
    await client.createFlow('etl-daily');
    // The date has whole-second precision: between 19 and 20 s from now.
    expect(delays[0]).toBeGreaterThanOrEqual(18_000);
    expect(delays[0]).toBeLessThanOrEqual(20_000);
  });

  it('caps a long Retry-After at maxRetryDelayMs', async () => {
    const { client, delays } = await connect(
      sequence((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }), ok),
      {
        maxRetryDelayMs: 5_000,
      },
    );
    await client.createFlow('etl-daily');
    expect(delays).toEqual([5_000]);
  });

  it('retries 503 and 502 with exponential backoff, then succeeds', async () => {
    const { server, client, delays } = await connect(
      sequence(
        (_req, res) => sendJson(res, 503, { exception_message: 'Service Unavailable' }),
        (_req, res) => sendJson(res, 502, {}),
        ok,
      ),
    );
    await expect(client.createFlow('etl-daily')).resolves.toMatchObject({ name: 'etl-daily' });
    expect(server.requests).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('spreads backoff with full jitter below the exponential ceiling', async () => {
    const { client, delays } = await connect((_req, res) => sendJson(res, 502, {}), {
      random: () => 0.25,
      retries: 3,
    });
    await client.createFlow('etl-daily').catch(() => undefined);
    expect(delays).toEqual([25, 50, 100]);
  });

  it('gives up on a 502 after the configured retries with the last status and detail', async () => {
    const { server, client, delays } = await connect(
      (_req, res) => sendJson(res, 502, { exception_message: 'Bad Gateway' }),
      {
        retries: 3,
      },
    );
    const error = await client.createFlow('etl-daily').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, retries: 3, detail: 'Bad Gateway' });
    expect(server.requests).toHaveLength(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('retries a 503 for a time budget, not a count, then gives up with the last status and detail', async () => {
    const { server, client, delays } = await connect(
      (_req, res) => sendJson(res, 503, { exception_message: 'Service Unavailable' }),
      {
        retries: 1,
        // 100 + 200 + 400 fit in 1 s; the next pause (800) would not.
        busyBudgetMs: 1_000,
        now: () => 0,
      },
    );
    const error = await client.createFlow('etl-daily').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectApiError);
    expect(error).toMatchObject({ status: 503, retries: 3, detail: 'Service Unavailable' });
    expect((error as Error).message).toBe(
      'Prefect answered 503 to POST /flows/ after 3 retries: Service Unavailable',
    );
    expect(server.requests).toHaveLength(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('ends a lasting 429 in a rate-limit error that says what to do', async () => {
    const { server, client } = await connect(
      (_req, res) => sendJson(res, 429, { detail: 'Rate limit exceeded' }, { 'retry-after': '1' }),
      {
        // Two pauses of 1.1 s fit; a third would not.
        busyBudgetMs: 2_500,
        now: () => 0,
      },
    );
    const error = await client.filterDeployments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectRateLimitError);
    expect((error as PrefectRateLimitError).describe()).toMatch(
      /429 to POST \/deployments\/filter after 2 retries.*requests per minute/s,
    );
    expect(server.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 422, 500])('never retries %i', async (status) => {
    const { server, client, delays } = await connect((_req, res) =>
      sendJson(res, status, { detail: `status ${status}` }),
    );
    await expect(client.createDeployment({ name: 'd', flow_id: 'f' })).rejects.toBeInstanceOf(
      PrefectApiError,
    );
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});

describe('network failures', () => {
  it('sends again after the server drops the connection', async () => {
    const { server, client, retries } = await connect(
      sequence(
        (_req, res) => {
          res.socket?.destroy();
        },
        (_req, res) => sendJson(res, 200, deploymentJson()),
      ),
    );
    await expect(client.readDeployment('d1')).resolves.toMatchObject({ name: 'acme--main--etl-daily--dev' });
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.reason).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
  });

  it('does not resend a request that is not idempotent when the connection breaks mid-way', async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const { sleep, delays } = recordingSleep();
    const transport = new PrefectTransport(resolveConnection({ apiUrl: server.apiUrl, sleep }));
    try {
      const error = await transport
        .send({ method: 'POST', path: '/deployments/d1/create_flow_run', body: {}, idempotent: false })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrefectUnreachableError);
      expect(error).toMatchObject({ reason: 'reset', retries: 0 });
      expect(server.requests).toHaveLength(1);
      expect(delays).toEqual([]);
    } finally {
      await transport.close();
    }
  });

  it('times out a server that never answers, retries twice, then names the URL', async () => {
    const { server, client, delays } = await connect(() => undefined, { timeoutMs: 150 });
    const error = await client.readWorkPool('k8s-dev').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectUnreachableError);
    expect(error).toMatchObject({
      reason: 'timeout',
      retries: 2,
      method: 'GET',
      path: '/work_pools/k8s-dev',
    });
    expect((error as Error).message).toBe(
      `Could not reach Prefect at ${server.apiUrl}: no answer within 150 ms on GET /work_pools/k8s-dev after 2 retries.`,
    );
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('also times out an answer whose body never ends', async () => {
    const { client } = await connect(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"id": "f1",');
      },
      { timeoutMs: 150, retries: 0 },
    );
    await expect(client.createFlow('x')).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('fails fast on a closed port: two retries at most before any answer', async () => {
    const port = await closedPort();
    const { sleep, delays } = recordingSleep();
    client = new PrefectClient({ apiUrl: `http://127.0.0.1:${port}/api`, sleep, retryBaseDelayMs: 1 });
    const error = await client.serverVersion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectUnreachableError);
    expect(error).toMatchObject({ reason: 'refused', code: 'ECONNREFUSED', retries: 2 });
    const described = (error as PrefectUnreachableError).describe();
    expect(described).toContain(`http://127.0.0.1:${port}/api`);
    expect(described).toContain('connection was refused');
    expect(described).toContain('Check prefect-api-url');
    expect(delays).toHaveLength(2);
  });

  it('retries refused connections fully once the server has answered before (a restart)', async () => {
    const { server, client, delays } = await connect(ok, { retries: 4 });
    await client.createFlow('etl-daily');
    await server.close();
    const error = await client.createFlow('etl-daily').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectUnreachableError);
    expect(error).toMatchObject({ retries: 4 });
    expect(delays).toHaveLength(4);
  });
});

describe('connection reuse', () => {
  it('keeps connections alive across sequential requests', async () => {
    const { server, client } = await connect(ok);
    for (let i = 0; i < 20; i += 1) await client.createFlow(`flow-${i}`);
    expect(server.requests).toHaveLength(20);
    // undici may open a second socket while the first is still being released; never 20.
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it('serves 16 requests in flight on at most 16 connections', async () => {
    const { server, client } = await connect(ok);
    const flows = await Promise.all(Array.from({ length: 16 }, (_, i) => client.createFlow(`flow-${i}`)));
    expect(flows).toHaveLength(16);
    expect(server.connections()).toBeLessThanOrEqual(16);
  });
});
