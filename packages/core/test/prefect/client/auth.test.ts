// Credentials and headers on the wire, auth failures explained without the secret, and a sweep
// over every failure path checking that no key or auth string leaks into errors or retry logs.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../src/errors/portal-error.js';
import {
  DEFAULT_USER_AGENT,
  PrefectAuthError,
  PrefectClient,
  PrefectPlanLimitError,
  type PrefectConnection,
  type RetryInfo,
} from '../../../src/prefect/client/index.js';
import {
  closedPort,
  recordingSleep,
  sendJson,
  startServer,
  type Handler,
  type ScriptedServer,
} from './scripted-server.js';

const API_KEY = 'pnu_S3cr3tK3yV4lu3DoNotLeak0123456789';
const AUTH_STRING = 'admin:hunter2-Sup3rS3cret';
const SECRETS = [API_KEY, AUTH_STRING, 'hunter2-Sup3rS3cret', Buffer.from(AUTH_STRING).toString('base64')];

let server: ScriptedServer | undefined;
const clients: PrefectClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

async function connect(handler: Handler, options: Partial<PrefectConnection> = {}) {
  server ??= await startServer(handler);
  const { sleep, delays } = recordingSleep();
  const client = new PrefectClient({ apiUrl: server.apiUrl, sleep, retryBaseDelayMs: 1, ...options });
  clients.push(client);
  return { server, client, delays };
}

const flow: Handler = (_req, res) => sendJson(res, 200, { id: 'f1', name: 'etl' });

