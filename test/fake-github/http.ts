// What GitHub's REST API answers, independent of the route: error bodies, Link-header pagination
// (`per_page` default 30, at most 100), and the error a route throws to answer at once.

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const DOCS = 'https://docs.github.com/rest';

/** Thrown by a route; the server answers `reply`. */
export class GitHubHttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`fake-github answers ${reply.status}`);
  }
}

/** GitHub's error body: `{message, documentation_url, status}`. */
export function failure(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): GitHubHttpError {
  return new GitHubHttpError({
    status,
    body: { message, documentation_url: DOCS, status: String(status), ...extra },
  });
}

export function notFound(): GitHubHttpError {
  return failure(404, 'Not Found');
}

/** A 422 as GitHub writes it for a body it refuses. */
export function validationFailed(field: string, code: string, message?: string): GitHubHttpError {
  return failure(422, 'Validation Failed', {
    errors: [{ resource: 'Request', field, code, ...(message ? { message } : {}) }],
  });
}

/** One page of `items` with GitHub's Link header (first/prev/next/last) for the request's URL. */
export function paginated(items: unknown[], url: URL): Reply {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const linkTo = (target: number) => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(target));
    return next.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${linkTo(page - 1)}>; rel="prev"`, `<${linkTo(1)}>; rel="first"`);
  if (page < last) links.push(`<${linkTo(page + 1)}>; rel="next"`, `<${linkTo(last)}>; rel="last"`);
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}),
  };
}

export function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
