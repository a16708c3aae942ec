// Maps an unwanted Prefect answer to the one typed error that explains it, and reads answers
// that must be JSON of a known shape (a UI page or a proxy's HTML is reported as such).
import type { z } from 'zod';
import type { PortalError } from '../../errors/portal-error.js';
import { renderErrorDetail } from './error-detail.js';
import {
  PrefectApiError,
  PrefectAuthError,
  PrefectPlanLimitError,
  PrefectRateLimitError,
  PrefectResponseError,
  type PrefectCredential,
} from './errors.js';
import type { ApiRequest, ApiResponse } from './transport.js';

export interface ClientContext {
  apiUrl: string;
  isCloud: boolean;
  credential: PrefectCredential;
}

function header(response: ApiResponse, name: string): string {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function errorForResponse(
  response: ApiResponse,
  req: ApiRequest,
  context: ClientContext,
): PortalError {
  const { status } = response;
  const detail = renderErrorDetail(response.text, header(response, 'content-type'));
  const base = {
    status,
    method: req.method,
    path: pathForMessages(req.path),
    detail,
    retries: response.retries,
  };
  if (status === 401) return new PrefectAuthError(base, context);
  if (status === 403) {
    if (/maximum number of deployments/i.test(detail)) return new PrefectPlanLimitError(base);
    if (/CSRF token|client identifier/i.test(detail)) {
      return new PrefectApiError(base, {
        hint: 'The server has CSRF protection on (PREFECT_SERVER_CSRF_PROTECTION_ENABLED) and refused a fresh token: check the server logs.',
      });
    }
    return new PrefectAuthError(base, context);
  }
  if (status === 429) return new PrefectRateLimitError(base);
  if (status >= 300 && status < 400) {
    const location = header(response, 'location');
    return new PrefectApiError({ ...base, detail: location ? `redirect to ${location}` : 'a redirect' });
  }
  if (detail === 'an HTML page' || status === 405) {
    return new PrefectResponseError({
      status,
      method: req.method,
      path: base.path,
      apiUrl: context.apiUrl,
      problem: `${status} and ${detail || 'an empty body'}`,
    });
  }
  return new PrefectApiError(base);
}

/** The JSON of a successful answer, checked against `schema`. */
export function parseResponse<T extends z.ZodType>(
  schema: T,
  response: ApiResponse,
  req: ApiRequest,
  context: ClientContext,
): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    const problem = /^\s*</.test(response.text)
      ? 'an HTML page'
      : response.text.trim() === ''
        ? 'an empty body'
        : 'text that is not JSON';
    throw new PrefectResponseError({
      status: response.status,
      method: req.method,
      path: pathForMessages(req.path),
      apiUrl: context.apiUrl,
      problem,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new PrefectResponseError({
      status: response.status,
      method: req.method,
      path: pathForMessages(req.path),
      apiUrl: context.apiUrl,
      problem: `JSON of another shape (${where}${issue?.message ?? 'unexpected value'})`,
    });
  }
  return parsed.data;
}

// The CSRF client id in a query string is noise in a message; everything else is kept.
function pathForMessages(path: string): string {
  return path.replace(/\?.*$/, '');
}