describe('credentials on the wire', () => {
  it('sends an API key as a Bearer token, trimmed of the newline secrets often carry', async () => {
    const { server, client } = await connect(flow, { apiKey: `${API_KEY}\n` });
    await client.createFlow('etl');
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(client.credential).toBe('api-key');
  });

  it('sends an auth string as basic auth', async () => {
    const { server, client } = await connect(flow, { authString: AUTH_STRING });
    await client.createFlow('etl');
    expect(server.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from(AUTH_STRING).toString('base64')}`,
    );
  });

  it("prefers the auth string when both are given, like Prefect's SDK", async () => {
    const { server, client } = await connect(flow, { apiKey: API_KEY, authString: AUTH_STRING });
    await client.createFlow('etl');
    expect(server.requests[0]!.headers.authorization).toMatch(/^Basic /);
    expect(client.credential).toBe('auth-string');
  });

  it('sends no Authorization without credentials (empty inputs count as none)', async () => {
    const { server, client } = await connect(flow, { apiKey: '', authString: '  ' });
    await client.createFlow('etl');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(client.credential).toBe('none');
  });

  it('adds custom headers but never lets them replace the ones the client manages', async () => {
    const { server, client } = await connect(flow, {
      apiKey: API_KEY,
      customHeaders: {
        'CF-Access-Client-Id': 'edge-id',
        'X-Team': 'data',
        'User-Agent': 'evil',
        'Prefect-Csrf-Token': 'forged',
        'prefect-csrf-client': 'forged',
        Authorization: 'Bearer other',
      },
    });
    await client.createFlow('etl');
    const headers = server.requests[0]!.headers;
    expect(headers['cf-access-client-id']).toBe('edge-id');
    expect(headers['x-team']).toBe('data');
    expect(headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(headers['prefect-csrf-token']).toBeUndefined();
    expect(headers['prefect-csrf-client']).toBeUndefined();
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(client.ignoredCustomHeaders).toEqual([
      'User-Agent',
      'Prefect-Csrf-Token',
      'prefect-csrf-client',
      'Authorization',
    ]);
  });

  it('lets a custom Authorization through when no credential is configured (a proxy token)', async () => {
    const { server, client } = await connect(flow, {
      customHeaders: { Authorization: 'Bearer proxy-token' },
    });
    await client.createFlow('etl');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer proxy-token');
  });

  it('uses the configured User-Agent', async () => {
    const { server, client } = await connect(flow, { userAgent: 'portal-deploy/1.0' });
    await client.createFlow('etl');
    expect(server.requests[0]!.headers['user-agent']).toBe('portal-deploy/1.0');
  });

  it('rejects secrets with line breaks inside and bad header names, without echoing values', () => {
    expect(
      () => new PrefectClient({ apiUrl: 'http://127.0.0.1:1/api', apiKey: `pnu_a\nb${API_KEY}` }),
    ).toThrow(ConfigurationError);
    try {
      new PrefectClient({ apiUrl: 'http://127.0.0.1:1/api', authString: `a\tb${AUTH_STRING}` });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
    expect(
      () => new PrefectClient({ apiUrl: 'http://127.0.0.1:1/api', customHeaders: { 'bad header': 'x' } }),
    ).toThrow(/not a valid HTTP header name/);
  });
});

describe('CSRF', () => {
  it('fetches a token after a CSRF refusal, sends it, and keeps using it', async () => {
    const { server, client } = await connect((req, res) => {
      if (req.url.startsWith('/api/csrf-token?client=')) {
        const clientId = decodeURIComponent(req.url.split('=')[1]!);
        return sendJson(res, 200, {
          token: 'tok-1',
          client: clientId,
          expiration: new Date(Date.now() + 3_600_000).toISOString(),
        });
      }
      if (req.headers['prefect-csrf-token'] !== 'tok-1')
        return sendJson(res, 403, { detail: 'Missing CSRF token.' });
      return sendJson(res, 201, { id: 'f1', name: 'etl' });
    });
    await client.createFlow('etl');
    await client.createFlow('etl');
    expect(server.requests.map((r) => `${r.method} ${r.url.replace(/=.*/, '=…')}`)).toEqual([
      'POST /api/flows/',
      'GET /api/csrf-token?client=…',
      'POST /api/flows/',
      'POST /api/flows/',
    ]);
    const clientId = decodeURIComponent(server.requests[1]!.url.split('=')[1]!);
    expect(server.requests[3]!.headers['prefect-csrf-client']).toBe(clientId);
  });
});

describe('auth failures', () => {
  it('explains a self-hosted 401 for an API key without printing it', async () => {
    const { client } = await connect(
      (_req, res) => sendJson(res, 401, { exception_message: 'Unauthorized' }),
      { apiKey: API_KEY },
    );
    const error = (await client.createFlow('etl').catch((e: unknown) => e)) as PrefectAuthError;
    expect(error).toBeInstanceOf(PrefectAuthError);
    expect(error.status).toBe(401);
    expect(error.credential).toBe('api-key');
    expect(error.describe()).toContain('with an API key as a Bearer token (prefect-api-key)');
    expect(error.describe()).toContain('Server said: Unauthorized');
    expect(error.describe()).toContain('set prefect-auth-string');
    expect(error.describe()).not.toContain(API_KEY);
  });

  it('explains a 401 for a wrong auth string', async () => {
    const { client } = await connect(
      (_req, res) => sendJson(res, 401, { exception_message: 'Unauthorized' }),
      { authString: AUTH_STRING },
    );
    const error = (await client.readWorkPool('p').catch((e: unknown) => e)) as PrefectAuthError;
    expect(error.describe()).toMatch(
      /basic auth from the auth string \(prefect-auth-string\).*PREFECT_SERVER_API_AUTH_STRING/s,
    );
  });

  it('explains a 401 when no credential was sent', async () => {
    const { client } = await connect((_req, res) =>
      sendJson(res, 401, { exception_message: 'Unauthorized' }),
    );
    const error = (await client.readWorkPool('p').catch((e: unknown) => e)) as PrefectAuthError;
    expect(error.describe()).toMatch(/without credentials.*requires authentication/s);
  });

  it("tells Cloud's deployment quota apart from a bad key", async () => {
    const { client } = await connect(
      (_req, res) =>
        sendJson(res, 403, {
          detail: 'You have reached the maximum number of deployments allowed on your plan.',
        }),
      { apiKey: API_KEY },
    );
    const error = await client.createDeployment({ name: 'd', flow_id: 'f' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectPlanLimitError);
    expect((error as PrefectPlanLimitError).describe()).toMatch(
      /maximum number of deployments.*delete unused deployments or upgrade/s,
    );
  });
});

describe('secrets never leak', () => {
  function leaks(value: unknown): string[] {
    const texts = [inspect(value, { showHidden: true, depth: Infinity }), JSON.stringify(value) ?? ''];
    if (value instanceof Error)
      texts.push(
        value.message,
        value.stack ?? '',
        String((value as { describe?: () => string }).describe?.()),
      );
    return SECRETS.filter((secret) => texts.some((text) => text.includes(secret)));
  }

  it('keeps the key and auth string out of every error, retry report and the client itself', async () => {
    const retries: RetryInfo[] = [];
    const statuses = [401, 403, 404, 409, 422, 429, 500, 503];
    let call = 0;
    const { client: keyClient } = await connect(
      (req, res) => {
        if (req.url === '/api/work_pools/drop') {
          res.socket?.destroy();
          return;
        }
        if (req.url === '/api/work_pools/hang') return;
        const status = statuses[call++ % statuses.length]!;
        // Even a server that echoes the credential back must not make us print it.
        sendJson(res, status, {
          detail: `refused ${req.headers.authorization ?? ''}`,
          request_body: req.body,
        });
      },
      {
        apiKey: API_KEY,
        retries: 1,
        timeoutMs: 100,
        onRetry: (info) => retries.push(info),
        customHeaders: { 'X-Team': 'data' },
      },
    );
    const { client: basicClient } = await connect(flow, {
      authString: AUTH_STRING,
      apiKey: API_KEY,
      retries: 1,
      timeoutMs: 100,
    });
    const port = await closedPort();
    const unreachable = new PrefectClient({
      apiUrl: `http://127.0.0.1:${port}/api`,
      apiKey: API_KEY,
      sleep: () => Promise.resolve(),
    });
    clients.push(unreachable);

    const failures: unknown[] = [];
    for (let i = 0; i < statuses.length; i += 1) {
      failures.push(await keyClient.createDeployment({ name: 'd', flow_id: 'f' }).catch((e: unknown) => e));
    }
    failures.push(await unreachable.serverVersion().catch((e: unknown) => e));
    failures.push(await keyClient.readWorkPool('drop').catch((e: unknown) => e));
    failures.push(await keyClient.readWorkPool('hang').catch((e: unknown) => e));

    expect(failures.every((f) => f instanceof Error)).toBe(true);
    expect((failures[0] as Error).message).toContain('refused Bearer ***');
    for (const failure of failures) expect(leaks(failure)).toEqual([]);
    expect(retries.length).toBeGreaterThan(0);
    for (const info of retries) expect(leaks(info)).toEqual([]);
    expect(leaks(keyClient)).toEqual([]);
    expect(leaks(basicClient)).toEqual([]);
  });
});
