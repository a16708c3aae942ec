// Sends one Prefect API request over a shared keep-alive undici Agent, with a per-attempt
// timeout, the retry policy, and CSRF tokens for self-hosted servers that demand them.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { ResolvedConnection, RetryInfo } from './connection.js';
import { PrefectUnreachableError, type PrefectCredential } from './errors.js';
import {
  RETRIES_BEFORE_FIRST_ANSWER,
  BUSY_STATUSES,
  RETRYABLE_STATUSES,
  TIMEOUT_RETRIES,
  backoffDelay,
  classifyNetworkError,
  parseRetryAfter,
  type NetworkFailure,
} from './retry-policy.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Relative to the API URL, starting with `/`, segments already encoded. */
  path: string;
  body?: unknown;
  /** Whether sending it twice is harmless; only then is a request whose connection broke
   * mid-flight (or that timed out) sent again. */
  idempotent: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Retries spent before this answer. */
  retries: number;
}

type Attempt =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { ok: false; error: unknown; timedOut: boolean };

interface CsrfToken {
  token: string;
  expiresAt: number;
}

const CHANGE_METHODS = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);
/** POSTs that only read: Prefect's filter, count and paginate queries. */
const QUERY_PATH = /\/(filter|count|paginate)$/;

/** Requests sent and what came back, over the life of one transport. */
export interface RequestTally {
  /** Attempts sent, retries included. */
  requests: number;
  retries: number;
  status503: number;
  status429: number;
  timeouts: number;
}

function isWrite(req: ApiRequest): boolean {
  return req.method !== 'GET' && !QUERY_PATH.test(req.path);
}

