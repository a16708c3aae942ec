// A test fixture that behaves like a Prefect 3.8 server (or late 2.x, or Cloud) over real HTTP on 127.0.0.1,
// for the deploy and promote end-to-end tests and benchmarks: auth, routing, validation, state, faults, latency.

import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';

import { defaultFaultBody, FaultInjector, type Fault } from './faults.js';
import { PrefectHttpError, serialiseJson, type Reply } from './http/replies.js';
import { Router, type RequestContext } from './http/router.js';
import { ApiContext, type ServerProfile } from './routes/api-context.js';
import { addAutomationRoutes } from './routes/automations.js';
import { addDeploymentRoutes } from './routes/deployments.js';
import { addFlowRunRoutes } from './routes/flow-runs.js';
import { addFlowRoutes } from './routes/flows.js';
import { addRootRoutes } from './routes/root.js';
import { addWorkPoolRoutes, createWorkPool } from './routes/work-pools.js';
import { Clock } from './state/clock.js';
import type { FlowRunWorker } from './state/flow-run-worker.js';
import { emptyState, type FakePrefectState, type JsonObject, type WorkPoolRecord } from './state/records.js';
import { defaultBaseJobTemplate } from './state/work-pool-templates.js';
import { WriteLock, type WriteLockOptions } from './write-lock.js';
import { versionTraits } from './versions/version-traits.js';

export interface FakePrefectOptions {
  /** What /admin/version answers; "3.8.3" by default. A 2.x version makes the fake behave like Prefect 2.20. */
  version?: string;
  /** Require `Authorization: Bearer <apiKey>` or `Basic base64(basicAuth)` on every route but GET /health and /ready. */
  auth?: { apiKey?: string; basicAuth?: string };
  /** Added to every answer, by a timer. */
  latencyMs?: number;
  /** 0 (any free port) by default. */
  port?: number;
  /** "/api" by default; Cloud mode defaults to "/api/accounts/{id}/workspaces/{id}". */
  basePath?: string;
  /** Behave like Prefect Cloud (see README). */
  cloud?: boolean;
  /** Model SQLite's one write lock: writes run one at a time, and one arriving while another is
   * in progress is answered 503 with the given probability (see README for measured figures). */
  writeLock?: WriteLockOptions;
}

export interface RecordedRequest {
  method: string;
  /** Percent-decoded path relative to the base path (`/deployments/`), or the full path outside it. */
  path: string;
  /** The query string, without `?`. */
  query: string;
  /** 0 when the connection was dropped. */
  status: number;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  /** The JSON body sent (the raw text when it was not JSON; undefined when empty). */
  body: unknown;
  /** The JSON answered, if any. */
  responseBody?: unknown;
  /** The injected fault that shaped this answer, if any. */
  fault?: Fault;
  /** Refused with 503 because another write held the write lock. */
  locked?: true;
  /** A fixture bug: the exception a route threw (answered as 500). */
  error?: string;
}

export interface FakePrefect {
  /** The API URL a client is given, e.g. http://127.0.0.1:4321/api. */
  url: string;
  /** The server's version string (what /admin/version answers). */
  version: string;
  close(): Promise<void>;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  resetRequests(): void;
  /** The server's data, live. */
  state: FakePrefectState;
  /** Creates a work pool as a worker would: with the default base job template of `type` unless one is given. */
  addWorkPool(name: string, type: string, baseJobTemplate?: JsonObject): WorkPoolRecord;
  faults: FaultInjector;
  /** Scripts the states of flow runs (see README: no real worker runs anything). */
  worker: FlowRunWorker;
  /** The write lock, when `writeLock` was given (its `refused` counts the 503s it answered). */
  writeLock: WriteLock | undefined;
}

const DEFAULT_VERSION = '3.8.3';
const MINIMUM_API_VERSION = [0, 8, 0] as const;
const CLOUD_MAX_BODY_BYTES = 5 * 1024 * 1024;
const GZIP_MINIMUM_BYTES = 500;
const CLOUD_ACCOUNT_ID = '9b5d2a4e-7c1f-4e0a-8d3b-1f6e2c9a7b40';
const CLOUD_WORKSPACE_ID = '3e8f1c6d-2b7a-4d5e-9f0c-6a1b8d2e4c73';

