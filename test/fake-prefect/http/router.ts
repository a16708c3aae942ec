// Route matching as Starlette does it for Prefect's API app: `{id:uuid}` only matches lowercase hyphenated
// UUIDs, a path that matches with the other method answers 405, and a missing or extra trailing slash gets a 307.

import type { Reply } from './replies.js';

export interface RequestContext {
  method: string;
  /** Percent-decoded path relative to the API base path, as Starlette routes on it. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** The body as sent; undefined when empty. */
  rawBody: string | undefined;
}

export type RouteHandler = (request: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** Prefect's path template, e.g. `/deployments/{id:uuid}` or `/flows/name/{name}`. */
  template: string;
  handler: RouteHandler;
  /** Routes of Prefect's routers check X-PREFECT-API-VERSION; /health and /version do not. */
  checksApiVersion: boolean;
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'redirect'; path: string }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const CONVERTORS: Record<string, string> = {
  str: '[^/]+',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  path: '.*',
};

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(
    method: string,
    template: string,
    handler: RouteHandler,
    options: { checksApiVersion?: boolean } = {},
  ): void {
    const names: string[] = [];
    const source = template.replace(/\{(\w+)(?::(\w+))?\}/g, (_whole, name: string, convertor?: string) => {
      names.push(name);
      return `(${CONVERTORS[convertor ?? 'str'] ?? CONVERTORS['str']})`;
    });
    this.compiled.push({
      route: { method, template, handler, checksApiVersion: options.checksApiVersion ?? true },
      pattern: new RegExp(`^${source}$`),
      names,
    });
  }

  match(method: string, path: string): RouteMatch {
    const found = this.find(method, path);
    if (found.kind !== 'not-found' || path === '/') return found;
    const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
    // Starlette redirects when the other form matches any route, whatever its method.
    return this.find(method, other).kind === 'not-found' ? found : { kind: 'redirect', path: other };
  }

  private find(method: string, path: string): RouteMatch {
    let partial: Route | undefined;
    for (const { route, pattern, names } of this.compiled) {
      const hit = pattern.exec(path);
      if (!hit) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        const params = Object.fromEntries(names.map((name, index) => [name, hit[index + 1] ?? '']));
        return { kind: 'route', route, params };
      }
      partial ??= route;
    }
    if (!partial) return { kind: 'not-found' };
    return {
      kind: 'method-not-allowed',
      allow: partial.method === 'GET' ? ['GET', 'HEAD'] : [partial.method],
    };
  }
}
