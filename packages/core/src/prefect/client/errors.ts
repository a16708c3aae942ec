// The failures a Prefect API call can end in, each a PortalError whose message says what the
// server answered and whose hint says what the user can change. None ever holds a credential.
import { PortalError } from '../../errors/portal-error.js';

/** Which credential the client sent: named in auth errors, never its value. */
export type PrefectCredential = 'api-key' | 'auth-string' | 'none';

export interface PrefectRequestContext {
  method: string;
  /** Path relative to the API URL, as sent (`/deployments/name/etl/etl--dev`). */
  path: string;
  apiUrl: string;
  isCloud: boolean;
}

/** Prefect answered with an error status. `detail` is Prefect's own explanation, trimmed. */
export class PrefectApiError extends PortalError {
  override get title(): string {
    return 'Prefect error';
  }

  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly detail: string;
  /** How many times the request was retried before this answer was accepted. */
  readonly retries: number;

  constructor(
    init: { status: number; method: string; path: string; detail: string; retries?: number },
    options: { message?: string; hint?: string; cause?: unknown } = {},
  ) {
    const retries = init.retries ?? 0;
    const after = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    const message =
      options.message ??
      `Prefect answered ${init.status} to ${init.method} ${init.path}${after}${init.detail ? `: ${init.detail}` : ''}`;
    super(message, { hint: options.hint ?? hintForStatus(init.status), cause: options.cause });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.detail = init.detail;
    this.retries = retries;
  }
}

/** 401, or 403 without a more specific reason: the credential was refused. */
export class PrefectAuthError extends PrefectApiError {
  override get title(): string {
    return 'Prefect authentication error';
  }

  readonly credential: PrefectCredential;

  constructor(
    init: { status: number; method: string; path: string; detail: string },
    context: { apiUrl: string; isCloud: boolean; credential: PrefectCredential },
  ) {
    const sent = describeCredential(context.credential);
    super(init, {
      message: `Prefect at ${context.apiUrl} refused the request (${init.status} to ${init.method} ${init.path}); it was sent ${sent}${init.detail ? `. Server said: ${init.detail}` : ''}`,
      hint: authHint(context.isCloud, context.credential, init.status),
    });
    this.credential = context.credential;
  }
}

/** 429 that outlasted every retry. */
export class PrefectRateLimitError extends PrefectApiError {
  constructor(init: { method: string; path: string; detail: string; retries: number }) {
    super(
      { status: 429, ...init },
      {
        message: `Prefect kept rate-limiting requests: 429 to ${init.method} ${init.path} after ${init.retries} ${init.retries === 1 ? 'retry' : 'retries'}${init.detail ? ` (${init.detail})` : ''}`,
        hint:
          'Prefect Cloud allows a fixed number of API requests per minute per account: deploy fewer flows per run ' +
          'or lower the parallelism, and run the job again in a minute.',
      },
    );
  }
}

/** Cloud's 403 when the plan's deployment quota is used up. */
export class PrefectPlanLimitError extends PrefectApiError {
  constructor(init: { method: string; path: string; detail: string }) {
    super(
      { status: 403, ...init },
      {
        message: `Prefect Cloud refused to create another deployment (${init.method} ${init.path}): ${init.detail}`,
        hint: "The workspace has reached its plan's maximum number of deployments: delete unused deployments or upgrade the plan.",
      },
    );
  }
}

export type UnreachableReason = 'refused' | 'dns' | 'timeout' | 'reset' | 'tls' | 'network';

/** No HTTP answer at all: DNS, refused connection, TLS, reset, or timeout. */
export class PrefectUnreachableError extends PortalError {
  override get title(): string {
    return 'Prefect unreachable';
  }

  readonly reason: UnreachableReason;
  readonly method: string;
  readonly path: string;
  readonly apiUrl: string;
  /** The Node or undici error code (`ECONNREFUSED`, `UND_ERR_SOCKET`), when there was one. */
  readonly code: string | undefined;
  readonly retries: number;

  constructor(
    init: {
      reason: UnreachableReason;
      method: string;
      path: string;
      apiUrl: string;
      code?: string;
      retries: number;
      timeoutMs?: number;
    },
    options: { cause?: unknown } = {},
  ) {
    const what = describeReason(init.reason, init.code, init.timeoutMs);
    const after =
      init.retries > 0 ? ` after ${init.retries} ${init.retries === 1 ? 'retry' : 'retries'}` : '';
    super(`Could not reach Prefect at ${init.apiUrl}: ${what} on ${init.method} ${init.path}${after}.`, {
      hint:
        init.reason === 'tls'
          ? "The server's TLS certificate was not accepted: check prefect-api-url's host name, or give the runner the CA " +
            'certificate (NODE_EXTRA_CA_CERTS).'
          : "Check prefect-api-url (a self-hosted server's URL ends in /api, e.g. http://prefect.example.com:4200/api; a Cloud " +
            'URL is https://api.prefect.cloud/api/accounts/<id>/workspaces/<id>) and that the server is up and reachable from the runner.',
      cause: options.cause,
    });
    this.reason = init.reason;
    this.method = init.method;
    this.path = init.path;
    this.apiUrl = init.apiUrl;
    this.code = init.code;
    this.retries = init.retries;
  }
}