export async function startFakePrefect(options: FakePrefectOptions = {}): Promise<FakePrefect> {
  const version = options.version ?? DEFAULT_VERSION;
  const profile: ServerProfile = {
    version,
    legacy: Number.parseInt(version, 10) === 2,
    cloud: options.cloud ?? false,
    traits: versionTraits(version, options.cloud ?? false),
  };
  const basePath = (
    options.basePath ??
    (profile.cloud ? `/api/accounts/${CLOUD_ACCOUNT_ID}/workspaces/${CLOUD_WORKSPACE_ID}` : '/api')
  ).replace(/\/+$/, '');
  const state = emptyState();
  const api = new ApiContext(state, new Clock(), profile);
  const router = new Router();
  addRootRoutes(router, api);
  addFlowRoutes(router, api);
  addWorkPoolRoutes(router, api);
  addDeploymentRoutes(router, api);
  addFlowRunRoutes(router, api);
  addAutomationRoutes(router, api);
  const faults = new FaultInjector();
  const writeLock = options.writeLock ? new WriteLock(options.writeLock) : undefined;
  const requests: RecordedRequest[] = [];
  // Pending slow answers and latency timers end when the server closes.
  const closing = new AbortController();
  // Every held answer listens on it; hundreds at once are expected in benchmarks.
  setMaxListeners(0, closing.signal);
  const exchange: Exchange = {
    api,
    router,
    basePath,
    profile,
    options,
    faults,
    writeLock,
    requests,
    closing: closing.signal,
  };

  const server = createServer((request, response) => {
    handle(exchange, request, response).catch((error: unknown) => {
      // A client that gave up, or a server closing, is not a failure of the fake.
      if (closing.signal.aborted || request.socket.destroyed) return;
      console.error('fake-prefect could not answer:', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"exception_message":"Internal Server Error"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    version,
    requests,
    resetRequests: () => {
      requests.length = 0;
    },
    state,
    faults,
    worker: api.worker,
    writeLock,
    addWorkPool: (name, type, baseJobTemplate) =>
      createWorkPool(api, { name, type, baseJobTemplate: baseJobTemplate ?? defaultBaseJobTemplate(type) }),
    close: async () => {
      if (closing.signal.aborted) return;
      closing.abort();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

interface Exchange {
  api: ApiContext;
  router: Router;
  basePath: string;
  profile: ServerProfile;
  options: FakePrefectOptions;
  faults: FaultInjector;
  writeLock: WriteLock | undefined;
  requests: RecordedRequest[];
  closing: AbortSignal;
}

async function handle(exchange: Exchange, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const rawBody = bytes.length > 0 ? bytes.toString('utf8') : undefined;
  const method = (request.method ?? 'GET').toUpperCase();
  const target = new URL(request.url ?? '/', 'http://127.0.0.1');
  const decoded = percentDecode(target.pathname);
  const relative = relativePath(decoded, exchange.basePath);
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
  const record: RecordedRequest = {
    method,
    path: relative ?? decoded,
    query: target.search.replace(/^\?/, ''),
    status: 0,
    headers,
    body: parseBody(rawBody),
  };
  exchange.requests.push(record);

  const fault = exchange.faults.take(method, record.path);
  if (fault) record.fault = fault;
  if (fault && 'dropConnection' in fault) {
    request.socket.resetAndDestroy();
    return;
  }
  if (fault && 'delayMs' in fault) await delay(fault.delayMs, undefined, { signal: exchange.closing });

  let reply: Reply;
  if (fault && 'status' in fault) {
    reply = faultReply(fault, exchange.profile.cloud);
  } else {
    const context: RequestContext = {
      method,
      path: relative ?? decoded,
      params: {},
      query: target.searchParams,
      headers,
      rawBody,
    };
    const respond = () => answer(exchange, context, relative, bytes.length, target.search, headers['host']);
    const outcome =
      exchange.writeLock && relative !== undefined && isWrite(method, relative)
        ? (await exchange.writeLock.run(respond, exchange.closing))?.value
        : await respond();
    if (outcome) {
      reply = outcome.reply;
      if (outcome.error !== undefined) record.error = outcome.error;
    } else {
      // What the server answers on `sqlite3.OperationalError: database is locked`.
      reply = faultReply({ status: 503 }, exchange.profile.cloud);
      record.locked = true;
    }
  }
  if (exchange.options.latencyMs)
    await delay(exchange.options.latencyMs, undefined, { signal: exchange.closing });
  const json = send(response, reply, method === 'HEAD', (headers['accept-encoding'] ?? '').includes('gzip'));
  record.status = reply.status;
  if (json !== undefined) record.responseBody = JSON.parse(json) as unknown;
}

async function answer(
  exchange: Exchange,
  request: RequestContext,
  relative: string | undefined,
  bodyBytes: number,
  search: string,
  host: string | undefined,
): Promise<{ reply: Reply; error?: string }> {
  const reply = (answered: Reply) => ({ reply: answered });
  const { method } = request;
  if (relative === undefined) return reply({ status: 404, body: { detail: 'Not Found' } });
  const exempt = method === 'GET' && (relative === '/health' || relative === '/ready');
  if (
    exchange.options.auth &&
    !exempt &&
    !authorised(exchange.options.auth, request.headers['authorization'])
  ) {
    return reply(faultReply({ status: 401 }, exchange.profile.cloud));
  }
  if (exchange.profile.cloud && ['POST', 'PUT', 'PATCH'].includes(method)) {
    if (request.headers['content-length'] === undefined)
      return reply({ status: 411, body: { detail: 'Length Required' } });
    if (bodyBytes > CLOUD_MAX_BODY_BYTES)
      return reply({ status: 413, body: { detail: 'Request Entity Too Large' } });
  }
  const match = exchange.router.match(method, relative);
  switch (match.kind) {
    case 'redirect':
      return reply({
        status: 307,
        headers: {
          location: `http://${host ?? '127.0.0.1'}${exchange.basePath}${encodePath(match.path)}${search}`,
        },
      });
    case 'method-not-allowed':
      return reply({
        status: 405,
        body: { detail: 'Method Not Allowed' },
        headers: { allow: match.allow.join(', ') },
      });
    case 'not-found':
      return reply({ status: 404, body: { detail: 'Not Found' } });
  }
  try {
    if (match.route.checksApiVersion) checkApiVersionHeader(request.headers['x-prefect-api-version']);
    return reply(await match.route.handler({ ...request, params: match.params }));
  } catch (error) {
    if (error instanceof PrefectHttpError) return reply(error.reply);
    return {
      reply: { status: 500, body: { exception_message: 'Internal Server Error' } },
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

/** Writes take SQLite's lock; filter, count and paginate POSTs only read. */
function isWrite(method: string, path: string): boolean {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !/\/(filter|count|paginate)$/.test(path);
}

/** Prefect refuses an X-PREFECT-API-VERSION that is not `x.y.z` or is older than 0.8.0 (400). */
function checkApiVersionHeader(header: string | undefined): void {
  if (!header) return;
  const parts = header.split('.').map((part) => (/^\d+$/.test(part.trim()) ? Number(part) : NaN));
  if (parts.length !== 3 || parts.some(Number.isNaN)) {
    throw new PrefectHttpError({
      status: 400,
      body: {
        detail: `Invalid X-PREFECT-API-VERSION header format.Expected header in format 'x.y.z' but received ${header}`,
      },
    });
  }
  const older = parts.findIndex((part, index) => part !== MINIMUM_API_VERSION[index]);
  if (older >= 0 && (parts[older] as number) < MINIMUM_API_VERSION[older]!) {
    throw new PrefectHttpError({
      status: 400,
      body: {
        detail: `The request specified API version ${header} but this server requires version ${MINIMUM_API_VERSION.join('.')} or higher.`,
      },
    });
  }
}

/** Prefect's basic-auth check (`Basic base64(user:pass)`), plus Cloud's `Bearer <key>`. */
function authorised(auth: NonNullable<FakePrefectOptions['auth']>, header: string | undefined): boolean {
  const parts = header?.trim().split(/\s+/) ?? [];
  if (parts.length !== 2) return false;
  const [scheme, credentials] = parts as [string, string];
  if (scheme === 'Basic' && auth.basicAuth !== undefined) {
    return Buffer.from(credentials, 'base64').toString('utf8') === auth.basicAuth;
  }
  return scheme === 'Bearer' && auth.apiKey !== undefined && credentials === auth.apiKey;
}

function faultReply(fault: Extract<Fault, { status: number }>, cloud: boolean): Reply {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
  const { json, text } = defaultFaultBody(fault.status, cloud);
  return text !== undefined
    ? { status: fault.status, text, headers }
    : { status: fault.status, body: json, headers };
}

/** Writes the answer; returns the JSON text sent, if any. */
function send(
  response: ServerResponse,
  reply: Reply,
  headOnly: boolean,
  acceptsGzip: boolean,
): string | undefined {
  let payload: Buffer | undefined;
  let json: string | undefined;
  const headers: Record<string, string> = { server: 'uvicorn', ...reply.headers };
  if (reply.body !== undefined) {
    json = serialiseJson(reply.body);
    payload = Buffer.from(json);
    headers['content-type'] = 'application/json';
  } else if (reply.text !== undefined) {
    payload = Buffer.from(reply.text);
    headers['content-type'] = 'text/html';
  }
  if (payload && acceptsGzip && payload.length >= GZIP_MINIMUM_BYTES) {
    // Prefect's API app sits behind Starlette's GZipMiddleware.
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
    headers['vary'] = 'Accept-Encoding';
  }
  if (reply.status !== 204) headers['content-length'] = String(payload?.length ?? 0);
  response.writeHead(reply.status, headers);
  response.end(headOnly ? undefined : payload);
  return json;
}

function parseBody(rawBody: string | undefined): unknown {
  if (rawBody === undefined) return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return rawBody;
  }
}

/** The path as Starlette routes on it: percent-decoded (so `%2F` becomes a separator). */
function percentDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/%[0-9A-Fa-f]{2}/g, (escape) =>
      String.fromCharCode(Number.parseInt(escape.slice(1), 16)),
    );
  }
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function relativePath(path: string, basePath: string): string | undefined {
  if (basePath === '') return path;
  if (!path.startsWith(`${basePath}/`)) return undefined;
  return path.slice(basePath.length);
}