/** `503 Service Unavailable`: the status and the server's own words, short. */
function busyReason(status: number, text: string): string {
  let detail = '';
  try {
    const body = JSON.parse(text) as { exception_message?: unknown; detail?: unknown };
    const words = body.exception_message ?? body.detail;
    if (typeof words === 'string') detail = words;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  detail = detail.replace(/\s+/g, ' ').trim().slice(0, 80);
  return detail ? `${status} ${detail}` : String(status);
}

export class PrefectTransport {
  readonly apiUrl: string;
  readonly isCloud: boolean;
  readonly credential: PrefectCredential;
  readonly ignoredCustomHeaders: readonly string[];
  // Private fields stay out of util.inspect and JSON.stringify: the Authorization value lives here.
  readonly #authorization: string | undefined;
  /** Every form of the credential, longest first, blanked out of error bodies. */
  readonly #secrets: string[];
  readonly #headers: Record<string, string>;
  readonly #settings: Omit<ResolvedConnection, 'authorization' | 'headers'>;
  readonly #agent: Agent;
  #hasAnswered = false;
  readonly #csrfClient = randomUUID();
  #csrf: CsrfToken | null = null;
  #csrfUnsupported = false;
  #csrfPending: Promise<void> | null = null;
  readonly #tally: RequestTally = { requests: 0, retries: 0, status503: 0, status429: 0, timeouts: 0 };

  constructor(connection: ResolvedConnection) {
    const { authorization, headers, ...settings } = connection;
    this.apiUrl = connection.apiUrl;
    this.isCloud = connection.isCloud;
    this.credential = connection.credential;
    this.ignoredCustomHeaders = connection.ignoredCustomHeaders;
    this.#authorization = authorization;
    this.#secrets = secretForms(authorization);
    this.#headers = headers;
    this.#settings = settings;
    this.#agent = new Agent({
      connections: connection.maxConnections,
      // Below uvicorn's 5 s keep-alive so we rarely reuse a socket the server is closing.
      keepAliveTimeout: 4_000,
      connect: { timeout: Math.min(connection.timeoutMs, 10_000) },
      // Our own timer (below) decides; these only back it up.
      headersTimeout: connection.timeoutMs + 1_000,
      bodyTimeout: connection.timeoutMs + 1_000,
    });
  }

  /** What this transport has sent so far, for the job summary. */
  get tally(): RequestTally {
    return { ...this.#tally };
  }

  async send(req: ApiRequest): Promise<ApiResponse> {
    const { retries: maxRetries, busyBudgetMs, now, writeLimit } = this.#settings;
    // Only writes meet SQLite's lock; reads are never held back.
    const gate = isWrite(req) ? writeLimit : undefined;
    let retries = 0;
    let connectRetries = 0;
    let timeoutRetries = 0;
    let csrfRenewed = false;
    // Time spent on this request, attempts and pauses; waiting for a write slot does not count.
    let spentMs = 0;
    for (;;) {
      const permit = await gate?.acquire();
      const started = now();
      let attempt: Attempt;
      try {
        attempt = await this.#attempt(req);
      } catch (error) {
        // Renewing a CSRF token can fail before the request is sent: free the slot.
        permit?.release();
        throw error;
      }
      spentMs += Math.max(0, now() - started);
      this.#tally.requests += 1;
      if (attempt.ok) {
        this.#hasAnswered = true;
        const busy = BUSY_STATUSES.has(attempt.status);
        if (attempt.status === 503) this.#tally.status503 += 1;
        if (attempt.status === 429) this.#tally.status429 += 1;
        if (busy) permit?.busy(busyReason(attempt.status, attempt.text));
        else permit?.succeeded();
        if (attempt.status === 403 && !csrfRenewed && this.#wantsCsrf(req) && isCsrfRefusal(attempt.text)) {
          // Prefect's SDK does the same: fetch a fresh token once, then send again.
          csrfRenewed = true;
          this.#csrf = null;
          await this.#renewCsrf();
          if (this.#csrf) continue;
        }
        if (RETRYABLE_STATUSES.has(attempt.status)) {
          const retryAfter = parseRetryAfter(attempt.headers['retry-after'], Date.now());
          const delayMs = this.#delay(retries + 1, retryAfter);
          // A busy server is waited out for a time budget, whatever the count; other answers by count.
          const retry = busy ? spentMs + delayMs <= busyBudgetMs : retries < maxRetries;
          if (retry) {
            retries += 1;
            spentMs += delayMs;
            await this.#pause(req, retries, String(attempt.status), attempt.status, delayMs, busy);
            continue;
          }
        }
        return { status: attempt.status, headers: attempt.headers, text: attempt.text, retries };
      }

      const failure: NetworkFailure = attempt.timedOut
        ? { phase: 'timeout', reason: 'timeout', code: undefined }
        : classifyNetworkError(attempt.error);
      if (failure.phase === 'timeout') {
        this.#tally.timeouts += 1;
        permit?.busy(`no answer within ${formatDelay(this.#settings.timeoutMs)}`);
      } else permit?.release();
      let retry = retries < maxRetries;
      if (failure.phase === 'fatal') retry = false;
      if (failure.phase === 'connect' && !this.#hasAnswered && connectRetries >= RETRIES_BEFORE_FIRST_ANSWER)
        retry = false;
      if (failure.phase === 'exchange' && !req.idempotent) retry = false;
      if (failure.phase === 'timeout' && (!req.idempotent || timeoutRetries >= TIMEOUT_RETRIES))
        retry = false;
      if (!retry) {
        throw new PrefectUnreachableError(
          {
            reason: failure.reason,
            method: req.method,
            path: req.path,
            apiUrl: this.apiUrl,
            code: failure.code,
            retries,
            timeoutMs: failure.phase === 'timeout' ? this.#settings.timeoutMs : undefined,
          },
          { cause: attempt.timedOut ? undefined : attempt.error },
        );
      }
      retries += 1;
      if (failure.phase === 'connect') connectRetries += 1;
      if (failure.phase === 'timeout') timeoutRetries += 1;
      const delayMs = this.#delay(retries, undefined);
      spentMs += delayMs;
      await this.#pause(
        req,
        retries,
        failure.phase === 'timeout' ? 'timeout' : (failure.code ?? failure.reason),
        undefined,
        delayMs,
        false,
      );
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #delay(retry: number, retryAfterMs: number | undefined): number {
    const { retryBaseDelayMs, maxRetryDelayMs, random } = this.#settings;
    const backoff = backoffDelay(retry, retryBaseDelayMs, maxRetryDelayMs, random);
    if (retryAfterMs === undefined) return backoff;
    // Never sooner than asked, a little spread so parallel requests do not return together, and
    // never sooner than the backoff: `Retry-After: 0` must not turn a budget into a hammering.
    return Math.min(maxRetryDelayMs, Math.max(backoff, Math.round(retryAfterMs * (1 + 0.1 * random()))));
  }

  async #pause(
    req: ApiRequest,
    retry: number,
    reason: string,
    status: number | undefined,
    delayMs: number,
    busy: boolean,
  ) {
    const { retries, busyBudgetMs, onRetry, sleep } = this.#settings;
    this.#tally.retries += 1;
    const count = busy ? `${retry}, for up to ${formatDelay(busyBudgetMs)}` : `${retry}/${retries}`;
    const info: RetryInfo = {
      method: req.method,
      path: req.path,
      attempt: retry,
      retries,
      reason,
      delayMs,
      message: `retrying ${req.method} ${req.path} after ${reason === 'timeout' ? 'a timeout' : reason} (${count}) in ${formatDelay(delayMs)}`,
      ...(status === undefined ? {} : { status }),
      ...(busy ? { budgetMs: busyBudgetMs } : {}),
    };
    onRetry?.(info);
    await sleep(delayMs);
  }

  async #attempt(req: ApiRequest): Promise<Attempt> {
    if (this.#wantsCsrf(req)) await this.#ensureCsrf();
    const headers: Record<string, string> = { ...this.#headers };
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    if (this.#wantsCsrf(req) && this.#csrf) {
      headers['prefect-csrf-token'] = this.#csrf.token;
      headers['prefect-csrf-client'] = this.#csrfClient;
    }
    let body: string | undefined;
    if (req.body !== undefined) {
      // A string body gets a Content-Length, which Prefect Cloud requires on writes.
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#settings.timeoutMs);
    try {
      const response = await request(`${this.apiUrl}${req.path}`, {
        dispatcher: this.#agent,
        method: req.method,
        headers,
        body,
        signal: controller.signal,
      });
      const text = await response.body.text();
      // Error bodies end up in messages; a server or proxy echoing the credential must not leak it.
      return {
        ok: true,
        status: response.statusCode,
        headers: response.headers,
        text: response.statusCode >= 300 ? this.#redact(text) : text,
      };
    } catch (error) {
      return { ok: false, error, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  #redact(text: string): string {
    return this.#secrets.reduce((redacted, secret) => redacted.split(secret).join('***'), text);
  }

  #wantsCsrf(req: ApiRequest): boolean {
    return !this.isCloud && !this.#csrfUnsupported && CHANGE_METHODS.has(req.method);
  }

  async #ensureCsrf(): Promise<void> {
    // Only once a server has asked for a token (a CSRF 403) do we hold one; then keep it fresh.
    if (this.#csrf && this.#csrf.expiresAt - 30_000 < Date.now()) await this.#renewCsrf();
  }

  // One renewal at a time: parallel requests that all met the 403 share the same token.
  async #renewCsrf(): Promise<void> {
    this.#csrfPending ??= this.#fetchCsrf().finally(() => {
      this.#csrfPending = null;
    });
    await this.#csrfPending;
  }

  async #fetchCsrf(): Promise<void> {
    const response = await this.send({
      method: 'GET',
      path: `/csrf-token?client=${encodeURIComponent(this.#csrfClient)}`,
      idempotent: true,
    });
    if (response.status === 404 || response.status === 422) {
      // An older server, or protection off: nothing to send.
      this.#csrfUnsupported = true;
      this.#csrf = null;
      return;
    }
    if (response.status !== 200) return;
    try {
      const parsed = JSON.parse(response.text) as { token?: unknown; expiration?: unknown };
      if (typeof parsed.token !== 'string') return;
      const expiresAt = typeof parsed.expiration === 'string' ? Date.parse(parsed.expiration) : NaN;
      this.#csrf = {
        token: parsed.token,
        expiresAt: Number.isNaN(expiresAt) ? Date.now() + 3_600_000 : expiresAt,
      };
    } catch {
      // Not JSON: leave the token unset; the original 403 is reported.
    }
  }
}

function secretForms(authorization: string | undefined): string[] {
  if (authorization === undefined) return [];
  const [, value = ''] = /^\S+ (.*)$/.exec(authorization) ?? [];
  const forms = [value];
  if (authorization.startsWith('Basic ')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    forms.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
  }
  // Very short fragments would blank out ordinary words.
  return [...new Set(forms.filter((form) => form.length >= 6))].sort((a, b) => b.length - a.length);
}

function isCsrfRefusal(text: string): boolean {
  return /CSRF token|client identifier/i.test(text);
}

function formatDelay(ms: number): string {
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
