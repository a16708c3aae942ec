// A small HTTP client for the fake Prefect server's own tests: real requests with the global fetch, answers
// decoded, and builders for the flows, pools and deployments most tests start from.

import { startFakePrefect, type FakePrefect, type FakePrefectOptions } from '../index.js';

/** Answers are read field by field in assertions, so they are left untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  headers: Headers;
  /** Decoded JSON, the raw text when not JSON, undefined when empty. */
  body: T;
}

export interface PrefectHttp {
  send<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
  get<T = Json>(path: string): Promise<Answer<T>>;
  post<T = Json>(path: string, body?: unknown): Promise<Answer<T>>;
  patch<T = Json>(path: string, body?: unknown): Promise<Answer<T>>;
  delete<T = Json>(path: string): Promise<Answer<T>>;
}

export function prefectHttp(fake: FakePrefect, defaultHeaders: Record<string, string> = {}): PrefectHttp {
  const send = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${fake.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...defaultHeaders,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let decoded: unknown = text === '' ? undefined : text;
    if (response.headers.get('content-type') === 'application/json') decoded = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: decoded as T };
  };
  return {
    send,
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    patch: (path, body) => send('PATCH', path, body),
    delete: (path) => send('DELETE', path),
  };
}

/** A started fake with a client, closed by `close()` (call it in afterEach/afterAll). */
export async function startWithClient(
  options?: FakePrefectOptions,
): Promise<{ fake: FakePrefect; http: PrefectHttp }> {
  const fake = await startFakePrefect(options);
  return { fake, http: prefectHttp(fake) };
}

export async function createFlow(http: PrefectHttp, name = 'etl_daily'): Promise<string> {
  const answer = await http.post<{ id: string }>('/flows/', { name });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`flow ${name}: ${answer.status}`);
  return answer.body.id;
}

/** A deployment body like the deploy action sends, with `overrides` merged over it. */
export function deploymentBody(
  flowId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'acme--main--etl-daily--dev',
    flow_id: flowId,
    work_pool_name: 'local-pool',
    entrypoint: 'flows/etl.py:etl_daily',
    tags: ['PACKAGE_VERSION=1.0.0', 'COMMIT_HASH=abc1234'],
    version: 'main-abc1234',
    description: 'Daily ETL',
    parameters: { day: '2026-01-01' },
    job_variables: { env: { DEPLOYMENT_NAME: 'acme--main--etl-daily--dev' } },
    schedules: [{ schedule: { cron: '0 6 * * *', timezone: 'Europe/Paris' }, active: true }],
    pull_steps: [{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/prefect/etl' } }],
    ...overrides,
  };
}

/** POSTs a deployment and returns the answer (status 201 or 200 on success). */
export function postDeployment(http: PrefectHttp, body: Record<string, unknown>): Promise<Answer> {
  return http.post('/deployments/', body);
}

export async function readDeployment(http: PrefectHttp, id: string): Promise<Json> {
  const answer = await http.get(`/deployments/${id}`);
  if (answer.status !== 200) throw new Error(`deployment ${id}: ${answer.status}`);
  return answer.body;
}

export function scheduleIds(deployment: { schedules: { id: string }[] }): string[] {
  return deployment.schedules.map((schedule) => schedule.id).sort();
}
