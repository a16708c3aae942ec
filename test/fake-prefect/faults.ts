// Faults a test queues for the fake Prefect server: rate limits with Retry-After, 5xx answers, 401s, slow
// answers and dropped connections, each matched by method and path and served a given number of times.

import { STATUS_CODES } from 'node:http';

/** What the server does instead of (or before) answering normally. */
export type Fault =
  /** Answer with this status; `retryAfter` sets the Retry-After header (seconds or an HTTP date). */
  | { status: number; retryAfter?: number | string; body?: unknown; headers?: Record<string, string> }
  /** Wait this long, then answer normally. */
  | { delayMs: number }
  /** Reset the connection without answering: the client sees ECONNRESET / "socket hang up". */
  | { dropConnection: true };

export interface FaultRule {
  /** HTTP method to match; any when omitted. */
  method?: string;
  /** Path relative to the API base path (`/deployments/`), exact string or pattern; any when omitted. */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  fault: Fault;
}

export interface FaultHandle {
  readonly rule: FaultRule;
  /** Matching requests that got the fault so far. */
  readonly served: number;
  /** Faults still queued for this rule. */
  readonly remaining: number;
}

interface QueuedFault {
  rule: FaultRule;
  served: number;
  remaining: number;
}

export class FaultInjector {
  private queued: QueuedFault[] = [];

  /** Queues a fault; rules are tried in the order they were added. */
  add(rule: FaultRule): FaultHandle {
    const entry: QueuedFault = { rule, served: 0, remaining: rule.times ?? 1 };
    this.queued.push(entry);
    return {
      rule,
      get served() {
        return entry.served;
      },
      get remaining() {
        return entry.remaining;
      },
    };
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queued = [];
  }

  /** Faults still to be served, over all rules. */
  get pending(): number {
    return this.queued.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  /** The fault for this request, if one is queued (consumes it). */
  take(method: string, path: string): Fault | undefined {
    const entry = this.queued.find(
      (candidate) => candidate.remaining > 0 && matches(candidate.rule, method, path),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    entry.served += 1;
    return entry.rule.fault;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}

/** Bodies as the usual sources send them: Prefect for 401/500/503, a reverse proxy's HTML page for 502. */
export function defaultFaultBody(status: number, cloud: boolean): { json?: unknown; text?: string } {
  switch (status) {
    case 401:
      return { json: cloud ? { detail: 'Unauthorized' } : { exception_message: 'Unauthorized' } };
    case 500:
      return { json: { exception_message: 'Internal Server Error' } };
    case 503:
      return { json: { exception_message: 'Service Unavailable' } };
    case 502:
    case 504:
      return {
        text: `<html>\r\n<head><title>${status} ${STATUS_CODES[status]}</title></head>\r\n<body>\r\n<center><h1>${status} ${STATUS_CODES[status]}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      };
    default:
      return { json: { detail: STATUS_CODES[status] ?? 'Error' } };
  }
}
