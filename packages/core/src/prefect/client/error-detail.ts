// Turns a Prefect error body into the few lines a user needs: the `detail` text, or the 422
// validation errors as `field: message`, deduplicated and trimmed (a bad timezone yields KBs).

export const MAX_DETAIL_ENTRIES = 5;
export const MAX_DETAIL_CHARS = 1000;

interface ValidationIssue {
  loc?: unknown;
  msg?: unknown;
}

/** Prefect's explanation of an error answer; '' when the body says nothing useful. */
export function renderErrorDetail(bodyText: string, contentType = ''): string {
  const text = bodyText.trim();
  if (text === '') return '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (/text\/html/i.test(contentType) || /^<!doctype html|^<html/i.test(text)) return 'an HTML page';
    return clip(text.replace(/\s+/g, ' '), 300);
  }
  return clip(detailOf(body), MAX_DETAIL_CHARS);
}

function detailOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return JSON.stringify(body);
  const record = body as Record<string, unknown>;
  // 422 from Prefect's own handler; FastAPI's default handler puts the same list in `detail`.
  if (Array.isArray(record.exception_detail))
    return renderIssues(record.exception_detail as ValidationIssue[]);
  if (Array.isArray(record.detail)) return renderIssues(record.detail as ValidationIssue[]);
  if (typeof record.detail === 'string') return record.detail;
  if (typeof record.exception_message === 'string') return record.exception_message;
  if (typeof record.message === 'string') return record.message;
  const compact = JSON.stringify(body);
  return compact === '{}' ? '' : compact;
}

/** `schedules.0.schedule: Value error, Invalid cron string …`, useful errors first. */
export function renderIssues(issues: readonly ValidationIssue[]): string {
  const seen = new Set<string>();
  const entries: { union: string | undefined; line: string; rank: number; order: number }[] = [];
  issues.forEach((issue, order) => {
    const msg = typeof issue?.msg === 'string' ? issue.msg.trim() : JSON.stringify(issue);
    const { path, union } = Array.isArray(issue?.loc) ? fieldPath(issue.loc) : { path: '', union: undefined };
    const line = path ? `${path}: ${msg}` : msg;
    if (seen.has(line)) return;
    seen.add(line);
    entries.push({ union, line, rank: rank(msg), order });
  });
  // Where one member of a union gave the real reason, the other members' complaints about the
  // same value are alternatives the server tried, not mistakes the user made.
  const explained = new Set(
    entries.filter((entry) => entry.rank === 0 && entry.union !== undefined).map((entry) => entry.union),
  );
  const lines = entries
    .filter((entry) => entry.rank !== 2 || entry.union === undefined || !explained.has(entry.union))
    .sort((a, b) => a.rank - b.rank || a.order - b.order);
  const shown: string[] = [];
  let length = 0;
  for (const { line } of lines) {
    if (shown.length === MAX_DETAIL_ENTRIES) break;
    const clipped = clip(line, 400);
    if (shown.length > 0 && length + clipped.length + 1 > MAX_DETAIL_CHARS - 40) break;
    shown.push(clipped);
    length += clipped.length + 1;
  }
  const rest = lines.length - shown.length;
  if (rest > 0) shown.push(`(and ${rest} more ${rest === 1 ? 'error' : 'errors'})`);
  return shown.join('\n');
}

// A union reports one error per branch: the branch that matched the input shape fails with the
// real reason (a "Value error"), the others with "Field required" / "Extra inputs": noise.
function rank(msg: string): number {
  if (/^(Value|Assertion) error/i.test(msg)) return 0;
  if (/^(Field required|Extra inputs are not permitted)$/i.test(msg)) return 2;
  return 1;
}

// Drops the `body` root and pydantic's union-member tags (`CronSchedule`, `function-after[…]`),
// which name validator internals, not fields the user wrote. `union` is the path of the value
// the union was checking, when the error came from one of its members.
function fieldPath(loc: readonly unknown[]): { path: string; union: string | undefined } {
  const parts: string[] = [];
  let union: string | undefined;
  loc.forEach((part, index) => {
    if (index === 0 && part === 'body') return;
    if (typeof part === 'string' && /^[A-Z]|[[(]/.test(part)) {
      union ??= parts.join('.');
      return;
    }
    if (typeof part === 'string' || typeof part === 'number') parts.push(String(part));
  });
  return { path: parts.join('.'), union };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