/** An answer that is not what a Prefect API gives: HTML, a redirect, or JSON of the wrong shape. */
export class PrefectResponseError extends PortalError {
  override get title(): string {
    return 'Not a Prefect API';
  }

  readonly status: number;
  readonly method: string;
  readonly path: string;

  constructor(init: { status: number; method: string; path: string; apiUrl: string; problem: string }) {
    super(
      `${init.apiUrl} answered ${init.method} ${init.path} with ${init.problem}, which is not a Prefect API response.`,
      {
        hint:
          "Check that prefect-api-url is the API URL, not the UI URL: a self-hosted server's API URL ends in /api " +
          '(e.g. http://prefect.example.com:4200/api).',
      },
    );
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
  }
}

/** The server is too old, or its /admin/version is not a Prefect version. */
export class PrefectServerVersionError extends PortalError {
  override get title(): string {
    return 'Prefect server version';
  }
}

function describeCredential(credential: PrefectCredential): string {
  switch (credential) {
    case 'api-key':
      return 'with an API key as a Bearer token (prefect-api-key)';
    case 'auth-string':
      return 'with basic auth from the auth string (prefect-auth-string)';
    case 'none':
      return 'without credentials';
  }
}

function authHint(isCloud: boolean, credential: PrefectCredential, status: number): string {
  if (isCloud) {
    if (credential === 'none') return 'Prefect Cloud needs an API key: set prefect-api-key.';
    if (credential === 'auth-string')
      return 'Prefect Cloud takes an API key, not a basic-auth string: set prefect-api-key and leave prefect-auth-string empty.';
    return status === 403
      ? "The API key is valid but may not use this workspace: check the key's (or service account's) role in the workspace named by prefect-api-url."
      : 'Check that prefect-api-key holds a current key (not expired or revoked) and that prefect-api-url names a workspace the key can use.';
  }
  if (credential === 'none')
    return 'The server requires authentication: set prefect-auth-string to its PREFECT_SERVER_API_AUTH_STRING ("user:password").';
  if (credential === 'api-key')
    return 'A self-hosted server authenticates with basic auth: set prefect-auth-string to its PREFECT_SERVER_API_AUTH_STRING ("user:password"); if a proxy in front of the server checks the key, check the key there.';
  return 'Check that prefect-auth-string equals the server\'s PREFECT_SERVER_API_AUTH_STRING ("user:password"), with no extra spaces or quotes.';
}

function describeReason(
  reason: UnreachableReason,
  code: string | undefined,
  timeoutMs: number | undefined,
): string {
  switch (reason) {
    case 'refused':
      return 'the connection was refused (nothing listens on that host and port)';
    case 'dns':
      return 'the host name does not resolve';
    case 'timeout':
      return timeoutMs === undefined
        ? 'the request timed out'
        : `no answer within ${formatSeconds(timeoutMs)}`;
    case 'reset':
      return `the connection was closed before an answer came${code ? ` (${code})` : ''}`;
    case 'tls':
      return `the TLS handshake failed${code ? ` (${code})` : ''}`;
    case 'network':
      return `a network error${code ? ` (${code})` : ''}`;
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

function hintForStatus(status: number): string {
  if (status === 404)
    return 'Check the name or id, and that prefect-api-url points at the workspace or server that holds it.';
  if (status === 409)
    return 'The request conflicts with what the server holds (an unknown flow, block or pool id, a duplicate name or slug); the detail says which.';
  if (status === 413)
    return 'The request body is too large (Prefect Cloud accepts up to 5 MiB): trim parameters or the parameter schema.';
  if (status === 422) return 'Prefect rejected the request body; the detail names each field it refused.';
  if (status === 408 || status === 502 || status === 503 || status === 504)
    return 'The server or a proxy in front of it is overloaded or restarting: run the job again shortly.';
  if (status >= 500)
    return 'This is an error inside the Prefect server: its logs say more. Running the job again may help.';
  if (status >= 300 && status < 400)
    return 'The API answered with a redirect: use the final URL in prefect-api-url (https instead of http, or the exact /api path).';
  return "The detail above is Prefect's own explanation of the refusal.";
}
