// A test fixture that behaves like GitHub's REST API over real HTTP on 127.0.0.1: workflow tokens and
// their permissions, Link-header pagination, the routes our actions call, faults, recorded requests.
// Octokit (from @actions/github) reaches it through GITHUB_API_URL.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { failure, GitHubHttpError, notFound, type Reply } from './http.js';
import { deploymentRoutes } from './routes/deployments.js';
import { issueCommentRoutes } from './routes/issue-comments.js';
import { repositoryRoutes } from './routes/repository.js';
import type { Permission, Route } from './routes/route.js';
import { emptyState, type CommitRecord, type FakeGitHubState, type RepositoryRecord } from './state.js';

export type Access = 'none' | 'read' | 'write';

export interface TokenGrant {
  /** The login the token acts as; `github-actions[bot]` by default. */
  login?: string;
  /** Per permission; every permission is `write` unless given. */
  permissions?: Partial<Record<Permission, Access>>;
}

export interface FakeGitHubOptions {
  /** Tokens the server accepts; `{ 'test-token': {} }` (all permissions) by default. */
  tokens?: Record<string, TokenGrant>;
  port?: number;
}

export interface GitHubFaultRule {
  method?: string;
  /** Matched against the request path (without query). */
  path?: string | RegExp;
  times?: number;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface RepositorySeed {
  defaultBranch?: string;
  /** Commits oldest first; each one's parent is the previous one unless `parents` is given. */
  commits?: Array<Partial<CommitRecord> & { sha: string }>;
  /** Branch → head sha; the default branch points at the newest commit unless given. */
  branches?: Record<string, string>;
}

export interface FakeGitHub {
  /** What GITHUB_API_URL is set to. */
  url: string;
  state: FakeGitHubState;
  requests: RecordedGitHubRequest[];
  addRepository(fullName: string, seed?: RepositorySeed): RepositoryRecord;
  repository(fullName: string): RepositoryRecord;
  /** Answer the next `times` matching requests with `status` (and body) instead. */
  fail(rule: GitHubFaultRule): void;
  close(): Promise<void>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const ROUTES: CompiledRoute[] = [...repositoryRoutes, ...issueCommentRoutes, ...deploymentRoutes].map(
  (route) => {
    const names: string[] = [];
    const source = `/repos/([^/]+)/([^/]+)${route.template}`.replace(/\{(\w+)\}/g, (_whole, name: string) => {
      names.push(name);
      // compare's `{basehead}` holds `a...b`, never a slash-free guarantee, so it takes the rest.
      return name === 'basehead' ? '(.+)' : '([^/]+)';
    });
    return { route, pattern: new RegExp(`^${source}$`), names };
  },
);

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = emptyState();
  const tokens = options.tokens ?? { 'test-token': {} };
  const requests: RecordedGitHubRequest[] = [];
  const faults: Array<GitHubFaultRule & { remaining: number }> = [];
  let apiUrl = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `fake-github bug: ${String(error)}` }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', apiUrl);
    const path = decodeURIComponent(url.pathname);
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : (value ?? ''),
      ]),
    );
    let body: unknown;
    try {
      body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      body = raw;
    }
    const record: RecordedGitHubRequest = {
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      status: 0,
      headers,
      body,
    };
    requests.push(record);
    const reply = answer(method, path, url, body, headers['authorization']);
    record.status = reply.status;
    const payload = reply.body === undefined ? undefined : Buffer.from(JSON.stringify(reply.body));
    response.writeHead(reply.status, {
      ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'x-github-api-version-selected': '2022-11-28',
      ...reply.headers,
    });
    response.end(payload);
  }

  function answer(method: string, path: string, url: URL, body: unknown, authorization?: string): Reply {
    const fault = faults.find(
      (rule) =>
        rule.remaining > 0 &&
        (rule.method === undefined || rule.method === method) &&
        (rule.path === undefined ||
          (typeof rule.path === 'string' ? rule.path === path : rule.path.test(path))),
    );
    if (fault) {
      fault.remaining -= 1;
      return {
        status: fault.status,
        body: fault.body ?? {
          message: `Injected ${fault.status}`,
          documentation_url: 'https://docs.github.com/rest',
        },
        ...(fault.headers ? { headers: fault.headers } : {}),
      };
    }
    try {
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
      if (token === undefined) throw failure(401, 'Requires authentication');
      const grant = tokens[token];
      if (!grant) throw failure(401, 'Bad credentials');
      for (const { route, pattern, names } of ROUTES) {
        const hit = pattern.exec(path);
        if (!hit || route.method !== method) continue;
        const repository = state.repositories.get(`${hit[1]}/${hit[2]}`.toLowerCase());
        if (!repository) throw notFound();
        const access =
          route.permission === 'metadata' ? 'read' : (grant.permissions?.[route.permission] ?? 'write');
        const needed = method === 'GET' ? ['read', 'write'] : ['write'];
        if (!needed.includes(access)) throw failure(403, 'Resource not accessible by integration');
        const params = Object.fromEntries(names.map((name, index) => [name, hit[index + 3]!]));
        return route.handler({
          method,
          params,
          url,
          body,
          repository,
          state,
          login: grant.login ?? 'github-actions[bot]',
          apiUrl,
        });
      }
      throw notFound();
    } catch (error) {
      if (error instanceof GitHubHttpError) return error.reply;
      throw error;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeGitHub = {
    url: apiUrl,
    state,
    requests,
    addRepository(fullName, seed = {}) {
      const [owner, name] = fullName.split('/') as [string, string];
      const repository: RepositoryRecord = {
        owner,
        name,
        id: state.nextId++,
        defaultBranch: seed.defaultBranch ?? 'main',
        branches: new Map(),
        commits: new Map(),
        comments: [],
        deployments: [],
      };
      let previous: string | undefined;
      for (const [index, commit] of (seed.commits ?? []).entries()) {
        repository.commits.set(commit.sha, {
          sha: commit.sha,
          message: commit.message ?? `Commit ${index + 1}`,
          author: commit.author ?? {
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            date: new Date(Date.UTC(2026, 10, 1, 0, index)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            login: 'ada',
          },
          parents: commit.parents ?? (previous ? [previous] : []),
        });
        previous = commit.sha;
      }
      for (const [branch, sha] of Object.entries(seed.branches ?? {})) repository.branches.set(branch, sha);
      if (!repository.branches.has(repository.defaultBranch) && previous) {
        repository.branches.set(repository.defaultBranch, previous);
      }
      state.repositories.set(fullName.toLowerCase(), repository);
      return repository;
    },
    repository(fullName) {
      const found = state.repositories.get(fullName.toLowerCase());
      if (!found) throw new Error(`fake-github has no repository ${fullName}`);
      return found;
    },
    fail(rule) {
      faults.push({ ...rule, remaining: rule.times ?? 1 });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return fake;
}
