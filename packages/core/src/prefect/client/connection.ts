// How to reach one Prefect API: its URL, credentials and request policy, validated once so a
// wrong URL or a malformed secret fails before the first request, without ever echoing a secret.
import { ConfigurationError } from '../../errors/portal-error.js';
import type { AdaptiveLimit } from '../../concurrency/adaptive-limit.js';
import type { PrefectCredential } from './errors.js';
import { DEFAULT_BUSY_BUDGET_MS } from './retry-policy.js';

/** Reported through `onRetry` before each retry's pause; safe to log (no secrets). */
export interface RetryInfo {
  method: string;
  path: string;
  /** 1 for the first retry. */
  attempt: number;
  /** The most this request will be retried for other failures than 503/429. */
  retries: number;
  /** For 503/429: the time this request may spend on attempts and pauses before it gives up. */
  budgetMs?: number;
  /** What failed: an HTTP status (`429`) or a network condition (`ECONNRESET`, `timeout`). */
  reason: string;
  status?: number;
  delayMs: number;
  /** Ready to log: `retrying GET /flows/… after 429 (2/5) in 1.2 s`. */
  message: string;
}

export interface PrefectConnection {
  /** Self-hosted `http://host:4200/api` (any base path), or a Cloud workspace URL. */
  apiUrl: string;
  /** Prefect Cloud API key, sent as `Authorization: Bearer`. */
  apiKey?: string;
  /** Self-hosted basic auth, `user:password`; wins over `apiKey`, as in Prefect's SDK. */
  authString?: string;
  /** Added to every request; cannot replace User-Agent, Prefect-Csrf-Token or Prefect-Csrf-Client. */
  customHeaders?: Record<string, string>;
  /** Per attempt, from sending to the last byte of the answer. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for retryable failures other than 503/429. Default 5. */
  retries?: number;
  /** How long a request answered 503 or 429 is retried, counting its attempts and pauses (not
   * the wait for a write slot). Default 120 000. */
  busyBudgetMs?: number;
  /** Milliseconds on a monotonic scale, to time attempts; injected by tests with `sleep`. */
  now?: () => number;
  /** Shared by every write of a run: how many are in flight, shrunk when Prefect is busy. */
  writeLimit?: AdaptiveLimit;
  /** Base of the exponential backoff. Default 500. */
  retryBaseDelayMs?: number;
  /** Cap on any pause, Retry-After included. Default 60 000. */
  maxRetryDelayMs?: number;
  /** Injected by tests so retries never wait on the clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); injected by tests. */
  random?: () => number;
  userAgent?: string;
  onRetry?: (info: RetryInfo) => void;
  /** Sockets kept open to the server (requests in flight beyond this queue). Default 16. */
  maxConnections?: number;
}

/** A validated connection. `authorization` is private to the transport and never logged. */
export interface ResolvedConnection {
  apiUrl: string;
  isCloud: boolean;
  credential: PrefectCredential;
  authorization: string | undefined;
  headers: Record<string, string>;
  /** Custom headers dropped because they would replace a header the client manages. */
  ignoredCustomHeaders: string[];
  timeoutMs: number;
  retries: number;
  busyBudgetMs: number;
  now: () => number;
  writeLimit: AdaptiveLimit | undefined;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry: ((info: RetryInfo) => void) | undefined;
  maxConnections: number;
}

export const DEFAULT_USER_AGENT = 'acme-portal-actions (+https://github.com/acme/portal-actions)';

const PROTECTED_HEADERS = new Set(['user-agent', 'prefect-csrf-token', 'prefect-csrf-client']);
// Headers the HTTP layer computes itself; a custom value would corrupt the request.
const TRANSPORT_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CLOUD_PREFIX = 'https://api.prefect.cloud/api';
const CLOUD_WORKSPACE_PATH = /^\/api\/accounts\/[^/]+\/workspaces\/[^/]+$/;

/** Whether this (normalised) API URL is Prefect Cloud, by the SDK's own rule. */
export function isCloudApiUrl(apiUrl: string): boolean {
  return apiUrl === CLOUD_PREFIX || apiUrl.startsWith(`${CLOUD_PREFIX}/`);
}

