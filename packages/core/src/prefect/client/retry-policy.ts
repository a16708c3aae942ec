// When a failed Prefect request is worth sending again, and how long to wait first. Follows
// Prefect's SDK (client/base.py): 408/429/502/503 and dropped connections, Retry-After honoured.
import type { UnreachableReason } from './errors.js';

/** Statuses the server uses for "try again": rate limit, proxy hiccup, database busy. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503]);
/** "Busy, come back later": retried for a time budget rather than a count, and they slow the
 * run's writes down. A 3.8 server on SQLite answers 503 to a write while its database is locked. */
export const BUSY_STATUSES: ReadonlySet<number> = new Set([429, 503]);
/** How long a request answered 503/429 keeps being retried (its attempts and pauses). */
export const DEFAULT_BUSY_BUDGET_MS = 120_000;

/** Connection-phase failures allowed before the client has ever had an answer: a wrong URL
 * fails fast instead of burning the whole backoff (the SDK retries them only after connecting). */
export const RETRIES_BEFORE_FIRST_ANSWER = 2;
/** Timed-out attempts allowed per request: each costs a full timeout. */
export const TIMEOUT_RETRIES = 2;

/**
 * How a network failure happened, which decides whether it may be retried:
 * - `connect`: the request never left (refused, DNS, connect timeout): safe for any request;
 * - `exchange`: the connection broke mid-request: the server may have acted, so only an
 *   idempotent request is sent again;
 * - `timeout`: no full answer in time: like `exchange`, and capped at TIMEOUT_RETRIES;
 * - `fatal`: retrying cannot help (bad certificate, unknown host).
 */
export type FailurePhase = 'connect' | 'exchange' | 'timeout' | 'fatal';

export interface NetworkFailure {
  phase: FailurePhase;
  reason: UnreachableReason;
  code: string | undefined;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|ERR_OSSL_)/;

export function classifyNetworkError(error: unknown): NetworkFailure {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return { phase: 'connect', reason: 'refused', code };
    case 'ENOTFOUND':
      // A name that does not exist will not exist in a second either.
      return { phase: 'fatal', reason: 'dns', code };
    case 'EAI_AGAIN':
      return { phase: 'connect', reason: 'dns', code };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return { phase: 'connect', reason: code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network', code };
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return { phase: 'timeout', reason: 'timeout', code };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return { phase: 'exchange', reason: 'reset', code };
  }
  if (code !== undefined && TLS_CODES.test(code)) return { phase: 'fatal', reason: 'tls', code };
  if (code !== undefined && code.startsWith('HPE_')) return { phase: 'exchange', reason: 'reset', code };
  return { phase: 'fatal', reason: 'network', code };
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // undici wraps the socket's error; the first code found on the chain is the precise one.
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(retry-1))]. */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling * Math.min(Math.max(random(), 0), 1));
}
