// The checks Prefect's schedule models add on top of their JSON schema: cron strings, IANA timezones,
// positive intervals, RRule strings, and the DTSTART a 3.8 server writes into a bare RRule.

const CRON_FIELDS: { min: number; max: number; names?: string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  {
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const CRON_MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** Returns Prefect's message for a cron string croniter would refuse, or undefined when it is valid. */
export function cronStringProblem(cron: unknown): string | undefined {
  if (typeof cron !== 'string') return undefined;
  const invalid = `Invalid cron string: "${cron}"`;
  const fields = cron.trim().split(/\s+/);
  if (fields.length === 1 && CRON_MACROS.has(fields[0]?.toLowerCase() ?? '')) return undefined;
  // croniter accepts an optional sixth (seconds) field.
  if (fields.length !== 5 && fields.length !== 6) return invalid;
  // croniter accepts R (random) and H (hashed) fields; Prefect then refuses them with its own message.
  if (fields.some((field) => ['r', 'h'].includes(field.toLowerCase()))) {
    return `Random and Hashed expressions are unsupported, received: "${cron}"`;
  }
  if (!fields.slice(0, 5).every((field, index) => cronFieldIsValid(field, CRON_FIELDS[index]!)))
    return invalid;
  if (fields.length === 6 && !cronFieldIsValid(fields[5]!, { min: 0, max: 59 })) return invalid;
  return undefined;
}

function cronFieldIsValid(field: string, spec: { min: number; max: number; names?: string[] }): boolean {
  return field.split(',').every((part) => {
    const [range, step, ...rest] = part.split('/');
    if (rest.length > 0 || range === undefined || range === '') return false;
    if (step !== undefined && !/^\d+$/.test(step)) return false;
    if (range === '*' || range === '?') return true;
    const bounds = range.split('-');
    if (bounds.length > 2) return false;
    const values = bounds.map((bound) => cronValue(bound, spec));
    if (values.some((value) => value === undefined)) return false;
    return values.length === 1 || (values[0] as number) <= (values[1] as number);
  });
}

function cronValue(token: string, spec: { min: number; max: number; names?: string[] }): number | undefined {
  const named = spec.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named >= 0) return named + (spec.min === 1 ? 1 : 0);
  if (!/^\d+$/.test(token)) return undefined;
  const value = Number(token);
  return value >= spec.min && value <= spec.max ? value : undefined;
}

/** Prefect's timezone check: a name from the IANA database, as the server's zoneinfo knows it. */
export function timezoneProblem(timezone: unknown): string | undefined {
  if (typeof timezone !== 'string' || timezone === '') return undefined;
  if (isIanaTimezone(timezone)) return undefined;
  return `Invalid timezone: "${timezone}" (specify in IANA tzdata format, for example, America/New_York)`;
}

function isIanaTimezone(name: string): boolean {
  // Intl also accepts offsets such as "+02:00", which zoneinfo does not.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Seconds of an interval given as a number, an ISO-8601 duration or `[D ]HH:MM:SS`, or undefined. */
export function intervalSeconds(interval: unknown): number | undefined {
  if (typeof interval === 'number') return interval;
  if (typeof interval !== 'string') return undefined;
  const iso =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      interval.trim(),
    );
  if (iso && interval.trim().length > 1) {
    const [, days, hours, minutes, seconds] = iso;
    return (
      Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)
    );
  }
  const clock = /^(?:(\d+)\s*d(?:ays?)?,?\s*)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/i.exec(interval.trim());
  if (clock) {
    const [, days, hours, minutes, seconds] = clock;
    return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  }
  const plain = Number(interval);
  return interval.trim() !== '' && Number.isFinite(plain) ? plain : undefined;
}

export function intervalProblem(interval: unknown): string | undefined {
  const seconds = intervalSeconds(interval);
  if (seconds === undefined) return `Invalid interval: ${JSON.stringify(interval)}`;
  return seconds > 0 ? undefined : 'The interval must be positive';
}

const MAX_RRULE_LENGTH = 6500;
const RRULE_LINE = /^(DTSTART|RRULE|EXRULE|RDATE|EXDATE)[:;]/i;

/** A light check of an RFC 5545 recurrence string: every line known, and a FREQ in each rule. */
export function rruleProblem(rrule: unknown): string | undefined {
  if (typeof rrule !== 'string') return undefined;
  const lines = rrule
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const bareRule = lines.length === 1 && !RRULE_LINE.test(lines[0] ?? '');
  // dateutil reads a line without a property name as an RRULE: that is how the server's own
  // stored form (DTSTART line, then the bare rule it was given) reads back.
  const unnamedRule = (line: string) => /^FREQ=/i.test(line);
  const rules = bareRule
    ? lines
    : lines.filter((line) => /^(RRULE|EXRULE)[:;]/i.test(line) || unnamedRule(line));
  const wellFormed =
    lines.length > 0 &&
    (bareRule || lines.every((line) => RRULE_LINE.test(line) || unnamedRule(line))) &&
    rules.every((rule) =>
      /(^|[:;])FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY|MINUTELY|SECONDLY)(;|$)/i.test(rule),
    );
  if (!wellFormed) return `Invalid RRule string "${rrule}": unsupported property`;
  if (rrule.length > MAX_RRULE_LENGTH) {
    return `Invalid RRule string "${rrule.slice(0, 40)}..."\nMax length is ${MAX_RRULE_LENGTH}, got ${rrule.length}`;
  }
  return undefined;
}

const LEGACY_ANCHOR_UTC = Date.UTC(2020, 0, 1);

/**
 * Prefect 3.6.26+ writes an explicit floating DTSTART into an RRule that has none: a recent
 * phase-equivalent anchor for MINUTELY/SECONDLY rules without COUNT, else 2020-01-01T00:00:00.
 */
export function withRruleAnchor(rrule: string, timezone: string | null, nowMs: number = Date.now()): string {
  if (/DTSTART/i.test(rrule)) return rrule;
  const freq = /FREQ=(\w+)/i.exec(rrule)?.[1]?.toUpperCase();
  const interval = Number(/INTERVAL=(\d+)/i.exec(rrule)?.[1] ?? 1);
  const hasCount = /COUNT=/i.test(rrule);
  const isRuleSet = rrule.split(/\r?\n/).filter((line) => line.trim() !== '').length > 1;
  let anchorMs = LEGACY_ANCHOR_UTC;
  if (!isRuleSet && !hasCount && (freq === 'MINUTELY' || freq === 'SECONDLY')) {
    const periodMs = (freq === 'SECONDLY' ? 1000 : 60_000) * interval;
    const localNowMs = wallClockMs(nowMs, timezone ?? 'UTC');
    const elapsed = localNowMs - LEGACY_ANCHOR_UTC;
    if (elapsed > 0) anchorMs = LEGACY_ANCHOR_UTC + Math.floor(elapsed / periodMs) * periodMs;
  }
  const stamp = new Date(anchorMs).toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `DTSTART:${stamp}\n${rrule}`;
}

/** The wall-clock time in `timezone`, expressed as if it were UTC milliseconds. */
function wallClockMs(nowMs: number, timezone: string): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(nowMs));
    const part = (type: string): number => Number(parts.find((item) => item.type === type)?.value ?? 0);
    return Date.UTC(
      part('year'),
      part('month') - 1,
      part('day'),
      part('hour'),
      part('minute'),
      part('second'),
    );
  } catch {
    return nowMs;
  }
}