/** Validates the URL and strips trailing slashes; the message never repeats userinfo. */
export function normaliseApiUrl(apiUrl: string): string {
  const raw = apiUrl.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(`prefect-api-url is not a URL: "${raw.replace(/\/\/[^/@]*@/, '//***@')}".`, {
      hint: 'Give the full API URL, e.g. http://prefect.example.com:4200/api or https://api.prefect.cloud/api/accounts/<id>/workspaces/<id>.',
    });
  }
  if (url.username || url.password) {
    throw new ConfigurationError('prefect-api-url carries credentials (user:password@host).', {
      hint: 'Remove them from the URL and pass them as prefect-auth-string instead, so they stay out of logs.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(
      `prefect-api-url must use http or https, not "${url.protocol.replace(/:$/, '')}": ${url.href}`,
      {
        hint: 'Give the API URL, e.g. http://prefect.example.com:4200/api.',
      },
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(
      `prefect-api-url must not have a query or fragment: ${url.origin}${url.pathname}${url.search}${url.hash}`,
      {
        hint: 'Give only the API base, e.g. http://prefect.example.com:4200/api.',
      },
    );
  }
  const normalised = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (isCloudApiUrl(normalised) && !CLOUD_WORKSPACE_PATH.test(url.pathname.replace(/\/+$/, ''))) {
    throw new ConfigurationError(
      `prefect-api-url is a Prefect Cloud URL without a workspace: ${normalised}`,
      {
        hint: "Use the workspace URL https://api.prefect.cloud/api/accounts/<account id>/workspaces/<workspace id> (prefect cloud workspace ls, or the UI's URL).",
      },
    );
  }
  return normalised;
}

function secret(value: string | undefined, input: string): string | undefined {
  if (value === undefined) return undefined;
  // Secrets pasted into GitHub often carry a trailing newline; the server would refuse them.
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (hasControlCharacter(trimmed)) {
    throw new ConfigurationError(
      `${input} contains a control character (a line break or tab inside the value).`,
      {
        hint: `Store ${input} as a single line.`,
      },
    );
  }
  return trimmed;
}

function positive(value: number | undefined, fallback: number, name: string, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigurationError(
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}.`,
    );
  }
  return value;
}

export function resolveConnection(options: PrefectConnection): ResolvedConnection {
  const apiUrl = normaliseApiUrl(options.apiUrl);
  const isCloud = isCloudApiUrl(apiUrl);
  const authString = secret(options.authString, 'prefect-auth-string');
  const apiKey = secret(options.apiKey, 'prefect-api-key');
  let credential: PrefectCredential = 'none';
  let authorization: string | undefined;
  if (authString !== undefined) {
    credential = 'auth-string';
    authorization = `Basic ${Buffer.from(authString, 'utf8').toString('base64')}`;
  } else if (apiKey !== undefined) {
    credential = 'api-key';
    authorization = `Bearer ${apiKey}`;
  }

  const headers: Record<string, string> = {};
  const ignoredCustomHeaders: string[] = [];
  for (const [name, value] of Object.entries(options.customHeaders ?? {})) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) {
      throw new ConfigurationError(`Custom header name "${name}" is not a valid HTTP header name.`, {
        hint: 'Header names are letters, digits and - (e.g. CF-Access-Client-Id).',
      });
    }
    if (typeof value !== 'string' || hasControlCharacter(value.replace(/\t/g, ' '))) {
      throw new ConfigurationError(`Custom header "${name}" must have a single-line string value.`);
    }
    if (
      PROTECTED_HEADERS.has(lower) ||
      TRANSPORT_HEADERS.has(lower) ||
      (lower === 'authorization' && authorization)
    ) {
      ignoredCustomHeaders.push(name);
      continue;
    }
    headers[lower] = value;
  }
  headers['user-agent'] = options.userAgent ?? DEFAULT_USER_AGENT;
  headers.accept = 'application/json';

  return {
    apiUrl,
    isCloud,
    credential,
    authorization,
    headers,
    ignoredCustomHeaders,
    timeoutMs: positive(options.timeoutMs, 30_000, 'timeoutMs'),
    retries: Math.floor(positive(options.retries, 5, 'retries', true)),
    busyBudgetMs: positive(options.busyBudgetMs, DEFAULT_BUSY_BUDGET_MS, 'busyBudgetMs', true),
    now: options.now ?? (() => performance.now()),
    writeLimit: options.writeLimit,
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 500, 'retryBaseDelayMs', true),
    maxRetryDelayMs: positive(options.maxRetryDelayMs, 60_000, 'maxRetryDelayMs', true),
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    onRetry: options.onRetry,
    maxConnections: Math.floor(positive(options.maxConnections, 16, 'maxConnections')),
  };
}

// Header values cannot hold line breaks or NULs; secrets should not hold any control character.
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
