// A tiny HTTP server on 127.0.0.1 whose answers each test scripts, recording every request
// (method, path, headers, body) and every TCP connection so tests can assert what was sent.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/api/flows/`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (
  request: RecordedRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `origin + '/api'` */
  apiUrl: string;
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const recorded: RecordedRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, raw)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    apiUrl: `${origin}/api`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

export function deploymentJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '7f8e7f0a-3c4b-4d8e-9a51-0b6f3f1d2c11',
    created: '2026-11-22T00:52:44.067262Z',
    updated: '2026-11-22T00:52:44.067262Z',
    name: 'acme--main--etl-daily--dev',
    version: 'main-abc1234',
    description: 'Daily ETL',
    flow_id: 'c0a80101-0000-4000-8000-000000000001',
    paused: false,
    schedules: [],
    concurrency_limit: null,
    global_concurrency_limit: null,
    concurrency_options: null,
    job_variables: {
      image: 'ghcr.io/acme/etl:abc1234',
      env: { DEPLOYMENT_NAME: 'acme--main--etl-daily--dev' },
    },
    parameters: {},
    tags: ['COMMIT_HASH=abc1234', 'PACKAGE_VERSION=1.2.3'],
    labels: { 'prefect.flow.id': 'c0a80101-0000-4000-8000-000000000001' },
    work_queue_name: 'default',
    work_pool_name: 'k8s-dev',
    last_polled: null,
    parameter_openapi_schema: { title: 'Parameters', type: 'object', properties: {} },
    path: null,
    pull_steps: [],
    entrypoint: 'flows/etl.py:etl_daily',
    storage_document_id: null,
    infrastructure_document_id: null,
    created_by: null,
    updated_by: null,
    work_queue_id: null,
    enforce_parameter_schema: true,
    status: 'NOT_READY',
    ...overrides,
  };
}
